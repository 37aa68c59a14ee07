#pragma once

// The stream kernel's state: logs, queues, consumers and groups, and the Kernel that runs one
// replication over them (stream/streamkernel.cpp; figures in stream/streamfigures.cpp).

#include "stream/streamkernel.h"

#include "engine/eventqueue.h"

#include "archsim/simulator/histogram.h"
#include "archsim/simulator/random.h"
#include "archsim/simulator/zipf.h"

#include <deque>
#include <map>
#include <set>
#include <optional>

namespace archsim::simulator::stream {

inline constexpr uint32_t kNoKey = 0xffffffffu;
inline constexpr uint32_t kNone = 0xffffffffu;
// Visibility events carry (queue << kSlotBits) | slot.
inline constexpr uint32_t kSlotBits = 24;
inline constexpr uint32_t kSlotMask = (1u << kSlotBits) - 1;

struct Message {
    double t = 0;          // published
    uint32_t key = kNoKey; // in the topic's key space
    uint32_t seq = 0;      // per key, from 0
    bool poison = false;   // fails every attempt
};

// One partition of a stream: an append-only log from offset `base` (what no group needs any
// more is dropped from the front), with `start` the first offset retention has not deleted.
struct Partition {
    std::vector<Message> log;
    uint64_t base = 0;
    uint64_t start = 0;
    int leader = 0;
    bool available = true;
    uint32_t leaderGen = 0;
    std::vector<Message> pending; // published while it had no leader

    uint64_t end() const { return base + log.size(); }
    const Message &at(uint64_t offset) const { return log[offset - base]; }
    // Forgets the messages before `offset` (amortized: the vector is compacted by halves).
    void trim(uint64_t offset)
    {
        offset = std::min(offset, end());
        if (offset <= base || (offset - base) * 2 < log.size())
            return;
        log.erase(log.begin(), log.begin() + static_cast<long>(offset - base));
        base = offset;
        start = std::max(start, base); // every group is past what was dropped
    }
};

// A message held by a queue.
struct QueuedMessage {
    enum State : uint8_t { Visible, InFlight, Gone };
    Message msg;
    uint32_t gen = 0;       // bumped at each receipt: older visibility events are stale
    uint32_t lastGroup = kNone;
    uint16_t receives = 0;
    uint16_t holders = 0;   // consumers processing it
    State state = Visible;
    bool processed = false; // processed successfully once
};

// A queue: its messages by slot, the visible ones in FIFO order.
struct QueueState {
    std::vector<QueuedMessage> slots;
    std::vector<uint32_t> freeSlots;
    std::deque<uint32_t> visible; // may hold slots that are no longer visible (skipped)
    uint64_t held = 0;            // visible or in flight (unacknowledged)
    uint64_t visibleHeld = 0;
    struct Blocked {
        Message msg;
        uint64_t ticket = kNoTicket; // the engine's waiting call (coupled runs)
    };
    std::deque<Blocked> blocked;  // publishers waiting for room (overflow block)

