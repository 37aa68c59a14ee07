#pragma once

// Open-addressing hash maps keyed by 64-bit integers, for hot paths that must not allocate:
// linear probing, power-of-two tables, backward-shift deletion (no tombstones).

#include <cstdint>
#include <vector>

namespace archsim::simulator {

// Returns a well-mixed 64-bit hash of `x` (the MurmurHash3 finaliser), so dense keys such as
// Zipf ranks spread over the table.
inline uint64_t mixKey(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

// A fixed-capacity map from 64-bit keys to 32-bit slot numbers; sized once, never grows.
class KeySlotMap
{
public:
    static constexpr uint32_t kNone = 0xffffffffu;

    // Prepares a table for at most `maxEntries` keys at a load factor of at most one half.
    explicit KeySlotMap(uint64_t maxEntries = 0);

    // Returns the slot stored for `key`, or kNone.
    uint32_t find(uint64_t key) const
    {
        uint64_t i = home(key);
        for (;;) {
            const Cell &c = m_cells[i];
            if (c.slot == kNone)
                return kNone;
            if (c.key == key)
                return c.slot;
            i = (i + 1) & m_mask;
        }
    }

    // Stores `slot` for `key`; the key must be absent and the map below its capacity.
    void insert(uint64_t key, uint32_t slot)
    {
        uint64_t i = home(key);
        while (m_cells[i].slot != kNone)
            i = (i + 1) & m_mask;
        m_cells[i] = Cell{key, slot};
    }

    // Removes `key` if present.
    void erase(uint64_t key);

    // Removes every key (O(table size)).
    void clear();

private:
    struct Cell {
        uint64_t key = 0;
        uint32_t slot = kNone;
    };

    uint64_t home(uint64_t key) const { return mixKey(key) & m_mask; }

    std::vector<Cell> m_cells;
    uint64_t m_mask = 0;
};

// The authoritative version of each written key with the times of its last two writes; keys
// never written have version 0. Grows by doubling (writes allocate rarely, reads never).
class VersionMap
{
public:
    struct Entry {
        uint64_t version = 0;
        double last_write = 0;  // time of the write that made `version`
        double prev_write = 0;  // time of the write that made `version - 1` (if > 1)
    };

    // Prepares an empty map.
    VersionMap();

    // Returns the entry of `key`, or nullptr when the key was never written.
    const Entry *find(uint64_t key) const
    {
        uint64_t i = mixKey(key) & m_mask;
        for (;;) {
            if (!m_used[i])
                return nullptr;
            if (m_keys[i] == key)
                return &m_values[i];
            i = (i + 1) & m_mask;
        }
    }

    // Records a write of `key` at `now` and returns its new entry.
    const Entry &bump(uint64_t key, double now);

    // Returns the number of keys ever written.
    uint64_t size() const { return m_size; }

private:
    void grow();

    std::vector<uint64_t> m_keys;
    std::vector<Entry> m_values;
    std::vector<uint8_t> m_used;
    uint64_t m_mask = 0;
    uint64_t m_size = 0;
};

} // namespace archsim::simulator
