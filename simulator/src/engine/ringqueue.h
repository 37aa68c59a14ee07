#pragma once

// A FIFO of visit indices in a ring buffer that doubles when full and never shrinks, so a
// bounded queue allocates only while it first grows to its peak.

#include <cstdint>
#include <vector>

namespace archsim::simulator::engine {

class RingQueue {
public:
    bool empty() const { return m_size == 0; }
    size_t size() const { return m_size; }

    // Appends a visit at the back.
    void push(uint32_t v)
    {
        if (m_size == m_buf.size())
            grow();
        m_buf[(m_head + m_size) & m_mask] = v;
        ++m_size;
    }

    // Removes and returns the front visit; the queue must not be empty.
    uint32_t pop()
    {
        const uint32_t v = m_buf[m_head];
        m_head = (m_head + 1) & m_mask;
        --m_size;
        return v;
    }

private:
    void grow()
    {
        std::vector<uint32_t> next(m_buf.empty() ? 16 : m_buf.size() * 2);
        for (size_t i = 0; i < m_size; ++i)
            next[i] = m_buf[(m_head + i) & m_mask];
        m_buf.swap(next);
        m_mask = m_buf.size() - 1;
        m_head = 0;
    }
    std::vector<uint32_t> m_buf;
    size_t m_mask = 0; // m_buf.size() - 1 (a power of two minus one)
    size_t m_head = 0;
    size_t m_size = 0;
};

} // namespace archsim::simulator::engine