    uint32_t alloc(const Message &m)
    {
        uint32_t s;
        if (!freeSlots.empty()) {
            s = freeSlots.back();
            freeSlots.pop_back();
        } else {
            s = static_cast<uint32_t>(slots.size());
            slots.emplace_back();
        }
        QueuedMessage &q = slots[s];
        const uint32_t gen = q.gen + 1;
        q = QueuedMessage{};
        q.msg = m;
        q.gen = gen;
        ++held;
        ++visibleHeld;
        return s;
    }
    uint64_t visibleCount() const { return visibleHeld; }
    // Takes the oldest visible message out of the visible list; kNone when there is none.
    uint32_t popVisible()
    {
        while (!visible.empty()) {
            const uint32_t s = visible.front();
            visible.pop_front();
            if (slots[s].state == QueuedMessage::Visible) {
                slots[s].state = QueuedMessage::InFlight;
                --visibleHeld;
                return s;
            }
        }
        return kNone;
    }
    // Returns the oldest visible message, or null.
    const QueuedMessage *head()
    {
        while (!visible.empty() && slots[visible.front()].state != QueuedMessage::Visible)
            visible.pop_front();
        return visible.empty() ? nullptr : &slots[visible.front()];
    }
    // An unacknowledged message whose visibility timeout passed is visible again, at the end.
    void makeVisible(uint32_t s)
    {
        slots[s].state = QueuedMessage::Visible;
        ++visibleHeld;
        visible.push_back(s);
    }
    // The message is deleted (acknowledged, dropped or dead-lettered).
    void ack(uint32_t s)
    {
        QueuedMessage &q = slots[s];
        if (q.state == QueuedMessage::Gone)
            return;
        if (q.state == QueuedMessage::Visible)
            --visibleHeld;
        q.state = QueuedMessage::Gone;
        ++q.gen;
        --held;
        freeIfDone(s);
    }
    // Deletes a message nobody holds (popped for a drop, or returned by its timeout).
    void remove(uint32_t s) { ack(s); }
    // A consumer lets go of the message (processed, failed or crashed).
    void release(uint32_t s)
    {
        if (slots[s].holders > 0)
            --slots[s].holders;
        freeIfDone(s);
    }
    void freeIfDone(uint32_t s)
    {
        if (slots[s].state == QueuedMessage::Gone && slots[s].holders == 0)
            freeSlots.push_back(s);
    }
};

struct Topic {
    std::vector<Partition> parts;
    std::vector<uint32_t> groups;   // groups reading it
    std::vector<uint16_t> brokerDown;
    std::vector<uint32_t> nextSeq;  // per key
    std::vector<uint8_t> poisoned;  // per key
    bool poisonNext = false;
    uint32_t roundRobin = 0;
    QueueState queue;
    // counters over the measured window
    uint64_t published = 0, rejected = 0, dropped = 0, blocked = 0, deadLettersIn = 0;
    double blockMax = 0;
    uint64_t depthMax = 0;
};

struct Source {
    Rng timesRng;
    Rng keyRng;
    std::optional<ZipfSampler> zipf;
    std::vector<double> times; // this second's publish times
    size_t next = 0;
};

struct Consumer {
    uint32_t group = 0;
    int replica = 0;       // of the consumer component
    uint16_t down = 0;     // active crashes
    bool busy = false;
    bool waiting = false;  // lingering for a fuller batch
    bool waitDone = false;
    uint32_t gen = 0;
    double busySince = 0;
    std::vector<int> parts; // streams: assigned partitions
    size_t cursor = 0;
    int part = -1;          // streams: the batch's partition and offsets
    uint64_t begin = 0, end = 0, cur = 0;
    std::vector<uint32_t> qbatch; // queues: the batch's slots
    size_t qcur = 0;
    int attempts = 0;       // of the message in hand
    bool workFailed = false; // coupled: the engine's visit for the message in hand failed
    double busyFrom = 0;    // start of the busy period (utilization)
    bool alive() const { return down == 0; }
};

// A group's position in one partition.
struct GroupPart {
    uint64_t pos = 0;       // next offset to fetch
    uint64_t committed = 0;
    uint64_t done = 0;      // offsets below were processed (or set aside) at least once
    uint64_t fetched = 0;   // offsets below were delivered at least once
    int owner = -1;         // index in Group::members
};

struct Group {
    std::vector<uint32_t> members; // consumer indices
    std::vector<GroupPart> parts;
    std::vector<uint32_t> maxSeq;  // per key: 1 + the highest sequence processed
    bool paused = false;
    uint32_t rebalanceGen = 0;
    Rng serviceRng;
    Rng failRng;
    // counters over the measured window
    uint64_t processed = 0, failedAttempts = 0, redeliveries = 0, duplicates = 0;
    uint64_t deadLettered = 0, retentionLost = 0, lost = 0, violations = 0, rebalances = 0;
    double busyArea = 0;
    LogHistogram latency;
    std::vector<uint64_t> partProcessed;
    std::vector<double> partLagMax;
    double lagSum = 0, lagMax = 0, lagSMax = 0;
    uint64_t lagSamples = 0;
    std::vector<LagPoint> lag;
};

class Kernel {
public:
    Kernel(const StreamNet &net, const StreamRun &run);
    // Runs the replication and returns its figures.
    StreamOutput run();

