#include "engine/network.h"

#include "autoscale.h"

#include "archsim/simulator/random.h"

#include "archsim/model/dataprotection.h"
#include "archsim/model/viewrefresh.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace archsim::simulator::engine {

namespace {

std::string ptr(const char *array, size_t i, const char *field = nullptr)
{
    std::string p = "/" + std::string(array) + "/" + std::to_string(i);
    if (field)
        p += "/" + std::string(field);
    return p;
}

bool finiteNonNegative(double v) { return std::isfinite(v) && v >= 0; }

// A cache station: its store settings (checked by CacheStore::create) and key classes.
// Compiles a database's replication and recovery settings (docs/data-lifecycle.md).
void compileData(const model::Model &m, const model::Component &c, size_t i, NodeDef &n,
                 Network &net, model::Diagnostics &diags)
{
    DataDef d;
    d.node = static_cast<uint32_t>(i);
    const model::Replication rep = c.replication.value_or(model::Replication{});
    d.mode = rep.mode;
    const std::string err = d.lag.compile(rep.lag);
    if (!err.empty())
        diags.push_back(model::makeError("/components/" + std::to_string(i) +
                                             "/replication/lag", err));
    d.applyGap = rep.apply_rate_wps > 0 ? 1.0 / rep.apply_rate_wps : 0;
    d.roundTrip = rep.round_trip_ms / 1000.0;
    const model::DisasterRecovery dr = m.disaster_recovery.value_or(model::DisasterRecovery{});
    if (c.backup && (c.backup->full_interval_s > 0 || c.backup->archiving)) {
        d.fullInterval = c.backup->full_interval_s;
        d.archiving = c.backup->archiving;
        d.archiveDelay = c.backup->archive_delay_s;
        d.restoreS = dr.detect_s + model::dataBytes(m, c) / c.backup->restore_bytes_per_s;
    }
    model::Model one; // the estimate of this database alone (write rates are not needed)
    one.components.push_back(c);
    one.schemas = m.schemas;
    one.zones = m.zones;
    one.regions = m.regions;
    one.disaster_recovery = m.disaster_recovery;
    const auto est = model::estimateDataProtection(one, model::AnalyticEstimate{});
    if (!est.empty()) {
        d.crashRpoEst = est.front().replica.rpo_mean_s;
        d.crashRtoEst = est.front().replica.rto_s;
        d.lossRpoEst = est.front().data.rpo_mean_s;
        d.lossRtoEst = est.front().data.rto_s;
        const model::LossEstimate &region = est.front().region;
        d.regionRestore = region.recoverable && region.via == "restore";
        d.regionRpoEst = region.rpo_mean_s;
        d.regionRtoEst = region.rto_s;
    }
    n.data = static_cast<int32_t>(net.databases.size());
    net.databases.push_back(std::move(d));
}

void compileCache(const model::Component &c, size_t i, NodeDef &n, Network &net,
                  model::Diagnostics &diags)
{
    CacheDef def;
    def.node = static_cast<uint32_t>(i);
    def.config = cacheConfigFor(c, stableHash(c.id));
    def.zipf = c.zipf;
    def.coalescing = c.coalescing;
    if (c.pubsub) {
        def.pubsubDelayS = c.pubsub->delay_ms / 1000.0;
        def.pubsubLoss = c.pubsub->loss;
        if (!(std::isfinite(c.pubsub->delay_ms) && c.pubsub->delay_ms >= 0 &&
              c.pubsub->loss >= 0 && c.pubsub->loss <= 1))
            diags.push_back(model::makeError(ptr("components", i, "pubsub"),
                                             "pubsub needs delay_ms >= 0 and loss in [0, 1]"));
    }
    if (!(std::isfinite(c.zipf) && c.zipf >= 0))
        diags.push_back(model::makeError(ptr("components", i, "zipf"),
                                         "zipf must be a finite exponent >= 0"));
    for (const auto &kc : c.key_classes) {
        def.classNames.push_back(kc.name);
        def.shares.push_back(kc.share);
        def.keys.push_back(kc.keys > 0 ? kc.keys : c.keys);
    }
    if (def.shares.empty()) {
        def.shares.push_back(1.0);
        def.keys.push_back(c.keys);
    }
    double total = 0;
    for (size_t k = 0; k < def.shares.size(); ++k) {
        const std::string place = c.key_classes.empty()
            ? ptr("components", i, "keys")
            : ptr("components", i, "key_classes") + "/" + std::to_string(k);
        if (def.keys[k] < 1)
            diags.push_back(model::makeError(place, "a cache needs keys >= 1 to simulate reads"));
        if (!finiteNonNegative(def.shares[k]))
            diags.push_back(model::makeError(place, "a key class share must be >= 0"));
        else
            total += def.shares[k];
    }
    if (!(total > 0))
        diags.push_back(model::makeError(ptr("components", i, "key_classes"),
                                         "the key classes' shares sum to zero"));
    if (def.config.capacity <= 0) {
        // No capacity: room for every key (the store still needs its pool size).
        int64_t all = 0;
        for (int64_t k : def.keys)
            all += std::max<int64_t>(0, k);
        def.config.capacity = std::clamp<int64_t>(all, 1, int64_t(1) << 31);
    }
    if (auto store = CacheStore::create(def.config); !store.ok()) {
        for (const auto &d : store.diagnostics())
            diags.push_back(model::makeError(ptr("components", i, d.place.c_str()),
                                             d.message));
    }
    n.cache = static_cast<int32_t>(net.caches.size());
    net.caches.push_back(std::move(def));
}

// A job's schedule and batch settings (validate() has checked them; the simulator checks
// again what would make it loop or divide by zero).
void compileJob(const model::Component &c, size_t i, NodeDef &n, Network &net,
                model::Diagnostics &diags)
{
    const model::JobSettings js = c.job.value_or(model::JobSettings{});
    JobDef def;
    def.node = static_cast<uint32_t>(i);
    def.interval = js.interval_s;
    def.offset = js.offset_s;
    def.continuous = js.continuous;
    def.rows = js.rows;
    def.incremental = js.incremental;
    def.rowRate = js.row_rate;
    def.batchSize = js.batch_size;
    def.parallel = std::max(1, c.replicas * c.workers);
    if (!js.cron.empty()) {
        const std::string err = model::parseCron(js.cron, def.cron);
        if (!err.empty())
            diags.push_back(model::makeError(ptr("components", i, "job") + "/cron",
                                             "cron '" + js.cron + "': " + err));
        def.hasCron = true;
    }
    const int schedules = (js.interval_s > 0) + def.hasCron + js.continuous;
    if (schedules != 1)
        diags.push_back(model::makeError(ptr("components", i, "job"),
                                         "a job needs exactly one of interval_s, cron and "
                                         "continuous"));
    if (!finiteNonNegative(js.interval_s) || !finiteNonNegative(js.offset_s) ||
        !finiteNonNegative(js.row_rate) || js.batch_size < 1 || js.rows < 0 ||
        !finiteNonNegative(js.read_ms_per_row) || !finiteNonNegative(js.write_ms_per_row))
        diags.push_back(model::makeError(ptr("components", i, "job"),
                                         "a job needs batch_size >= 1 and finite rows, "
                                         "interval_s, offset_s, row_rate and costs >= 0"));
    n.fanout = model::Fanout::Sequential; // read, then write
    n.job = static_cast<int32_t>(net.jobs.size());
    net.jobs.push_back(std::move(def));
}

} // namespace

