// The analytic estimate: traffic equations over the link graph, then a G/G/c station per
// component (Allen-Cunneen), responses from the leaves up. See docs/analytic.md.

#include "archsim/model/analytic.h"

#include "archsim/model/cacheanalytic.h"
#include "archsim/model/streamanalytic.h"

#include "callgraph.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace archsim::model {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool isCacheLike(ComponentKind k) { return k == ComponentKind::Cache || k == ComponentKind::Cdn; }

// Queues hand messages to their consumers, and caches and CDNs let the fill run while they
// serve others (cache-aside), so those kinds never hold a server during downstream calls.
bool holdsDuringCalls(const Component &c)
{
    return c.threading == Threading::Blocking && c.kind != ComponentKind::Queue &&
           !isCacheLike(c.kind);
}

bool isRead(LinkKind k) { return k == LinkKind::Read || k == LinkKind::Fill; }

struct PoolResult {
    double utilization = 0;
    double wait_ms = 0;
};

// One pool of `instances` instances with `workers` servers each, fed `lambda` per second.
PoolResult pool(double lambda, int instances, int workers, Balancing balancing, double holdMs,
                double cs2)
{
    PoolResult r;
    if (instances <= 0 || workers <= 0 || lambda <= 0)
        return r;
    if (!std::isfinite(holdMs)) {
        r.utilization = kInf;
        r.wait_ms = kInf;
        return r;
    }
    int servers = instances * workers;
    double perPool = lambda;
    double ca2 = 1.0;
    if (balancing != Balancing::Pooled && instances > 1) {
        // A queue per replica: random thinning keeps Poisson arrivals; round robin gives
        // each replica every r-th arrival, an Erlang-r stream with scv 1/r.
        servers = workers;
        perPool = lambda / instances;
        ca2 = balancing == Balancing::RoundRobin ? 1.0 / instances : 1.0;
    }
    r.utilization = perPool * holdMs / 1000.0 / servers;
    r.wait_ms = allenCunneenWaitMs(perPool, servers, holdMs, cs2, ca2);
    return r;
}

} // namespace

AnalyticEstimate estimate(const Model &model, double rateFactor)
{
    EstimateOptions options;
    options.rateFactor = rateFactor;
    return estimate(model, options);
}

AnalyticEstimate estimate(const Model &model, const EstimateOptions &options)
{
    const detail::CallGraph g = detail::buildCallGraph(model);
    const detail::CycleInfo cyc = detail::findCycles(g, [](int) { return true; });
    return detail::estimateOn(g, cyc, options);
}

