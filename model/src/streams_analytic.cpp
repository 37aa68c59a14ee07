// The analytic estimate of streams and queues (docs/streams.md, "Estimate").

#include "archsim/model/streamanalytic.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

namespace archsim::model {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The longest outage of all of `consumer`'s instances that a scenario declares (a crash of
// every replica, or a zone outage of all its zones, for its for_s; 0 = until the end).
double worstOutage(const Model &m, const Component &consumer)
{
    double worst = 0;
    for (const Scenario &sc : m.scenarios)
        for (const ScenarioEvent &e : sc.events) {
            if (e.action != EventAction::Crash || e.target != consumer.id || e.replica >= 0)
                continue;
            const double lasts = e.for_s > 0 ? e.for_s : std::max(0.0, sc.duration_s - e.at_s);
            worst = std::max(worst, lasts);
        }
    return worst;
}

} // namespace

FiniteQueueEstimate estimateFiniteQueue(double lambda, double mu, int servers, int64_t capacity)
{
    FiniteQueueEstimate out;
    if (!(lambda > 0) || !(mu > 0) || capacity < 1)
        return out;
    const int64_t c = std::max<int64_t>(1, std::min<int64_t>(servers, capacity));
    const double a = lambda / mu;
    const double rho = a / double(c);
    // p_n is proportional to t_n, t_0 = 1, t_n = t_(n-1) a / min(n, c). The sums are kept
    // rescaled (no overflow for large K and rho > 1); for rho < 1 the tail beyond c decays like
    // rho^n and is cut once it cannot change the sums (relative 1e-16).
    double t = 1, sum = 1, weighted = 0;
    int64_t n = 0;
    while (n < capacity) {
        ++n;
        t *= a / double(std::min(n, c));
        sum += t;
        weighted += double(n) * t;
        if (t > 1e250) {
            t *= 1e-250;
            sum *= 1e-250;
            weighted *= 1e-250;
        }
        if (n > c && rho < 1 && t / (1 - rho) < 1e-16 * sum) {
            out.full = 0; // p_K below the cut: negligible
            out.held = weighted / sum;
            return out;
        }
    }
    out.full = t / sum;
    out.held = weighted / sum;
    return out;
}

double retryWaitMs(const ConsumeSettings &s, int n)
{
    if (s.retry_backoff_ms <= 0 || n < 1)
        return 0;
    double w = s.retry_backoff_ms * std::pow(std::max(1.0, s.retry_backoff_multiplier), n - 1);
    if (s.retry_backoff_max_ms > 0)
        w = std::min(w, s.retry_backoff_max_ms);
    return std::isfinite(w) ? w : kInf;
}

double meanRetryWaitMs(const ConsumeSettings &s, double p)
{
    p = std::clamp(p, 0.0, 1.0);
    if (s.retry_backoff_ms <= 0 || p <= 0)
        return 0;
    const bool bounded = !s.dead_letter.empty();
    if (!bounded && (p >= 1.0 || (s.retry_backoff_max_ms <= 0 &&
                                  s.retry_backoff_multiplier > 1 &&
                                  s.retry_backoff_multiplier * p >= 1.0)))
        return kInf; // retried forever, or uncapped growth outruns the shrinking chance
    const int last = bounded ? s.max_attempts - 1 : std::numeric_limits<int>::max(); // waits
    double total = 0;
    double pn = 1; // p^n
    double w = retryWaitMs(s, 1);
    for (int n = 1; n <= last; ++n) {
        pn *= p;
        const double next = retryWaitMs(s, n + 1);
        if (!std::isfinite(w))
            return kInf;
        if (next == w) { // fixed or capped from here: w x (p^n + ... + p^last)
            const double tail = p >= 1.0 ? double(last - n + 1)
                                : bounded ? (pn - std::pow(p, double(last) + 1)) / (1.0 - p)
                                          : pn / (1.0 - p);
            return total + w * tail;
        }
        total += pn * w;
        if (pn * w < 1e-12 * total)
            break;
        w = next;
    }
    return total;
}

std::vector<char> consumersWithCalls(const Model &m)
{
    std::unordered_map<std::string, size_t> pos;
    for (size_t i = 0; i < m.components.size(); ++i)
        pos.emplace(m.components[i].id, i);
    std::vector<char> consumes(m.components.size(), 0), calls(m.components.size(), 0);
    for (const Link &l : m.links) {
        const auto from = pos.find(l.from);
        if (from == pos.end() || !pos.count(l.to))
            continue;
        if (l.kind == LinkKind::Consume)
            consumes[from->second] = 1;
        else if (l.kind != LinkKind::Publish)
            calls[from->second] = 1;
    }
    std::vector<char> out(m.components.size(), 0);
    for (size_t i = 0; i < m.components.size(); ++i) {
        const ComponentKind k = m.components[i].kind;
        out[i] = consumes[i] && calls[i] &&
                 (k == ComponentKind::Service || k == ComponentKind::Worker);
    }
    return out;
}