model::Result<Network> compileNetwork(const model::Model &m)
{
    Network net;
    net.name = m.name;
    model::Diagnostics diags;
    std::unordered_map<std::string, uint32_t> byId;
    bool anyClient = false;

    for (size_t i = 0; i < m.components.size(); ++i) {
        const auto &c = m.components[i];
        NodeDef n;
        n.id = c.id;
        n.idHash = stableHash(c.id);
        n.isClient = c.kind == model::ComponentKind::Client;
        if (!byId.emplace(c.id, static_cast<uint32_t>(i)).second)
            diags.push_back(model::makeError(ptr("components", i, "id"),
                                             "duplicate component id '" + c.id + "'"));
        if (n.isClient) {
            anyClient = true;
            if (!finiteNonNegative(c.rps))
                diags.push_back(model::makeError(ptr("components", i, "rps"),
                                                 "rps must be a finite number >= 0"));
            n.rps = c.rps;
            n.profile = c.profile;
            if (c.slo) {
                n.sloAvailability = c.slo->availability;
                n.sloLatencyS = c.slo->latency_ms / 1000.0;
                n.sloLatencyTarget = c.slo->latency_target;
            }
            for (size_t k = 0; k < c.profile.size(); ++k) {
                if (!finiteNonNegative(c.profile[k].at_s) || !finiteNonNegative(c.profile[k].rps))
                    diags.push_back(model::makeError(
                        ptr("components", i, "profile") + "/" + std::to_string(k),
                        "a profile point needs at_s >= 0 and rps >= 0"));
            }
            std::stable_sort(n.profile.begin(), n.profile.end(),
                             [](const auto &a, const auto &b) { return a.at_s < b.at_s; });
            n.fanout = c.fanout;
        } else {
            if (c.replicas < 1)
                diags.push_back(model::makeError(ptr("components", i, "replicas"),
                                                 "replicas must be at least 1"));
            if (c.workers < 1)
                diags.push_back(model::makeError(ptr("components", i, "workers"),
                                                 "workers must be at least 1"));
            if (c.queue_limit && *c.queue_limit < 0)
                diags.push_back(model::makeError(ptr("components", i, "queue_limit"),
                                                 "queue_limit must be >= 0"));
            if (static_cast<int64_t>(c.replicas) * c.workers > 10'000'000 || c.replicas > 65535)
                diags.push_back(model::makeError(ptr("components", i, "replicas"),
                                                 "at most 65,535 replicas and 10,000,000 servers "
                                                 "(replicas x workers) can be simulated"));
            n.replicas = std::max(1, c.replicas);
            n.workers = std::max(1, c.workers);
            if (simulatesAutoscale(c)) {
                const model::Autoscale &a = *c.deploy.autoscale;
                n.autoscaled = true;
                n.autoscale = a;
                n.initialReplicas = std::clamp(n.replicas, a.min_replicas,
                                               std::max(a.min_replicas, a.max_replicas));
                n.replicas = std::max(n.initialReplicas, a.max_replicas);
                if (static_cast<int64_t>(n.replicas) * n.workers > 10'000'000)
                    diags.push_back(model::makeError(
                        ptr("components", i, "deploy") + "/autoscale/max_replicas",
                        "at most 10,000,000 servers (max_replicas x workers) can be simulated"));
            }
            const std::string err = n.service.compile(model::effectiveServiceTime(c));
            if (!err.empty())
                diags.push_back(model::makeError(ptr("components", i, "service_time"), err));
            n.balancing = c.balancing;
            n.threading = c.threading;
            n.fanout = c.fanout;
            n.queueLimit = c.queue_limit ? *c.queue_limit : -1;
            n.isDatabase = c.kind == model::ComponentKind::Database && c.replicas > 1;
            n.readFrom = c.read_from;
            n.failoverS = c.failover_s;
            n.mtbfS = c.mtbf_s;
            n.mttrS = c.mttr_s;
            n.loadShedding = c.load_shedding;
            if (c.rate_limit && c.kind == model::ComponentKind::Gateway) {
                n.hasRateLimit = true;
                n.rateLimit = *c.rate_limit;
            }
            n.zones = c.zones;
            if (!finiteNonNegative(c.failover_s))
                diags.push_back(model::makeError(ptr("components", i, "failover_s"),
                                                 "failover_s must be a finite number >= 0"));
            if (!finiteNonNegative(c.mtbf_s) || !finiteNonNegative(c.mttr_s))
                diags.push_back(model::makeError(ptr("components", i, "mtbf_s"),
                                                 "mtbf_s and mttr_s must be finite numbers >= 0"));
            else if (c.mtbf_s > 0 && c.mttr_s <= 0)
                diags.push_back(model::makeError(ptr("components", i, "mttr_s"),
                                                 "random failures (mtbf_s > 0) need mttr_s > 0"));
            if (c.kind == model::ComponentKind::Cache || c.kind == model::ComponentKind::Cdn)
                compileCache(c, i, n, net, diags);
            if (c.kind == model::ComponentKind::Database)
                compileData(m, c, i, n, net, diags);
            if (c.kind == model::ComponentKind::Job)
                compileJob(c, i, n, net, diags);
        }
        net.nodes.push_back(std::move(n));
    }
    if (!anyClient)
        diags.push_back(model::makeError("/components",
                                         "nothing to simulate: the model has no client"));

    // Materialized views' refreshes, per database holding the schema (docs/data-lifecycle.md).
    for (const model::ViewRefreshEstimate &e : model::estimateViewRefreshes(m)) {
        const auto db = byId.find(e.database);
        if (db == byId.end())
            continue;
        RefreshDef r;
        r.id = e.id;
        r.node = static_cast<uint32_t>(db->second);
        r.serviceS = e.refresh_s;
        r.concurrent = e.concurrent;
        for (const auto &s : m.schemas)
            for (const auto &v : s.views)
                if (e.view == s.id + "." + v.name && v.refresh) {
                    r.view = v.name;
                    r.interval = v.refresh->every_s;
                    r.hasCron = !v.refresh->cron.empty();
                    if (r.hasCron && !model::parseCron(v.refresh->cron, r.cron).empty())
                        r.hasCron = false; // validation reports the line
                }
        if (r.hasCron || r.interval > 0)
            net.refreshes.push_back(std::move(r));
    }

    // Streams and queues that consumers read (the stream kernel's, docs/streams.md).
    std::vector<char> consumed(net.nodes.size(), 0);
    for (const auto &l : m.links)
        if (const auto to = byId.find(l.to); l.kind == model::LinkKind::Consume && to != byId.end())
            consumed[to->second] = 1;
    // Calls grouped by caller, in link order (the order in which a visit makes them).
    std::vector<std::vector<CallDef>> callsOf(net.nodes.size());
    for (size_t i = 0; i < m.links.size(); ++i) {
        const auto &l = m.links[i];
        net.linkIds.push_back(l.id.empty() ? l.from + "->" + l.to : l.id);
        const auto from = byId.find(l.from);
        const auto to = byId.find(l.to);
        if (from == byId.end())
            diags.push_back(model::makeError(ptr("links", i, "from"),
                                             "unknown component '" + l.from + "'"));
        if (to == byId.end())
            diags.push_back(model::makeError(ptr("links", i, "to"),
                                             "unknown component '" + l.to + "'"));
        if (!(l.probability >= 0 && l.probability <= 1))
            diags.push_back(model::makeError(ptr("links", i, "probability"),
                                             "probability must be in [0, 1]"));
        if (from == byId.end() || to == byId.end())
            continue;
        if (net.nodes[to->second].isClient) {
            diags.push_back(model::makeError(ptr("links", i, "to"),
                                             "a link cannot lead into client '" + l.to + "'"));
            continue;
        }
        if (l.kind == model::LinkKind::Consume)
            continue; // read by the stream kernel (stream/streamkernel.cpp), not a call
        CallDef call;
        call.link = static_cast<uint32_t>(i);
        call.target = to->second;
        call.from = from->second;
        call.probability = l.probability;
        call.fallback = l.fallback;
        call.detached = l.kind == model::LinkKind::Publish;
        if (call.detached && consumed[to->second]) {
            const model::Component &q = m.components[to->second];
            const model::QueueSettings qs = q.queue.value_or(model::QueueSettings{});
            call.backpressure = q.kind == model::ComponentKind::Queue && qs.max_length > 0 &&
                                qs.overflow != model::Overflow::DropOldest;
            call.detached = !call.backpressure;
        }
        call.fromClient = net.nodes[from->second].isClient;
        call.write = !(l.kind == model::LinkKind::Read || l.kind == model::LinkKind::Fill);
        call.propagateDeadline = l.deadline_propagation;
        if (l.timeout_ms) {
            if (!(std::isfinite(*l.timeout_ms) && *l.timeout_ms > 0))
                diags.push_back(model::makeError(ptr("links", i, "timeout_ms"),
                                                 "timeout_ms must be a finite number > 0"));
            else
                call.timeout = *l.timeout_ms / 1000.0;
        }
        if (l.retries) {
            const auto &r = *l.retries;
            if (r.max < 0 || r.max > 100 || !finiteNonNegative(r.backoff_ms) ||
                !finiteNonNegative(r.max_backoff_ms) || !(r.budget >= 0 && r.budget <= 1))
                diags.push_back(model::makeError(
                    ptr("links", i, "retries"),
                    "retries need max in [0, 100], backoff_ms and max_backoff_ms >= 0 and "
                    "budget in [0, 1]"));
            call.retries = r;
        }
        if (l.circuit_breaker) {
            const auto &b = *l.circuit_breaker;
            if (!(b.failure_rate > 0 && b.failure_rate <= 1) || b.window < 1 ||
                b.min_calls < 1 || !finiteNonNegative(b.open_ms) || b.half_open_calls < 1 ||
                !finiteNonNegative(b.slow_call_ms) ||
                !(b.slow_call_rate > 0 && b.slow_call_rate <= 1))
                diags.push_back(model::makeError(
                    ptr("links", i, "circuit_breaker"),
                    "a circuit breaker needs failure_rate and slow_call_rate in (0, 1], window, "
                    "min_calls and half_open_calls >= 1, open_ms and slow_call_ms >= 0"));
            call.hasBreaker = true;
            call.breaker = b;
        }
        if (l.rate_limit) {
            call.hasRateLimit = true;
            call.rateLimit = *l.rate_limit;
        }
        call.resilient = call.timeout > 0 || call.retries.max > 0 || call.hasBreaker ||
                         call.hasRateLimit;
        call.fill = l.kind == model::LinkKind::Fill && net.nodes[from->second].cache >= 0;
        if (!l.key_class.empty() && net.nodes[to->second].cache >= 0) {
            const auto &kcs = m.components[to->second].key_classes;
            const auto kc = std::find_if(kcs.begin(), kcs.end(),
                                         [&](const auto &k) { return k.name == l.key_class; });
            if (kc == kcs.end())
                diags.push_back(model::makeError(ptr("links", i, "key_class"),
                                                 "cache '" + l.to + "' has no key class '" +
                                                     l.key_class + "'"));
            else
                call.keyClass = static_cast<int>(kc - kcs.begin());
        }
        call.firstInvalidation = static_cast<uint32_t>(net.invalidations.size());
        for (const auto &target : l.invalidates) {
            const auto t = byId.find(target);
            if (t == byId.end() || net.nodes[t->second].cache < 0)
                diags.push_back(model::makeError(ptr("links", i, "invalidates"),
                                                 "'" + target + "' is not a cache"));
            else
                net.invalidations.push_back(static_cast<uint32_t>(net.nodes[t->second].cache));
        }
        call.invalidationCount =
            static_cast<uint32_t>(net.invalidations.size()) - call.firstInvalidation;
        call.firstViewRead = static_cast<uint32_t>(net.viewReads.size());
        if (!call.write && !net.refreshes.empty()) {
            const auto &target = m.components[to->second];
            for (uint32_t r = 0; r < net.refreshes.size(); ++r) {
                const RefreshDef &rd = net.refreshes[r];
                if (rd.node == to->second && target.kind == model::ComponentKind::Database &&
                    std::find(l.tables.begin(), l.tables.end(), rd.view) != l.tables.end())
                    net.viewReads.push_back(r);
            }
        }
        call.viewReadCount = static_cast<uint32_t>(net.viewReads.size()) - call.firstViewRead;
        if (l.read_from && l.kind == model::LinkKind::Read)
            call.readFrom = static_cast<int8_t>(*l.read_from);
        const model::Component &caller = m.components[from->second];
        if (caller.kind == model::ComponentKind::Job) {
            const model::JobSettings js = caller.job.value_or(model::JobSettings{});
            call.rowCost = (call.write ? js.write_ms_per_row : js.read_ms_per_row) / 1000.0;
            call.calleeMean = net.nodes[to->second].service.mean();
        }
        callsOf[from->second].push_back(call);
    }
    // A job's batch reads its source before it writes its sink, whatever the link order.
    for (size_t n = 0; n < net.nodes.size(); ++n)
        if (net.nodes[n].job >= 0)
            std::stable_partition(callsOf[n].begin(), callsOf[n].end(),
                                  [](const CallDef &c) { return !c.write; });
    for (JobDef &j : net.jobs) {
        if (!j.incremental)
            continue;
        for (const CallDef &c : callsOf[j.node])
            if (!c.write && net.nodes[c.target].data >= 0)
                j.sourceData = net.nodes[c.target].data;
        if (j.sourceData < 0)
            diags.push_back(model::makeError(ptr("components", j.node, "job") + "/incremental",
                                             "an incremental job needs a database source"));
    }
    for (size_t n = 0; n < net.nodes.size(); ++n) {
        net.nodes[n].firstCall = static_cast<uint32_t>(net.calls.size());
        net.nodes[n].callCount = static_cast<uint32_t>(callsOf[n].size());
        net.calls.insert(net.calls.end(), callsOf[n].begin(), callsOf[n].end());
        const auto &only = callsOf[n];
        if (net.nodes[n].isClient && only.size() == 1 && only[0].probability >= 1.0
            && !only[0].detached && !only[0].resilient
            && only[0].fallback != model::Fallback::Fill) // falling through needs a caller
            net.nodes[n].directCall = net.nodes[n].firstCall;
    }
    if (model::hasErrors(diags))
        return diags;
    return net;
}

} // namespace archsim::simulator::engine
