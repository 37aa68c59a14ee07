#pragma once

// The future event list: a binary min-heap of (time, sequence, event). The sequence number is
// unique and increasing, so events at the same time run in the order they were scheduled and a
// run is deterministic. The heap's vector only grows; no allocation per event once warm.

#include <bit>
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
    // Room for resilience and failures (issue 6): call timeouts, retry backoff expiry,
    // breaker half-open transitions, scenario actions, random crash and repair.
};

struct Event {
    double t;
    uint64_t key; // sequence << 8 | type
    uint32_t obj;
    uint32_t gen; // generation of obj when scheduled; a stale event is ignored

    EventType type() const { return static_cast<EventType>(key & 0xff); }
};

class EventQueue {
public:
    // Schedules an event; returns nothing, the sequence is assigned here.
    void push(double t, EventType type, uint32_t obj, uint32_t gen)
    {
        Event e{t, (m_seq++ << 8) | static_cast<uint64_t>(type), obj, gen};
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
        const Event top = m_heap.front();
        const Event last = m_heap.back();
        m_heap.pop_back();
        const size_t n = m_heap.size();
        if (n > 0) {
            size_t i = 0;
            for (;;) {
                size_t child = 2 * i + 1;
                if (child >= n)
                    break;
                if (child + 1 < n && less(m_heap[child + 1], m_heap[child]))
                    ++child;
                if (!less(m_heap[child], last))
                    break;
                m_heap[i] = m_heap[child];
                i = child;
            }
            m_heap[i] = last;
        }
        return top;
    }

    bool empty() const { return m_heap.empty(); }
    size_t size() const { return m_heap.size(); }
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
    std::vector<Event> m_heap;
    uint64_t m_seq = 0;
};

} // namespace archsim::simulator::engine