namespace {

// publishRates() with consumersWithCalls(m) already at hand.
std::map<std::string, double> publishRatesWith(const Model &m, const AnalyticEstimate &base,
                                               const std::vector<char> &withCalls)
{
    std::unordered_map<std::string, const Component *> byId;
    for (const Component &c : m.components)
        byId.emplace(c.id, &c);
    std::unordered_map<std::string, std::vector<std::string>> consumed; // consumer -> sources
    for (const Link &l : m.links)
        if (l.kind == LinkKind::Consume)
            consumed[l.from].push_back(l.to);
    // Messages per second into each source: a publisher's visits times the link's
    // probability; a consumer publishes per message it processes (the rate of what it
    // consumes), so rates flow down chains of streams (a few rounds settle any chain).
    std::map<std::string, double> published;
    for (size_t round = 0; round < 8; ++round) {
        std::map<std::string, double> next;
        for (const Link &l : m.links) {
            if (l.kind != LinkKind::Publish)
                continue;
            const auto from = byId.find(l.from);
            if (from == byId.end())
                continue;
            double visits = 0;
            if (from->second->kind == ComponentKind::Client) {
                const auto it = base.clients.find(l.from);
                visits = it != base.clients.end() ? it->second.rate_rps : from->second->rps;
            } else if (const auto it = base.components.find(l.from);
                       it != base.components.end()) {
                visits = it->second.arrival_rps;
            }
            // A consumer with calls has its messages among its visits already (the estimate
            // counts them as arrivals); another publishes per message on top of its visits.
            if (const auto c = consumed.find(l.from);
                c != consumed.end() && !withCalls[size_t(from->second - m.components.data())])
                for (const std::string &src : c->second)
                    visits += published[src];
            next[l.to] += visits * l.probability;
        }
        if (next == published)
            break;
        published = std::move(next);
    }
    return published;
}

} // namespace

std::map<std::string, double> publishRates(const Model &m, const AnalyticEstimate &base)
{
    return publishRatesWith(m, base, consumersWithCalls(m));
}