    // A coupled run (StreamRun::host): the engine calls start(), steps the kernel whenever its
    // next event comes before the engine's own, and calls finish() at the end.
    void start();
    bool pending() const { return !m_queue.empty(); }
    double nextTime() { return m_queue.nextTime(); } // pending() first
    void step();
    // Runs what is left up to the duration and returns the figures.
    StreamOutput finish();
    // The engine publishes a message over source `source` at time `t` (no earlier than the
    // kernel's last event); `ticket` names the call that waits when the answer is Blocked.
    Offer offer(uint32_t source, double t, uint64_t ticket);
    // The engine's visit for consumer `consumer`'s message (Host::startWork) ended at `t`.
    void workDone(uint32_t consumer, uint32_t gen, bool failed, double t);
    // The engine's random crash or repair StreamRun::randomFailures[index] happened at `t`.
    void randomFailure(uint32_t index, double t) { push(t, Ev::RandomFailure, index, 0); }

private:
    enum class Ev : uint8_t {
        Second, Publish, MsgDone, Wake, RebalanceDone, Commit, Failure, LeaderBack, Visibility,
        RandomFailure, StartWork
    };
    void push(double t, Ev type, uint32_t a, uint32_t b) { m_queue.push(t, type, a, b); }
    void onSecond(uint32_t s);
    void onPublish(uint32_t source);
    void sortUniform(std::vector<double> &v, double lo, double width);
    Offer publish(uint32_t source, uint64_t ticket = kNoTicket);
    Offer deliver(uint32_t topic, uint32_t partition, const Message &msg,
                  uint64_t ticket = kNoTicket);
    void append(uint32_t topic, uint32_t partition, const Message &msg);
    void expire(uint32_t topic, uint32_t partition);
    void trimLogs();
    Offer enqueue(uint32_t topic, const Message &msg, uint64_t ticket);
    void store(uint32_t topic, const Message &msg);
    void unblock(uint32_t topic);
    void onVisibility(uint32_t code, uint32_t gen);
    void tryFetch(uint32_t c);
    bool batchReady(uint32_t c, int64_t available);
    void receive(uint32_t c, uint32_t topic, uint32_t slot);
    // Starts the message in hand after `delay` seconds (a retry's backoff).
    void startMessage(uint32_t c, double delay = 0);
    void stopBusy(Consumer &k);
    const Message &current(const Consumer &k) const;
    void onMessageDone(uint32_t c);
    void processed(uint32_t c, const Message &msg);
    void nextMessage(uint32_t c);
    void deadLetter(uint32_t group);
    void assign(uint32_t group);
    void memberChange(uint32_t group);
    void abandon(Consumer &k);
    void onRebalanceDone(uint32_t group);
    void onAutoCommit(uint32_t group);
    void consumerDown(uint32_t c);
    bool concerns(const engine::FailureAction &a) const;
    void onFailure(uint32_t index);
    void onRandomFailure(uint32_t index);
    void consumerHealth(uint32_t c, bool down);
    void brokerChange(uint32_t topic, int replica, bool down);
    void onLeaderBack(uint32_t topic, uint32_t code);
    void leaderUp(uint32_t topic, uint32_t partition);
    double slowFactor(uint32_t node) const;
    // figures (stream/streamfigures.cpp)
    void sampleLag(double t);
    StreamOutput collect();

    const StreamNet &m_net;
    StreamRun m_run;
    engine::BasicEventQueue<Ev> m_queue; // the engine's heap: (time, sequence) order
    std::vector<double> m_sortScratch;    // sortUniform's buffers, kept between seconds
    std::vector<uint32_t> m_sortCount;
    uint64_t m_events = 0;
    double m_now = 0;
    bool m_measuring = false;
    std::vector<Topic> m_topics;
    std::vector<Source> m_sources;
    std::vector<Group> m_groups;
    std::vector<Consumer> m_consumers;
    std::map<uint32_t, std::vector<double>> m_nodeSlow; // consumer node -> active slow factors
    // per region loss recovered elsewhere (engine::FailurePlan::regionLosses): the brokers
    // (topic, broker) and consumers that recovery brought up; the region's return skips them
    std::map<int32_t, std::set<std::pair<uint32_t, int>>> m_movedBrokers;
    std::map<int32_t, std::set<uint32_t>> m_movedConsumers;
    std::vector<std::vector<Handoff>> m_handoffs;        // per group (GroupDef::handsOff)
};

} // namespace archsim::simulator::stream
