#pragma once

// Small event-driven models for the stream tests: a client drives a publisher service that
// publishes every request to a stream or queue; consumers read it over consume links.

#include "simtestutil.h"

namespace streamtest {

using namespace archsim;

// A publisher whose own service is short and constant, so that its publishes follow the
// client's Poisson arrivals shifted by a constant (still Poisson).
inline model::Model publishing(double rps, model::Component topic,
                               std::optional<model::MessageKey> key)
{
    model::Model m;
    m.name = "streams";
    auto pub = simtest::station("pub", simtest::constant(0.001), 64);
    m.components = {simtest::client("src", rps), pub, std::move(topic)};
    m.links = {simtest::edge("src", "pub")};
    model::Link p = simtest::edge("pub", m.components[2].id);
    p.kind = model::LinkKind::Publish;
    p.key = key;
    m.links.push_back(p);
    return m;
}

// The broker's own append (the engine's station) is made negligible: the tests look at the
// consumers.
inline model::Component streamOf(const std::string &id, int partitions, int brokers = 1)
{
    model::Component c;
    c.id = id;
    c.kind = model::ComponentKind::Stream;
    c.replicas = brokers;
    c.workers = 64;
    c.service_time = simtest::constant(0.001);
    c.stream.emplace();
    c.stream->partitions = partitions;
    c.stream->replication_factor = brokers;
    return c;
}

inline model::Component queueOf(const std::string &id)
{
    model::Component c;
    c.id = id;
    c.kind = model::ComponentKind::Queue;
    c.workers = 64;
    c.service_time = simtest::constant(0.001);
    c.queue.emplace();
    return c;
}

inline model::MessageKey keys(int64_t n, bool byKey = true)
{
    model::MessageKey k;
    k.keys = n;
    k.by_key = byKey;
    return k;
}

// Adds a worker `id` with `consumers` single-threaded instances of service `service` that
// consumes `topic` with `settings`; returns the consume link's index.
inline size_t addConsumer(model::Model &m, const std::string &id, const std::string &topic,
                          int consumers, const model::Distribution &service,
                          model::ConsumeSettings settings = {})
{
    model::Component w = simtest::station(id, service, 1, consumers);
    w.kind = model::ComponentKind::Worker;
    m.components.push_back(w);
    model::Link l = simtest::edge(id, topic);
    l.kind = model::LinkKind::Consume;
    l.consume = settings;
    m.links.push_back(l);
    return m.links.size() - 1;
}

inline const simulator::GroupFigures &group(const simulator::SimulationResult &r,
                                            const std::string &link)
{
    for (const auto &g : r.groups)
        if (g.link == link)
            return g;
    qFatal("no group for link %s", link.c_str());
}

inline const simulator::TopicFigures &topic(const simulator::SimulationResult &r,
                                            const std::string &id)
{
    for (const auto &t : r.topics)
        if (t.id == id)
            return t;
    qFatal("no topic %s", id.c_str());
}

} // namespace streamtest
