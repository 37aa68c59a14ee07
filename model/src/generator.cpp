#include "archsim/model/generator.h"

#include "generatordata.h"
#include "generatorrng.h"
#include "generatorschema.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace archsim::model {

namespace {

using detail::GenRng;

const char *idPrefix(ComponentKind k)
{
    switch (k) {
    case ComponentKind::LoadBalancer:
        return "lb";
    default:
        return toString(k);
    }
}

Distribution randomDistribution(GenRng &rng)
{
    Distribution d;
    d.dist = rng.pickEnum<DistKind>(5);
    d.mean_ms = rng.positive(3.6e6);
    if (d.dist == DistKind::Lognormal)
        d.cv = rng.chance(0.2) ? 1e-6 : std::max(1e-6, rng.positive(100));
    if (d.dist == DistKind::Erlang)
        d.k = int(rng.range(1, 16));
    if (d.dist == DistKind::Uniform)
        d.spread = rng.chance(0.2) ? 1.0 : rng.unit();
    return d;
}

std::vector<ScalingPolicy> randomPolicies(GenRng &rng)
{
    std::vector<ScalingPolicy> out;
    int n = int(rng.range(0, 2));
    for (int i = 0; i < n; ++i) {
        ScalingPolicy p;
        p.type = rng.pickEnum<ScalingPolicyType>(2);
        p.value = int(rng.range(1, p.type == ScalingPolicyType::Percent ? 10000 : 100000));
        p.period_s = rng.chance(0.2) ? 1800.0 : rng.positive(1800);
        out.push_back(p);
    }
    return out;
}

RateLimit randomRateLimit(GenRng &rng)
{
    RateLimit r;
    r.rate_rps = rng.positive(1e9);
    r.burst = 1 + rng.unit() * 1e6;
    r.per = rng.pickEnum<RateLimitScope>(3);
    r.keys = rng.range(1, 10'000'000);
    return r;
}

Deployment randomDeployment(GenRng &rng, const Component &c)
{
    Deployment d;
    if (rng.chance(0.5))
        d.image = "registry.example.com/" + c.id + ":1." + std::to_string(rng.below(20));
    d.port = rng.chance(0.5) ? int(rng.range(1, 65535)) : 0;
    d.cpu_millis = rng.chance(0.5) ? int(rng.range(10, 64000)) : 0;
    d.memory_mib = rng.chance(0.5) ? int(rng.range(16, 262144)) : 0;
    d.hosting = rng.pick(std::vector<std::string>{"", "cluster", "managed", "external"});
    if (rng.chance(0.5))
        d.health_path = "/healthz";
    if (rng.chance(0.4)) {
        Autoscale a;
        a.min_replicas = int(rng.range(1, 4));
        a.max_replicas = a.min_replicas + int(rng.range(0, 20));
        a.target_utilization = rng.chance(0.3) ? 1.0 : 0.05 + rng.unit() * 0.9;
        a.scale_up_delay_s = rng.positive(1e6);
        a.scale_down_delay_s = rng.positive(1e6);
        a.scale_up_policies = randomPolicies(rng);
        a.scale_down_policies = randomPolicies(rng);
        a.scale_up_select = rng.pickEnum<SelectPolicy>(3);
        a.scale_down_select = rng.pickEnum<SelectPolicy>(3);
        a.startup_s = rng.chance(0.3) ? 0.0 : rng.positive(86400);
        a.sync_period_s = 1 + rng.unit() * 3599;
        a.tolerance = rng.chance(0.2) ? 0.0 : rng.unit() * 0.99;
        d.autoscale = a;
    }
    int env = int(rng.range(0, 3));
    for (int i = 0; i < env; ++i)
        d.env["SETTING_" + std::to_string(i)] = rng.text();
    int secrets = int(rng.range(0, 2));
    for (int i = 0; i < secrets; ++i)
        d.secrets.push_back({"SECRET_" + std::to_string(i), c.id + "-secret", "key" +
                                                                     std::to_string(i)});
    return d;
}

void setStation(GenRng &rng, Component &c, const Model &m)
{
    c.replicas = int(rng.range(1, 6));
    c.workers = int(rng.range(1, 128));
    if (rng.chance(0.7))
        c.service_time = randomDistribution(rng);
    if (rng.chance(0.4))
        c.queue_limit = int(rng.range(0, 5000));
    c.threading = rng.pickEnum<Threading>(2);
    c.balancing = rng.pickEnum<Balancing>(3);
    c.fanout = rng.pickEnum<Fanout>(2);
    for (const auto &z : m.zones)
        if (rng.chance(0.5))
            c.zones.push_back(z);
    if (rng.chance(0.3)) {
        c.mtbf_s = rng.positive();
        c.mttr_s = rng.positive();
    }
    c.load_shedding = rng.chance(0.3);
}

void setCache(GenRng &rng, Component &c)
{
    c.capacity = rng.range(1, 100'000'000);
    c.value_bytes = rng.range(0, 1'000'000);
    c.ttl_s = rng.chance(0.7) ? rng.positive() : 0;
    c.eviction = rng.pickEnum<Eviction>(5);
    c.keys = rng.range(1, 10'000'000'000);
    c.zipf = rng.chance(0.2) ? 1e-9 : rng.unit() * 2;
    c.invalidation = rng.pickEnum<Invalidation>(4);
    c.ttl_refresh_on_hit = rng.chance(0.3);
    c.coalescing = rng.chance(0.5);
    if (c.kind == ComponentKind::Cdn) {
        c.public_only = rng.chance(0.7);
        return;
    }
    // Shares of dyadic fractions sum to exactly 1.
    static const std::vector<std::vector<double>> splits{{1.0}, {0.5, 0.5}, {0.25, 0.25, 0.5}};
    if (rng.chance(0.6)) {
        const auto &split = rng.pick(splits);
        for (size_t i = 0; i < split.size(); ++i)
            c.key_classes.push_back({"class-" + std::to_string(i), split[i],
                                     rng.chance(0.5) ? rng.range(1, 1'000'000) : 0,
                                     rng.chance(0.5) ? rng.positive() : 0});
    }
}

Component randomComponent(GenRng &rng, ComponentKind kind, int index, const Model &m,
                          bool all)
{
    Component c;
    c.kind = kind;
    c.id = std::string(idPrefix(kind)) + "-" + std::to_string(index);
    std::replace(c.id.begin(), c.id.end(), '_', '-');
    if (all) {
        c.name = rng.maybeText();
        c.description = rng.maybeText();
        if (rng.chance(0.8)) {
            static const std::vector<double> coords{-123456.789, -1e-9, 0, 1e-9, 0.5, 1e6};
            c.position = Position{rng.chance(0.5) ? rng.pick(coords) : rng.unit() * 5000,
                                  rng.chance(0.5) ? rng.pick(coords) : rng.unit() * 5000};
        }
    }
    if (kind == ComponentKind::Client) {
        c.rps = rng.positive();
        double at = 0;
        int points = all ? int(rng.range(0, 4)) : 0;
        for (int i = 0; i < points; ++i) {
            double step = rng.positive(2e8);
            at += at + step > at ? step : 1.0; // 1e-9 after 1e8 would not move
            c.profile.push_back({at, rng.chance(0.1) ? 0.0 : rng.positive()});
        }
        if (all && rng.chance(0.4)) {
            Slo slo;
            slo.availability = rng.chance(0.5) ? 0.999 : 1e-6 + rng.unit() * 0.999998;
            slo.latency_ms = rng.chance(0.3) ? 0.0 : rng.positive(3.6e6);
            slo.latency_target = rng.chance(0.5) ? 0.99 : 1e-6 + rng.unit() * 0.999998;
            slo.period_days = rng.chance(0.5) ? 28 : 30;
            c.slo = slo;
        }
    } else if (all) {
        setStation(rng, c, m);
    }
    if (kind == ComponentKind::Cache || kind == ComponentKind::Cdn)
        setCache(rng, c);
    if (kind == ComponentKind::Database) {
        if (!m.schemas.empty())
            c.schema = m.schemas[rng.below(m.schemas.size())].id;
        if (all) {
            c.engine = rng.pickEnum<DbEngine>(3);
            c.read_from = rng.pickEnum<ReadFrom>(3);
            c.failover_s = rng.positive();
            c.encryption_at_rest = rng.chance(0.5);
        }
    }
    if (all && kind == ComponentKind::Stream) {
        StreamSettings st;
        st.partitions = int(rng.range(1, 100000));
        st.replication_factor = int(rng.range(1, c.replicas));
        st.retention_s = rng.chance(0.2) ? 0.0 : rng.positive(1e10);
        st.retention_bytes = rng.chance(0.5) ? 0 : rng.range(1, 1'000'000'000'000'000);
        st.message_bytes = rng.range(1, 1'000'000'000);
        st.leader_failover_s = rng.chance(0.2) ? 0.0 : rng.positive(1e6);
        c.stream = st;
    }
    if (all && kind == ComponentKind::Queue && rng.chance(0.8)) {
        QueueSettings q;
        q.visibility_timeout_s = 0.001 + rng.unit() * 1e5;
        q.max_length = rng.chance(0.3) ? 0 : rng.range(1, 1'000'000'000'000);
        q.overflow = rng.pickEnum<Overflow>(3);
        q.retention_s = rng.chance(0.2) ? 0.0 : rng.positive(1e10);
        q.message_bytes = rng.range(1, 1'000'000'000);
        c.queue = q;
    }
    if (all && kind != ComponentKind::Client) {
        c.deploy = randomDeployment(rng, c);
        if (rng.chance(0.3)) {
            PriceOverride price;
            if (rng.chance(0.5))
                price.replica_hour = rng.chance(0.2) ? 0.0 : rng.positive(1e6);
            if (rng.chance(0.5))
                price.storage_gb = rng.chance(0.2) ? 0.0 : rng.positive(1e12);
            price.egress_gb_month = rng.chance(0.5) ? 0.0 : rng.positive(1e12);
            price.monthly = rng.chance(0.5) ? 0.0 : rng.positive(1e12);
            c.price = price;
        }
        if (kind == ComponentKind::Gateway && rng.chance(0.5))
            c.rate_limit = randomRateLimit(rng);
    }
    return c;
}

// Realtime gateways and pub/sub invalidation (docs/realtime.md), drawn from their own stream
// after everything else so that the models of earlier versions stay as they were: one
// service becomes a realtime gateway, caches with delete_on_write may get it by pub/sub.
void addRealtime(GenRng &rng, Model &m)
{
    std::vector<size_t> services;
    for (size_t i = 0; i < m.components.size(); ++i)
        if (m.components[i].kind == ComponentKind::Service)
            services.push_back(i);
    if (!services.empty() && rng.chance(0.8)) {
        Component &c = m.components[services[rng.below(services.size())]];
        c.kind = ComponentKind::Realtime;
        RealtimeSettings r;
        r.connections = rng.range(1, 100'000'000);
        r.channels = rng.range(1, 1'000'000'000);
        r.channel_zipf = rng.chance(0.2) ? 0.0 : rng.unit() * 10;
        r.subscriptions = int(rng.range(1, std::min<int64_t>(1000, r.channels)));
        r.message_bytes = rng.range(1, 1'000'000);
        r.queue_messages = rng.chance(0.4) ? 0 : rng.range(1, 1'000'000'000);
        r.queue_bytes = rng.chance(0.4) ? 0 : rng.range(r.message_bytes, 1'000'000'000'000);
        r.slow_consumer = rng.pickEnum<SlowConsumer>(3);
        r.history_size = rng.chance(0.3) ? 0 : rng.range(1, 1'000'000'000);
        r.history_ttl_s = rng.chance(0.3) ? 0.0 : rng.positive(1e8);
        r.reconnect_delay_s = rng.unit() * 3600;
        r.reconnect_max_delay_s = r.reconnect_delay_s + rng.unit() * (86400 - 3600);
        r.reconnect_jitter = rng.pickEnum<Jitter>(4);
        r.ordered = rng.chance(0.5);
        const int rates = int(rng.range(0, 3));
        for (int i = 0; i < rates; ++i)
            r.client_rates.push_back({rng.chance(0.5) ? "rate-" + std::to_string(i) : "",
                                      rng.chance(0.3) ? 1.0 : 0.001 + rng.unit() * 1000,
                                      1 + rng.positive(1e11)});
        c.realtime = r;
    }
    for (Component &c : m.components)
        if ((c.kind == ComponentKind::Cache || c.kind == ComponentKind::Cdn) &&
            c.invalidation == Invalidation::DeleteOnWrite && rng.chance(0.6))
            c.pubsub = PubSubInvalidation{rng.unit() * 3.6e6, rng.chance(0.4) ? 0.0 : rng.unit()};
}

ConsumeSettings randomConsume(GenRng &rng, const Model &m, size_t source)
{
    ConsumeSettings c;
    if (rng.chance(0.5))
        c.group = "group-" + std::to_string(rng.below(5));
    c.consumers = rng.chance(0.5) ? 0 : int(rng.range(1, 1000000));
    c.batch_size = int(rng.range(1, 100000));
    c.batch_wait_ms = rng.chance(0.5) ? 0.0 : rng.positive(3.6e6);
    c.commit = rng.pickEnum<CommitPolicy>(2);
    c.commit_interval_ms = 1 + rng.unit() * 3.6e6;
    c.failure_probability = rng.chance(0.3) ? 0.0 : rng.unit();
    c.max_attempts = int(rng.range(1, 1000));
    std::vector<size_t> targets; // dead letters: another stream or queue
    for (size_t i = 0; i < m.components.size(); ++i)
        if (i != source && isMessaging(m.components[i].kind))
            targets.push_back(i);
    if (!targets.empty() && rng.chance(0.6))
        c.dead_letter = m.components[rng.pick(targets)].id;
    c.ordered = rng.chance(0.5);
    c.rebalance_pause_s = rng.chance(0.2) ? 0.0 : rng.unit() * 3600;
    if (m.components[source].kind == ComponentKind::Stream && rng.chance(0.3)) {
        c.retry_backoff_ms = rng.unit() * 3.6e6;
        c.retry_backoff_multiplier = 1 + rng.unit() * 9;
        c.retry_backoff_max_ms = rng.chance(0.5) ? 0.0 : rng.unit() * 3.6e6;
    }
    return c;
}

// The kind of a link to `to`, and what it carries; clients and databases never call out.
Link randomLink(GenRng &rng, const Model &m, size_t from, size_t to, int index, bool all)
{
    const Component &a = m.components[from];
    const Component &b = m.components[to];
    Link l;
    l.id = "link-" + std::to_string(index);
    l.from = a.id;
    l.to = b.id;
    bool cacheSource = a.kind == ComponentKind::Cache || a.kind == ComponentKind::Cdn;
    if (cacheSource) {
        l.kind = LinkKind::Fill;
    } else if (isMessaging(b.kind)) {
        // A service or worker may read the stream or queue instead of writing to it.
        const bool consumer = a.kind == ComponentKind::Service || a.kind == ComponentKind::Worker;
        l.kind = consumer && rng.chance(0.5) ? LinkKind::Consume : LinkKind::Publish;
    } else if (b.kind == ComponentKind::Database) {
        l.kind = rng.chance(0.5) ? LinkKind::Read : LinkKind::Write;
    } else if (b.kind == ComponentKind::Cache || b.kind == ComponentKind::Cdn) {
        l.kind = LinkKind::Read;
        if (!b.key_classes.empty() && rng.chance(0.7))
            l.key_class = b.key_classes[rng.below(b.key_classes.size())].name;
    } else {
        l.kind = LinkKind::Call;
    }
    if (!all)
        return l;
    if (l.kind == LinkKind::Publish && rng.chance(0.6))
        l.key = MessageKey{rng.range(1, 1'000'000'000), rng.chance(0.3) ? 0.0 : rng.unit() * 10,
                           rng.chance(0.7)};
    if (l.kind == LinkKind::Consume && rng.chance(0.8))
        l.consume = randomConsume(rng, m, to);
    l.probability = rng.share();
    if (rng.chance(0.6))
        l.timeout_ms = rng.positive();
    if (b.kind == ComponentKind::Database) {
        for (const auto &s : m.schemas)
            if (s.id == b.schema && !s.tables.empty() && rng.chance(0.7))
                l.tables.push_back(s.tables[rng.below(s.tables.size())].name);
        if (l.kind == LinkKind::Write)
            for (const auto &c : m.components)
                if (c.kind == ComponentKind::Cache && rng.chance(0.3))
                    l.invalidates.push_back(c.id);
    }
    if (rng.chance(0.4)) {
        Retries r;
        r.max = int(rng.range(0, 5));
        r.backoff_ms = rng.positive(3.6e5);
        r.max_backoff_ms = rng.chance(0.5) ? r.backoff_ms * 10 : 0;
        r.jitter = rng.pickEnum<Jitter>(4);
        r.budget = rng.chance(0.5) ? rng.share() : 0;
        r.retry_after = rng.chance(0.5);
        l.retries = r;
    }
    if (rng.chance(0.4)) {
        CircuitBreaker cb;
        cb.failure_rate = rng.share(1e-4);
        cb.window = int(rng.range(1, 200));
        cb.min_calls = int(rng.range(1, cb.window));
        cb.open_ms = rng.positive(3.6e6);
        cb.half_open_calls = int(rng.range(1, 10));
        cb.slow_call_ms = rng.chance(0.5) ? rng.positive(3.6e6) : 0;
        cb.slow_call_rate = rng.share(1e-4);
        l.circuit_breaker = cb;
    }
    // fill only where it is valid: a read into a cache or CDN.
    const bool cacheRead = l.kind == LinkKind::Read &&
                           (b.kind == ComponentKind::Cache || b.kind == ComponentKind::Cdn);
    l.fallback = rng.pickEnum<Fallback>(cacheRead ? 3 : 2);
    l.tls = rng.chance(0.5);
    l.user_specific = rng.chance(0.3);
    l.purpose = rng.pickEnum<LinkPurpose>(2);
    l.deadline_propagation = rng.chance(0.3);
    if (rng.chance(0.2))
        l.rate_limit = randomRateLimit(rng);
    return l;
}

void addLinks(GenRng &rng, Model &m, const GeneratorOptions &o)
{
    // Links go from a lower to a higher position, so the call graph has no cycles; clients
    // are sources only, databases and externals sinks only.
    size_t n = m.components.size();
    auto canCall = [&](size_t i) {
        ComponentKind k = m.components[i].kind;
        return k != ComponentKind::Database && k != ComponentKind::External
               && k != ComponentKind::Stream;
    };
    auto canBeCalled = [&](size_t j) { return m.components[j].kind != ComponentKind::Client; };
    auto want = static_cast<int64_t>(o.linksPerComponent * double(n));
    int index = 0;
    for (int64_t tries = 0; index < want && tries < want * 10 && n > 1; ++tries) {
        size_t i = rng.below(n - 1);
        size_t j = i + 1 + rng.below(n - i - 1);
        if (!canCall(i) || !canBeCalled(j))
            continue;
        m.links.push_back(randomLink(rng, m, i, j, index++, o.exerciseEverything));
    }
}

Scenario randomScenario(GenRng &rng, const Model &m, int index, bool all)
{
    Scenario s;
    s.id = "scenario-" + std::to_string(index);
    s.name = rng.text();
    if (all) {
        s.description = rng.maybeText();
        s.duration_s = rng.chance(0.5) ? 600 : 1 + rng.positive(1e7 - 1);
        s.warmup_s = rng.chance(0.5) ? s.duration_s * rng.unit() * 0.5 : 0;
        s.seed = rng.next();
    }
    std::vector<size_t> stations, caches, clients, messaging;
    for (size_t i = 0; i < m.components.size(); ++i) {
        ComponentKind k = m.components[i].kind;
        (k == ComponentKind::Client ? clients : stations).push_back(i);
        if (k == ComponentKind::Cache || k == ComponentKind::Cdn)
            caches.push_back(i);
        if (isMessaging(k))
            messaging.push_back(i);
    }
    int events = int(rng.range(all ? 1 : 0, all ? 8 : 2));
    for (int e = 0; e < events; ++e) {
        ScenarioEvent ev;
        ev.action = rng.pickEnum<EventAction>(7);
        ev.at_s = rng.chance(0.1) ? 0 : s.duration_s * rng.unit();
        const std::vector<size_t> *pool = ev.action == EventAction::Flush    ? &caches
                                          : ev.action == EventAction::Load   ? &clients
                                          : ev.action == EventAction::Poison ? &messaging
                                                                             : &stations;
        if (ev.action == EventAction::Partition) {
            if (m.links.empty())
                continue;
            ev.target = m.links[rng.below(m.links.size())].id;
        } else if (ev.action == EventAction::ZoneOutage) {
            if (m.zones.empty())
                continue;
            ev.target = rng.pick(m.zones);
        } else {
            if (pool->empty())
                continue;
            const Component &c = m.components[rng.pick(*pool)];
            ev.target = c.id;
            if (ev.action == EventAction::Crash && all && rng.chance(0.3))
                ev.replica = int(rng.below(uint64_t(c.replicas)));
        }
        if (all) {
            if (ev.action == EventAction::Crash)
                ev.mode = rng.pickEnum<CrashMode>(2);
            ev.for_s = rng.chance(0.5) ? rng.positive() : 0;
            if (ev.action == EventAction::Slow || ev.action == EventAction::Load)
                ev.factor = rng.positive();
            ev.note = rng.maybeText();
        }
        s.events.push_back(ev);
    }
    std::stable_sort(s.events.begin(), s.events.end(),
                     [](const auto &a, const auto &b) { return a.at_s < b.at_s; });
    // A variant: a description on a component, TLS on a link (valid for any target).
    if (all && rng.chance(0.5)) {
        ScenarioOverride o;
        nlohmann::json set = nlohmann::json::object();
        if (!m.links.empty() && rng.chance(0.5)) {
            o.target = m.links[rng.below(m.links.size())].id;
            set["tls"] = rng.chance(0.5);
        } else if (!m.components.empty()) {
            o.target = m.components[rng.below(m.components.size())].id;
            set["description"] = rng.text();
        }
        if (!o.target.empty()) {
            o.set.text = set.dump();
            s.overrides.push_back(std::move(o));
        }
    }
    return s;
}

} // namespace

Model generateModel(uint64_t seed, const GeneratorOptions &o)
{
    GenRng rng(seed);
    bool all = o.exerciseEverything;
    Model m;
    m.name = all ? rng.text() : "generated-" + std::to_string(seed);
    if (all)
        m.description = rng.maybeText();
    for (int z = 0; z < o.zones; ++z)
        m.zones.push_back("zone-" + std::string(1, char('a' + z % 26)) +
                          (z >= 26 ? std::to_string(z / 26) : ""));
    m.schemas = detail::generateSchemas(rng, o);
    constexpr int kKinds = int(ComponentKind::Stream) + 1;
    // Jobs take the last places (addJobs): they need the databases the first places hold.
    GenRng jobRng(seed ^ 0x6a6f6273ULL); // "jobs": its own stream
    const int jobs = all && o.components > kKinds ? int(jobRng.range(0, 2)) : 0;
    for (int i = 0; i < o.components - jobs; ++i) {
        // Every kind once, then at random; clients stay at the front so links can start there.
        auto kind = i < kKinds ? static_cast<ComponentKind>(i)
                               : rng.pickEnum<ComponentKind>(kKinds);
        m.components.push_back(randomComponent(rng, kind, i, m, all));
    }
    addLinks(rng, m, o);
    for (int s = 0; s < o.scenarios; ++s)
        m.scenarios.push_back(randomScenario(rng, m, s, all));
    if (all && rng.chance(0.7)) {
        static const std::vector<std::string> rules{"link-without-timeout", "link-without-tls",
                                                    "fk-without-index", "cache-without-ttl"};
        int n = int(rng.range(1, 3));
        for (int i = 0; i < n && !m.components.empty(); ++i)
            m.suppress.push_back({rng.pick(rules),
                                  m.components[rng.below(m.components.size())].id,
                                  rng.text()});
    }
    GenRng dataRng(seed ^ 0x64617461ULL); // "data": its own stream, earlier draws unchanged
    detail::addDataProtection(dataRng, m, all);
    detail::addJobs(jobRng, m, jobs);
    if (all) {
        GenRng realtimeRng(seed ^ 0x7265616c74696d65ULL); // "realtime"
        addRealtime(realtimeRng, m);
    }
    return m;
}

} // namespace archsim::model
