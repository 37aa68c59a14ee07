#pragma once

// Helpers shared by the simulator tests: small models built in code, and the comparison of an
// estimate with its oracle.
//
// Tolerance logic. Every stochastic check runs R independent replications and compares the
// mean over them with the oracle. It passes when
//     |estimate - oracle| <= 2 * halfwidth + histogramError * oracle
// where halfwidth is the 95% t-interval's half-width (about 2 standard errors, so the band is
// about 4 standard errors: a correct simulator fails with probability ~1e-4 for a new seed) and
// histogramError is the histogram's documented 1/128 for quantiles (0 for means). To keep the
// check sharp it also requires halfwidth <= maxRelHalfwidth * oracle: a run too short to say
// anything fails instead of passing vacuously. Seeds are fixed and printed, so a failure
// reproduces exactly.

#include "archsim/simulator/histogram.h"
#include "archsim/simulator/simulation.h"

#include <QTest>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace simtest {

using namespace archsim;

// Returns a scenario event of `action` on `target` at `at` seconds, lasting `forS` (0 = to the end).
inline model::ScenarioEvent makeEvent(model::EventAction action, const std::string &target,
                                      double at, double forS)
{
    model::ScenarioEvent e;
    e.action = action;
    e.target = target;
    e.at_s = at;
    e.for_s = forS;
    return e;
}

inline model::Distribution dist(model::DistKind kind, double meanMs, double cv = 1.0)
{
    model::Distribution d;
    d.dist = kind;
    d.mean_ms = meanMs;
    d.cv = cv;
    return d;
}

inline model::Distribution expo(double meanMs) { return dist(model::DistKind::Exponential, meanMs); }
inline model::Distribution constant(double meanMs)
{
    return dist(model::DistKind::Constant, meanMs);
}

inline model::Component client(const std::string &id, double rps)
{
    model::Component c;
    c.id = id;
    c.kind = model::ComponentKind::Client;
    c.rps = rps;
    return c;
}

inline model::Component station(const std::string &id, const model::Distribution &service,
                                int workers = 1, int replicas = 1)
{
    model::Component c;
    c.id = id;
    c.kind = model::ComponentKind::Service;
    c.service_time = service;
    c.workers = workers;
    c.replicas = replicas;
    return c;
}

inline model::Link edge(const std::string &from, const std::string &to, double p = 1.0)
{
    model::Link l;
    l.id = from + "-" + to;
    l.from = from;
    l.to = to;
    l.probability = p;
    return l;
}

// A client at `rps` calling one station: the M/x/c queue.
inline model::Model singleStation(double rps, const model::Component &st)
{
    model::Model m;
    m.name = "single";
    m.components = {client("src", rps), st};
    m.links = {edge("src", st.id)};
    return m;
}

inline simulator::SimulationResult run(const model::Model &m, double duration, double warmup,
                                       int reps, uint64_t seed = 42, int threads = 2)
{
    simulator::SimulationOptions o;
    o.duration_s = duration;
    o.warmup_s = warmup;
    o.replications = reps;
    o.seed = seed;
    o.threads = threads;
    auto r = simulator::runSimulation(m, o);
    if (!r.ok())
        qFatal("simulation failed: %s", r.message().c_str());
    return std::move(r).value();
}

// Runs scenario `scenario` of `m` with `reps` replications on `threads` threads; stops the test
// with the simulator's message when the run is refused.
inline simulator::SimulationResult runScenario(const model::Model &m, const std::string &scenario,
                                               int reps = 1, int threads = 1)
{
    simulator::SimulationOptions o;
    o.scenario = scenario;
    o.replications = reps;
    o.threads = threads;
    auto r = simulator::runSimulation(m, o);
    if (!r.ok())
        qFatal("simulation of scenario %s failed: %s", scenario.c_str(), r.message().c_str());
    return std::move(r).value();
}

// Runs `m` under a scenario "test" made of `events` (its duration, warm-up and seed), with
// `reps` replications on two threads (results do not depend on the thread count).
inline simulator::SimulationResult runScenario(model::Model m,
                                               std::vector<model::ScenarioEvent> events,
                                               double duration, double warmup, int reps = 1,
                                               uint64_t seed = 42)
{
    model::Scenario sc;
    sc.id = "test";
    sc.duration_s = duration;
    sc.warmup_s = warmup;
    sc.seed = seed;
    sc.events = std::move(events);
    m.scenarios = {sc};
    return runScenario(m, sc.id, reps, 2);
}

// Returns a station's position in the timeline's per-station vectors.
inline size_t stationIndex(const simulator::SimulationResult &r, const std::string &id)
{
    for (size_t i = 0; i < r.components.size(); ++i)
        if (r.components[i].id == id)
            return i;
    qFatal("no station %s", id.c_str());
}

// Mean of a per-second figure over the seconds [from, to); NaN when the window holds no second
// (so that a check on an empty window fails instead of passing on 0).
template <typename F>
double timelineMean(const simulator::SimulationResult &r, double from, double to, F figure)
{
    double sum = 0;
    int n = 0;
    for (const auto &p : r.timeline)
        if (p.t_s >= from && p.t_s < to) {
            sum += figure(p);
            ++n;
        }
    return n ? sum / n : std::nan("");
}

// Share of requests answered over the seconds [from, to).
inline double availability(const simulator::SimulationResult &r, double from, double to)
{
    return timelineMean(r, from, to, [](const auto &p) { return p.availability; });
}

// Mean arrival rate at a station over the seconds [from, to).
inline double arrivalRate(const simulator::SimulationResult &r, const std::string &id,
                          double from, double to)
{
    const size_t k = stationIndex(r, id);
    return timelineMean(r, from, to, [k](const auto &p) { return p.arrival_rps[k]; });
}

// Returns the figures of the link with `id`; stops the test when there is none.
inline const simulator::LinkFigures &linkFigures(const simulator::SimulationResult &r,
                                                 const std::string &id)
{
    for (const auto &l : r.links)
        if (l.id == id)
            return l;
    qFatal("no link %s", id.c_str());
}

inline const simulator::ComponentFigures &component(const simulator::SimulationResult &r,
                                                    const std::string &id)
{
    for (const auto &c : r.components)
        if (c.id == id)
            return c;
    qFatal("no component %s", id.c_str());
}

// Compares an estimate with its oracle per the tolerance logic above and prints a row of the
// validation table (docs/simulation.md).
inline bool agrees(const char *what, const simulator::Estimate &e, double oracle,
                   double maxRelHalfwidth, double histogramError = 0.0)
{
    const double half = (e.high - e.low) / 2;
    const double allowed = 2 * half + histogramError * std::abs(oracle);
    std::printf("VALIDATION | %s | %.5g | %.5g | [%.5g, %.5g]\n", what, oracle, e.value, e.low,
                e.high);
    bool ok = true;
    if (!e.hasInterval) {
        qWarning("%s: no interval (need >= 2 replications)", what);
        ok = false;
    }
    if (std::abs(e.value - oracle) > allowed) {
        qWarning("%s: measured %.6g, oracle %.6g, allowed deviation %.3g", what, e.value, oracle,
                 allowed);
        ok = false;
    }
    if (half > maxRelHalfwidth * std::abs(oracle)) {
        qWarning("%s: interval half-width %.3g exceeds %.3g of the oracle: run too short", what,
                 half, maxRelHalfwidth);
        ok = false;
    }
    return ok;
}

} // namespace simtest
