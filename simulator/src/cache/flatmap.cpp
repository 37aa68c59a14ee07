// Open-addressing maps: deletion and growth (the probes are inline in flatmap.h).
#include "archsim/simulator/flatmap.h"

#include <algorithm>

namespace archsim::simulator {

namespace {
uint64_t tableSizeFor(uint64_t entries)
{
    uint64_t size = 16; // at most 2^32 cells: the home position comes from a 32-bit tag
    while (size < 2 * entries)
        size *= 2;
    return size;
}
} // namespace

KeySlotMap::KeySlotMap(uint64_t expectedEntries)
    : m_cells(tableSizeFor(expectedEntries))
    , m_mask(m_cells.size() - 1)
{
}

void KeySlotMap::grow()
{
    // The tag's low bits are the home position in every table up to 2^32 cells, so the cells
    // move without their keys.
    std::vector<Cell> cells(m_cells.size() * 2);
    const uint64_t mask = cells.size() - 1;
    for (const Cell &c : m_cells) {
        if (c.slot == kNone)
            continue;
        uint64_t i = c.tag & mask;
        while (cells[i].slot != kNone)
            i = (i + 1) & mask;
        cells[i] = c;
    }
    m_cells.swap(cells);
    m_mask = mask;
}

void KeySlotMap::eraseAt(uint64_t i)
{
    // Backward-shift: pull later cells of the probe run into the hole when their home
    // position does not lie cyclically in (hole, cell].
    uint64_t hole = i;
    uint64_t j = i;
    for (;;) {
        j = (j + 1) & m_mask;
        if (m_cells[j].slot == kNone)
            break;
        const uint64_t h = m_cells[j].tag & m_mask;
        if (((j - h) & m_mask) >= ((j - hole) & m_mask)) {
            m_cells[hole] = m_cells[j];
            hole = j;
        }
    }
    m_cells[hole] = Cell{};
}

void KeySlotMap::clear()
{
    std::fill(m_cells.begin(), m_cells.end(), Cell{});
    m_size = 0;
}

VersionMap::VersionMap()
    : m_keys(16)
    , m_values(16)
    , m_used(16, 0)
    , m_mask(15)
{
}

const VersionMap::Entry &VersionMap::bump(uint64_t key, double now)
{
    if (2 * (m_size + 1) > m_keys.size())
        grow();
    uint64_t i = mixKey(key) & m_mask;
    while (m_used[i] && m_keys[i] != key)
        i = (i + 1) & m_mask;
    if (!m_used[i]) {
        m_used[i] = 1;
        m_keys[i] = key;
        m_values[i] = Entry{};
        ++m_size;
    }
    Entry &e = m_values[i];
    e.prev_write = e.last_write;
    e.last_write = now;
    ++e.version;
    return e;
}

void VersionMap::grow()
{
    std::vector<uint64_t> keys(m_keys.size() * 2);
    std::vector<Entry> values(keys.size());
    std::vector<uint8_t> used(keys.size(), 0);
    const uint64_t mask = keys.size() - 1;
    for (uint64_t k = 0; k < m_keys.size(); ++k) {
        if (!m_used[k])
            continue;
        uint64_t i = mixKey(m_keys[k]) & mask;
        while (used[i])
            i = (i + 1) & mask;
        used[i] = 1;
        keys[i] = m_keys[k];
        values[i] = m_values[k];
    }
    m_keys.swap(keys);
    m_values.swap(values);
    m_used.swap(used);
    m_mask = mask;
}

} // namespace archsim::simulator
