// Pub/sub invalidations in flight to one cache (docs/realtime.md).
#include "archsim/simulator/pubsub.h"

namespace archsim::simulator {

PubSubInvalidations::PubSubInvalidations(double delay_s, double loss, uint64_t seed)
    : m_delay(delay_s > 0 ? delay_s : 0.0)
    , m_loss(loss)
    , m_rng(seed)
{
}

void PubSubInvalidations::publish(uint64_t key, double now, bool listening)
{
    // Draw even when not listening, so a disconnect does not shift later draws.
    const bool dropped = m_loss > 0 && m_rng.uniform() < m_loss;
    if (!listening || dropped) {
        ++m_lost;
        return;
    }
    if (m_head > 0 && m_head == m_pending.size()) {
        m_pending.clear();
        m_head = 0;
    }
    m_pending.push_back({now + m_delay, key});
}

void PubSubInvalidations::deliver(CacheStore &store, double now)
{
    while (m_head < m_pending.size() && m_pending[m_head].due <= now) {
        const Pending p = m_pending[m_head++];
        store.invalidate(p.key, p.due);
        ++m_delivered;
    }
    if (m_head > 4096 && m_head * 2 > m_pending.size()) {
        m_pending.erase(m_pending.begin(), m_pending.begin() + long(m_head));
        m_head = 0;
    }
}

} // namespace archsim::simulator
