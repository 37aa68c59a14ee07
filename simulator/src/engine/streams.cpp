// The stream kernel inside the engine's event loop (docs/streams.md, "Coupled with the engine"):
// the engine offers every publish into a stream or queue that consumers read at the moment the
// call is made, a bounded queue answers its publisher (accepted, rejected or blocked until there
// is room), and a consumer with calls, reads or writes processes each message as a visit at its
// own station, whose calls load the rest of the model and whose failure is a failed attempt.

#include "engine/engine.h"

#include "stream/streamstate.h"

namespace archsim::simulator::engine {

Engine::~Engine() = default;

void Engine::initStreams()
{
    const stream::StreamNet *net = m_cfg.streams;
    if (!net || net->empty())
        return;
    std::vector<char> works(m_net.nodes.size(), 0);
    for (const stream::GroupDef &g : net->groups)
        if (g.engineWork)
            works[g.consumer] = 1;
    std::vector<uint32_t> callerOf(m_net.linkIds.size(), kNone);
    for (const CallDef &c : m_net.calls)
        callerOf[c.link] = c.from;
    m_sourceOf.assign(m_net.linkIds.size(), -1);
    for (uint32_t s = 0; s < net->sources.size(); ++s) {
        const stream::SourceDef &d = net->sources[s];
        // A consumer's publishes are the kernel's (per processed message) unless its
        // processing is an engine visit, whose publish calls are then offered like any other.
        const bool offered = !d.fromConsumer ||
                             (callerOf[d.link] != kNone && works[callerOf[d.link]] != 0);
        if (offered)
            m_sourceOf[d.link] = static_cast<int32_t>(s);
    }
    stream::StreamRun run;
    run.duration = m_cfg.duration;
    run.warmup = m_cfg.warmup;
    run.seed = m_cfg.seed;
    run.replication = m_cfg.replication;
    run.failures = m_cfg.failures;
    run.randomFailures = &m_randomFailures;
    run.host = this;
    m_kernel = std::make_unique<stream::Kernel>(*net, run);
    m_kernel->start();
}

void Engine::offerDetached(const CallDef &call)
{
    if (!m_kernel)
        return;
    const int32_t s = m_sourceOf[call.link];
    if (s >= 0)
        m_kernel->offer(static_cast<uint32_t>(s), m_now, stream::kNoTicket);
}

void Engine::offerWaited(uint32_t v)
{
    Visit &x = m_visits[v];
    const int32_t s = m_sourceOf[m_net.calls[x.viaCall].link];
    if (s < 0 || x.failed) {
        finishVisit(v);
        return;
    }
    const uint64_t ticket = (static_cast<uint64_t>(v) << 32) | x.gen;
    switch (m_kernel->offer(static_cast<uint32_t>(s), m_now, ticket)) {
    case stream::Offer::Accepted:
        break;
    case stream::Offer::Rejected:
        // The full queue refuses the message: the publisher's call fails (a 503 from
        // RabbitMQ's reject-publish, SQS's throttling), and its caller's fallback decides.
        x.failed = true;
        x.reason = Reason::Rejected;
        break;
    case stream::Offer::Blocked:
        // The publisher waits for room (RabbitMQ's flow control, a bounded BlockingQueue);
        // the queue's server is free meanwhile. publishStored() answers it.
        if (x.holdsServer)
            releaseServer(v);
        m_visits[v].state = VisitState::Calling;
        return;
    }
    finishVisit(v);
}

void Engine::publishStored(uint64_t ticket)
{
    const auto v = static_cast<uint32_t>(ticket >> 32);
    const auto gen = static_cast<uint32_t>(ticket);
    if (v < m_visits.size() && m_visits[v].gen == gen && m_visits[v].state == VisitState::Calling)
        m_events.push(m_now, EventType::Respond, v, gen);
}

void Engine::startWork(uint32_t consumer, uint32_t gen, uint32_t node)
{
    if (m_stop)
        return; // the run is over (or overloaded): the message stays in hand
    const uint32_t v = arrive(node, kNone, kNone, kNone, 0);
    if (v == kNone)
        return;
    // Recorded after arrive(): a visit refused at once answers through a Respond event.
    if (m_work.size() <= v)
        m_work.resize(m_visits.size());
    m_work[v] = WorkRef{m_visits[v].gen, consumer, gen};
}

bool Engine::workVisitDone(uint32_t v, const Visit &x)
{
    if (v >= m_work.size() || m_work[v].visitGen != x.gen)
        return false;
    const WorkRef w = m_work[v];
    const bool failed = x.failed;
    m_work[v].visitGen = kNone;
    freeVisit(v);
    m_kernel->workDone(w.consumer, w.gen, failed, m_now);
    return true;
}

} // namespace archsim::simulator::engine
