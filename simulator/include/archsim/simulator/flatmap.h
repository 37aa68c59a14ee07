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

// An index from 64-bit keys to 32-bit slot numbers that doubles when it passes a load factor
// of one half, so its size follows the keys stored (at most 2^31). A cell holds 32 bits of the
// key's hash and the slot (8 bytes), so the table stays small; the key itself lives with the
// caller, which `keyOf(slot)` returns to confirm a match.
class KeySlotMap
{
public:
    static constexpr uint32_t kNone = 0xffffffffu;
    static constexpr uint64_t kMaxEntries = uint64_t(1) << 31;

    // Prepares a table for `expectedEntries` keys (it grows beyond them as needed).
    explicit KeySlotMap(uint64_t expectedEntries = 0);

    // Returns the slot stored for `key`, or kNone.
    template <typename KeyOf>
    uint32_t find(uint64_t key, KeyOf keyOf) const
    {
        const uint32_t tag = tagOf(key);
        uint64_t i = tag & m_mask;
        for (;;) {
            const Cell c = m_cells[i];
            if (c.slot == kNone)
                return kNone;
            if (c.tag == tag && keyOf(c.slot) == key)
                return c.slot;
            i = (i + 1) & m_mask;
        }
    }

    // Stores `slot` for `key`; the key must be absent and fewer than kMaxEntries stored.
    void insert(uint64_t key, uint32_t slot)
    {
        if (2 * (m_size + 1) > m_cells.size()) [[unlikely]]
            grow();
        ++m_size;
        const uint32_t tag = tagOf(key);
        uint64_t i = tag & m_mask;
        while (m_cells[i].slot != kNone)
            i = (i + 1) & m_mask;
        m_cells[i] = Cell{tag, slot};
    }

    // Removes `key` if present.
    template <typename KeyOf>
    void erase(uint64_t key, KeyOf keyOf)
    {
        const uint32_t tag = tagOf(key);
        uint64_t i = tag & m_mask;
        for (;;) {
            const Cell c = m_cells[i];
            if (c.slot == kNone)
                return;
            if (c.tag == tag && keyOf(c.slot) == key)
                break;
            i = (i + 1) & m_mask;
        }
        eraseAt(i);
        --m_size;
    }

    // Removes every key (O(table size); the table keeps its size).
    void clear();

    // Returns the number of keys stored.
    uint64_t size() const { return m_size; }
    // Returns the number of cells (memory: 8 bytes each).
    uint64_t tableSize() const { return m_cells.size(); }

private:
    struct Cell {
        uint32_t tag = 0;   // high half of mixKey(key); its low bits are the home position
        uint32_t slot = kNone;
    };

    static uint32_t tagOf(uint64_t key) { return uint32_t(mixKey(key) >> 32); }
    void eraseAt(uint64_t i);
    void grow();

    std::vector<Cell> m_cells;
    uint64_t m_mask = 0;
    uint64_t m_size = 0;
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
    // Returns the number of cells.
    uint64_t tableSize() const { return m_keys.size(); }

private:
    void grow();

    std::vector<uint64_t> m_keys;
    std::vector<Entry> m_values;
    std::vector<uint8_t> m_used;
    uint64_t m_mask = 0;
    uint64_t m_size = 0;
};

} // namespace archsim::simulator