AnalyticEstimate detail::estimateOn(const CallGraph &g, const CycleInfo &cyc,
                                    const EstimateOptions &options,
                                    std::vector<StationEstimate> *perVertex, bool maps)
{
    const int n = g.size();
    if (perVertex)
        perVertex->assign(size_t(n), StationEstimate{});
    AnalyticEstimate est;

    // Pass ratio of each vertex: the share of its visits that follow its fill links. For a
    // cache it is set when the traffic loop reaches it (its read rate is final by then).
    std::vector<double> pass(size_t(n), 1.0), passReads(size_t(n), 0.0);
    auto setPass = [&](int v, double reads) {
        const Component &c = g.component(v);
        passReads[size_t(v)] = reads;
        bool hasFill = false;
        for (int e : g.out[size_t(v)])
            hasFill = hasFill || g.link(e).kind == LinkKind::Fill;
        if (options.missRatio) {
            if (auto miss = options.missRatio(c)) {
                pass[size_t(v)] = std::clamp(*miss, 0.0, 1.0);
                return;
            }
        }
        if (!hasFill)
            return;
        // Che's approximation (LRU), the FIFO/RANDOM and TTL formulas (cacheanalytic.h).
        const auto hit = estimateCache(cacheAnalyticInput(c, reads));
        if (hit.ok() && std::isfinite(hit.value().hit_ratio)) {
            pass[size_t(v)] = std::clamp(1.0 - hit.value().hit_ratio, 0.0, 1.0);
            char ratio[32];
            std::snprintf(ratio, sizeof ratio, "%.3f", hit.value().hit_ratio);
            est.assumptions.push_back("cache '" + c.id + "': hit ratio " + ratio + " by " +
                                      hit.value().method + "; its fill links carry the misses");
            return;
        }
        std::string why;
        for (const auto &d : hit.diagnostics())
            why += (why.empty() ? "" : "; ") + d.place + ": " + d.message;
        est.assumptions.push_back(
            "cache '" + c.id + "': miss ratio 1 assumed (every visit goes on to its fill "
            "links) because its hit ratio cannot be estimated (" + why + "); the load on its "
            "fill targets is an upper bound");
    };

    // Traffic equations in topological order: lambda(to) += lambda(from) * p * pass.
    std::vector<double> lambda(size_t(n), 0.0), lambdaRead(size_t(n), 0.0);
    auto share = [&](int e) {
        const Link &l = g.link(e);
        const double p = std::clamp(l.probability, 0.0, 1.0);
        return l.kind == LinkKind::Fill ? p * pass[size_t(g.edges[size_t(e)].from)] : p;
    };
    // A consumer with calls makes one visit per message it consumes (docs/streams.md): the
    // messages published into what it reads arrive at it like a client's requests. A consumer
    // may come before its stream in the order, so the equations are solved again with the
    // previous round's message rates until they settle (a chain of n consumers: n rounds).
    const Model &model = *g.model;
    std::vector<std::pair<int, int>> consumes; // (consumer vertex, source vertex)
    if (std::any_of(model.links.begin(), model.links.end(),
                    [](const Link &l) { return l.kind == LinkKind::Consume; })) {
        const std::vector<char> withCalls = consumersWithCalls(model);
        for (const Link &l : model.links)
            if (l.kind == LinkKind::Consume)
                if (const int c = g.vertex(l.from), t = g.vertex(l.to);
                    c >= 0 && t >= 0 && withCalls[size_t(c)])
                    consumes.emplace_back(c, t);
    }
    std::vector<double> injected(size_t(n), 0.0);
    for (int round = 0;; ++round) {
        est.assumptions.clear();
        std::fill(pass.begin(), pass.end(), 1.0);
        std::fill(lambdaRead.begin(), lambdaRead.end(), 0.0);
        for (int v = 0; v < n; ++v) {
            const Component &c = g.component(v);
            lambda[size_t(v)] = injected[size_t(v)];
            if (c.kind == ComponentKind::Client)
                lambda[size_t(v)] = clientRate(c, options.basis) * options.rateFactor;
        }
        for (int u : cyc.topo) {
            if (isCacheLike(g.component(u).kind))
                setPass(u,
                        lambdaRead[size_t(u)] > 0 ? lambdaRead[size_t(u)] : lambda[size_t(u)]);
            for (int e : g.out[size_t(u)]) {
                if (cyc.cycleEdge[size_t(e)])
                    continue;
                const int t = g.edges[size_t(e)].to;
                const double flow = lambda[size_t(u)] * share(e);
                lambda[size_t(t)] += flow;
                if (isRead(g.link(e).kind))
                    lambdaRead[size_t(t)] += flow;
            }
        }
        if (consumes.empty())
            break;
        std::vector<double> next(size_t(n), 0.0);
        for (const auto &[c, t] : consumes)
            next[size_t(c)] += lambda[size_t(t)];
        bool settled = true;
        for (int v = 0; v < n; ++v)
            settled = settled && std::abs(next[size_t(v)] - injected[size_t(v)]) <=
                                     1e-9 * std::max(1.0, next[size_t(v)]);
        if (settled || round >= n + 1) {
            if (!settled)
                est.assumptions.push_back("consumers that call what publishes to them: their "
                                          "message rates did not settle; taken after " +
                                          std::to_string(round + 1) + " rounds");
            break;
        }
        injected = std::move(next);
    }

    // Responses from the leaves up (reverse topological order).
    std::vector<double> response(size_t(n), 0.0), local(size_t(n), 0.0);
    for (auto it = cyc.topo.rbegin(); it != cyc.topo.rend(); ++it) {
        const int u = *it;
        const Component &c = g.component(u);
        double seq = 0, par = 0;
        for (int e : g.out[size_t(u)]) {
            if (cyc.cycleEdge[size_t(e)])
                continue;
            const int t = g.edges[size_t(e)].to;
            // A publish is acknowledged once enqueued; the consumers' work is not waited for.
            const double w = g.link(e).kind == LinkKind::Publish ? local[size_t(t)]
                                                                 : response[size_t(t)];
            const double s = share(e);
            const double part = s > 0 ? s * w : 0.0;
            seq += part;
            par = std::max(par, part);
        }
        const double downstream = c.fanout == Fanout::Parallel ? par : seq;
        if (c.kind == ComponentKind::Client) {
            response[size_t(u)] = downstream;
            ClientEstimate ce;
            ce.rate_rps = lambda[size_t(u)];
            ce.response_ms = downstream;
            ce.saturated = !std::isfinite(downstream);
            if (maps) {
                est.clients[c.id] = ce;
                est.clientResponseMs[c.id] = downstream;
            }
            continue;
        }
        const Distribution dist = effectiveServiceTime(c);
        const double service = std::max(0.0, dist.mean_ms);
        const bool blocking = holdsDuringCalls(c);
        const double hold = blocking ? service + downstream : service;
        // Downstream time is taken as exponential (scv 1) when it adds to the holding time.
        double cs2 = dist.scv();
        if (blocking && downstream > 0 && std::isfinite(hold) && hold > 0)
            cs2 = (dist.scv() * service * service + downstream * downstream) / (hold * hold);

        const double lam = lambda[size_t(u)];
        const int replicas = std::max(1, c.replicas);
        const int workers = std::max(1, c.workers);
        PoolResult primary, replica;
        double lamPrimary = lam, lamReplica = 0;
        if (c.kind == ComponentKind::Database && replicas > 1) {
            // Writes go to the primary; reads where read_from says ("any": spread evenly).
            const double reads = std::min(lambdaRead[size_t(u)], lam);
            double readsToReplicas = 0;
            if (c.read_from == ReadFrom::Replica)
                readsToReplicas = reads;
            else if (c.read_from == ReadFrom::Any)
                readsToReplicas = reads * (replicas - 1) / replicas;
            lamReplica = readsToReplicas;
            lamPrimary = lam - readsToReplicas;
            primary = pool(lamPrimary, 1, workers, Balancing::Pooled, hold, cs2);
            replica = pool(lamReplica, replicas - 1, workers, c.balancing, hold, cs2);
        } else {
            primary = pool(lam, replicas, workers, c.balancing, hold, cs2);
        }
        StationEstimate s;
        s.arrival_rps = lam;
        s.servers = replicas * workers;
        s.service_ms = service;
        s.holding_ms = hold;
        s.utilization = std::max(primary.utilization, replica.utilization);
        s.wait_ms = lam > 0 ? (lamPrimary * primary.wait_ms +
                               (lamReplica > 0 ? lamReplica * replica.wait_ms : 0.0)) / lam
                            : 0.0;
        s.downstream_ms = downstream;
        s.response_ms = s.wait_ms + service + downstream;
        s.pass_ratio = pass[size_t(u)];
        s.read_rps = passReads[size_t(u)];
        // Saturated means utilization >= 1 (a blocking caller of a saturated station holds
        // its servers forever, so it saturates too); an async caller only inherits the
        // infinite response.
        s.saturated = s.utilization >= 1.0;
        if (s.saturated) {
            s.wait_ms = kInf;
            s.response_ms = kInf;
        }
        s.in_cycle = cyc.inCycle[size_t(u)] != 0;
        local[size_t(u)] = s.wait_ms + service;
        response[size_t(u)] = s.response_ms;
        if (perVertex)
            (*perVertex)[size_t(u)] = s;
        if (maps)
            est.components[c.id] = s;
    }

    for (const auto &cycle : cyc.cycles) {
        std::vector<std::string> ids;
        std::string text;
        for (int v : cycle) {
            ids.push_back(g.component(v).id);
            text += (text.empty() ? "" : " -> ") + ids.back();
        }
        est.assumptions.push_back("cycle " + text + ": the links inside the cycle are left "
                                  "out of the estimate (a loop is reported, not followed)");
        est.cycles.push_back(std::move(ids));
    }
    return est;
}

} // namespace archsim::model