std::vector<StreamEstimate> estimateStreams(const Model &m, const AnalyticEstimate &base)
{
    std::unordered_map<std::string, const Component *> byId;
    for (const Component &c : m.components)
        byId.emplace(c.id, &c);
    std::unordered_map<std::string, int> groups;
    for (const Link &l : m.links)
        if (l.kind == LinkKind::Consume)
            ++groups[l.to];
    const std::vector<char> withCalls = consumersWithCalls(m);
    std::map<std::string, double> published = publishRatesWith(m, base, withCalls);
    std::vector<StreamEstimate> out;
    for (const Link &l : m.links) {
        if (l.kind != LinkKind::Consume)
            continue;
        const auto from = byId.find(l.from);
        const auto to = byId.find(l.to);
        if (from == byId.end() || to == byId.end() || !isMessaging(to->second->kind))
            continue;
        const Component &consumer = *from->second;
        const Component &source = *to->second;
        const ConsumeSettings s = l.consume.value_or(ConsumeSettings{});
        StreamEstimate e;
        e.link = l.id;
        e.group = s.group.empty() ? consumer.id : s.group;
        e.consumer = consumer.id;
        e.source = source.id;
        e.stream = source.kind == ComponentKind::Stream;
        e.publish_rps = published[source.id];
        int64_t bytes = 1024;
        int replication = 1;
        if (e.stream) {
            const StreamSettings st = source.stream.value_or(StreamSettings{});
            e.partitions = std::max(1, st.partitions);
            bytes = st.message_bytes;
            replication = st.replication_factor;
            e.retention_s = st.retention_s;
        } else {
            const QueueSettings q = source.queue.value_or(QueueSettings{});
            bytes = q.message_bytes;
            e.retention_s = q.retention_s;
        }
        e.consumers = s.consumers > 0 ? s.consumers
                                      : std::max(1, consumer.replicas) *
                                            std::max(1, consumer.workers);
        e.active = e.stream ? std::min(e.consumers, e.partitions) : e.consumers;
        // Attempts per message: failures are retried; with a dead letter at most max_attempts.
        const double p = std::clamp(s.failure_probability, 0.0, 1.0);
        if (p >= 1.0)
            e.attempts = s.dead_letter.empty() ? kInf : s.max_attempts;
        else
            e.attempts = s.dead_letter.empty() ? 1.0 / (1.0 - p)
                                               : (1.0 - std::pow(p, s.max_attempts)) / (1.0 - p);
        const Distribution d = effectiveServiceTime(consumer);
        // A consumer with calls processes a message as one of its visits: its own service,
        // then its calls (their mean time from the station estimate, taken as exponential).
        const double own = std::max(0.0, d.mean_ms);
        double calls = 0;
        if (withCalls[size_t(from->second - m.components.data())])
            if (const auto it = base.components.find(consumer.id); it != base.components.end())
                calls = it->second.downstream_ms;
        e.calls_ms = calls;
        const double once = own + calls;
        const double scv = once > 0 && std::isfinite(once)
                               ? (d.scv() * own * own + calls * calls) / (once * once)
                               : d.scv();
        // A stream's failed attempts wait before their in-place retry (the consumer's thread
        // holds the partition meanwhile); a queue's wait is its visibility timeout instead.
        e.backoff_ms = e.stream ? meanRetryWaitMs(s, p) : 0.0;
        e.service_ms = once * e.attempts + e.backoff_ms;
        const double lambda = e.publish_rps;
        const double mu = e.service_ms > 0 ? 1000.0 / e.service_ms : kInf;
        if (e.stream) {
            // The busiest consumer holds ceil(P / active) partitions, each lambda / P.
            const int most = (e.partitions + e.active - 1) / e.active;
            const double lam = lambda * most / e.partitions;
            e.utilization = lam / mu;
            // Each consumer is one server with its partitions' arrivals (M/G/1).
            const double wait = allenCunneenWaitMs(lam, 1, e.service_ms, scv);
            e.lag_s = (wait + e.service_ms) / 1000.0;
        } else {
            e.utilization = lambda / (mu * e.active);
            const double wait = allenCunneenWaitMs(lambda, e.active, e.service_ms, scv);
            e.lag_s = (wait + e.service_ms) / 1000.0;
        }
        e.saturated = !(e.utilization < 1.0);
        if (e.saturated)
            e.lag_s = kInf;
        e.lag_messages = lambda * e.lag_s;
        if (!e.stream) {
            // A bounded queue that rejects or drops the oldest never holds more than its
            // max_length (the messages in processing count): M/M/c/K with c = the consumers.
            const QueueSettings q = source.queue.value_or(QueueSettings{});
            if (q.max_length > 0 && q.overflow != Overflow::Block && lambda > 0 &&
                std::isfinite(mu)) {
                const FiniteQueueEstimate f =
                    estimateFiniteQueue(lambda, mu, e.active, q.max_length);
                // `saturated` stays: the consumers cannot keep up with what is offered (the
                // queue stays full); the utilization is of what the queue accepts.
                const double accepted = lambda * (1 - f.full);
                e.overflow_share = f.full;
                e.utilization = accepted / (mu * e.active);
                e.lag_messages = f.held;
                e.lag_s = accepted > 0 ? f.held / accepted : 0.0; // Little
            }
        }
        const double perPartitionMsgs = kPartitionWriteMBps * 1e6 / double(std::max<int64_t>(
                                                                       1, bytes));
        e.partitions_needed = static_cast<int>(std::ceil(
            std::max({1.0, lambda / perPartitionMsgs, std::isfinite(mu) ? lambda / mu : 1.0})));
        const double mb = lambda * double(bytes) / 1e6;
        e.write_mbps = mb * replication;
        e.read_mbps = mb * (groups[source.id] + (replication - 1));
        // A stream's group also stops for a rebalance when the consumers come back.
        const double outage = worstOutage(m, consumer);
        e.outage_s = outage > 0 && e.stream ? outage + s.rebalance_pause_s : outage;
        e.backlog = lambda * e.outage_s;
        const double drain = e.active * mu - lambda;
        e.catch_up_s = e.backlog <= 0 ? 0.0 : (drain > 0 ? e.backlog / drain : kInf);
        out.push_back(std::move(e));
    }
    return out;
}

std::string streamEstimatesToJson(const std::vector<StreamEstimate> &estimates)
{
    using Json = nlohmann::ordered_json;
    auto number = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
    Json out = Json::array();
    for (const StreamEstimate &e : estimates) {
        out.push_back({{"link", e.link},
                       {"group", e.group},
                       {"consumer", e.consumer},
                       {"source", e.source},
                       {"kind", e.stream ? "stream" : "queue"},
                       {"publish_rps", number(e.publish_rps)},
                       {"partitions", e.partitions},
                       {"consumers", e.consumers},
                       {"active", e.active},
                       {"attempts", number(e.attempts)},
                       {"calls_ms", number(e.calls_ms)},
                       {"backoff_ms", number(e.backoff_ms)},
                       {"service_ms", number(e.service_ms)},
                       {"overflow_share", number(e.overflow_share)},
                       {"utilization", number(e.utilization)},
                       {"saturated", e.saturated},
                       {"partitions_needed", e.partitions_needed},
                       {"write_mbps", number(e.write_mbps)},
                       {"read_mbps", number(e.read_mbps)},
                       {"lag_messages", number(e.lag_messages)},
                       {"lag_s", number(e.lag_s)},
                       {"outage_s", number(e.outage_s)},
                       {"backlog", number(e.backlog)},
                       {"catch_up_s", number(e.catch_up_s)},
                       {"retention_s", number(e.retention_s)}});
    }
    return out.dump(2) + "\n";
}

} // namespace archsim::model
