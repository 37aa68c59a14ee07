#pragma once

// The future event list: a binary min-heap of (time, sequence, event), for the engine and (with
// its own event types) the stream kernel. The sequence number is
// unique and increasing, so events at the same time run in the order they were scheduled and a
// run is deterministic. The heap's vector only grows; no allocation per event once warm.
//
// pop() leaves a hole at the root instead of refilling it at once: the event handler that runs
// next usually schedules an event, and push() then drops it into the hole and sifts it down
// once, instead of one sift for the removal and another for the insertion. The order of pops is
// the order of (time, sequence) either way; only the heap's internal layout differs.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace archsim::simulator::engine {

enum class EventType : uint8_t {
    Arrival,     // obj = client node; gen = the client's arrival generation
    RateChange,  // obj = client node: the next profile point takes effect
    ServiceDone, // obj = visit: own service finished
    Respond,     // obj = visit: answer the caller now (after a rejection)
    Tick,        // end of a simulated second: timeline point, progress, cancellation
    WarmupEnd,   // statistics start
    // resilience and failures (issue 6)
    Timeout,      // obj = visit: its caller stops waiting
    RetryFire,    // obj = pending retry: the backoff has passed
    Failure,      // obj = index in FailurePlan::actions
    RandomFail,   // obj = global replica index: it crashes (mtbf_s)
    RandomRepair, // obj = global replica index: it is repaired (mttr_s)
    Failover,     // obj = database node; gen = its failover generation
    // autoscaling (docs/operations.md)
    AutoscaleSync, // obj = scaler index: the HPA controller's sync
    ScaleReady,    // obj = global replica index; gen = its slot generation: it serves now
    // jobs (docs/data-lifecycle.md, "Jobs")
    JobStart,      // obj = job index: a scheduled run is due
    JobRelease,    // obj = job index; gen = its run: the pacing lets the next batch go
    RefreshStart,  // obj = refresh index: a materialized view's refresh is due
};

// One scheduled event; `Type` is the owner's event enumeration (one byte).
template <typename Type>
struct BasicEvent {
    double t;
    uint64_t key; // sequence << 8 | type
    uint32_t obj;
    uint32_t gen; // generation of obj when scheduled; a stale event is ignored

    Type type() const { return static_cast<Type>(key & 0xff); }
};

// The queue for events of one enumeration (the engine's, the stream kernel's).
template <typename Type>
class BasicEventQueue {
    static_assert(sizeof(Type) == 1, "the type shares a 64-bit key with the sequence");

public:
    using Event = BasicEvent<Type>;

    // Schedules an event; returns nothing, the sequence is assigned here.
    void push(double t, Type type, uint32_t obj, uint32_t gen)
    {
        const Event e{t, (m_seq++ << 8) | static_cast<uint64_t>(type), obj, gen};
        if (m_hole) {
            m_hole = false;
            siftDown(e);
            return;
        }
        size_t i = m_heap.size();
        m_heap.push_back(e);
        while (i > 0) {
            const size_t parent = (i - 1) / 2;
            if (!less(e, m_heap[parent]))
                break;
            m_heap[i] = m_heap[parent];
            i = parent;
        }
        m_heap[i] = e;
    }

    // Removes and returns the earliest event; the queue must not be empty.
    Event pop()
    {
        if (m_hole)
            fillHole();
        m_hole = true; // the root is now free; push() or the next pop() fills it
        return m_heap.front();
    }

    // The earliest event's time; the queue must not be empty.
    double nextTime()
    {
        if (m_hole)
            fillHole();
        return m_heap.front().t;
    }

    bool empty() const { return m_heap.size() == static_cast<size_t>(m_hole); }
    size_t size() const { return m_heap.size() - static_cast<size_t>(m_hole); }
    void reserve(size_t n) { m_heap.reserve(n); }

private:
    // Times are never negative, and non-negative doubles order like their bit patterns, so
    // the comparison is done on integers without branches (heap order is data-dependent and
    // branches on it mispredict half the time).
    static bool less(const Event &a, const Event &b)
    {
        const uint64_t ta = std::bit_cast<uint64_t>(a.t);
        const uint64_t tb = std::bit_cast<uint64_t>(b.t);
        return (ta < tb) | ((ta == tb) & (a.key < b.key));
    }

    // Puts `e` at the root (a hole) and sifts it down to its place.
    void siftDown(const Event &e)
    {
        const size_t n = m_heap.size();
        size_t i = 0;
        for (;;) {
            size_t child = 2 * i + 1;
            if (child >= n)
                break;
            if (child + 1 < n && less(m_heap[child + 1], m_heap[child]))
                ++child;
            if (!less(m_heap[child], e))
                break;
            m_heap[i] = m_heap[child];
            i = child;
        }
        m_heap[i] = e;
    }

    // Fills the hole at the root with the last event (no event was pushed since the pop).
    void fillHole()
    {
        m_hole = false;
        const Event last = m_heap.back();
        m_heap.pop_back();
        if (!m_heap.empty())
            siftDown(last);
    }

    std::vector<Event> m_heap;
    uint64_t m_seq = 0;
    bool m_hole = false; // m_heap[0] is a popped event waiting to be replaced
};

using Event = BasicEvent<EventType>;
using EventQueue = BasicEventQueue<EventType>;

} // namespace archsim::simulator::engine
