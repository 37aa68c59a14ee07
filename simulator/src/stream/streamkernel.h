#pragma once

// The stream kernel: streams (partitioned logs), queues and their consumer groups, simulated
// after each replication of the load engine from the messages that replication published
// (docs/streams.md). It has its own event heap of (time, sequence, event) and random streams
// keyed by the replication, so its figures are as reproducible as the engine's.

#include "archsim/simulator/sampler.h"
#include "archsim/simulator/simulation.h"
#include "archsim/simulator/streams.h"

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace archsim::simulator::engine {
struct FailureAction;
struct RandomFailure;
struct FailurePlan;
} // namespace archsim::simulator::engine

namespace archsim::simulator::stream {

// What a stream or queue answers a publish: a full queue rejects or blocks as it declares.
enum class Offer : uint8_t { Accepted, Rejected, Blocked };
inline constexpr uint64_t kNoTicket = ~uint64_t(0);

// The load engine, when the kernel runs inside its event loop (docs/streams.md, "Coupled with
// the engine"). The kernel calls it only from its own events, never from inside a call the
// engine made into the kernel.
class Host {
public:
    // Consumer `consumer` (generation `gen`) of a group with GroupDef::engineWork starts
    // processing its message: the engine makes one visit at component `node` (its service and
    // calls) and answers with Kernel::workDone.
    virtual void startWork(uint32_t consumer, uint32_t gen, uint32_t node) = 0;
    // A publish that waited for room in a full queue (overflow `block`) was stored: the
    // engine's call `ticket` answers now.
    virtual void publishStored(uint64_t ticket) = 0;

protected:
    ~Host() = default;
};

// A publish link into a stream or queue.
struct SourceDef {
    uint32_t link = 0;     // position in model.links
    uint32_t topic = 0;
    bool keyed = false;    // messages carry a key (for ordering)
    bool byKey = false;    // the key picks the partition (else round robin)
    int64_t keys = 0;
    double zipf = 0;
    uint32_t keyBase = 0;  // first key of this source in its topic's key space
    double probability = 1.0;
    // Published by a consumer: the kernel publishes when the consumer processes a message
    // (instead of replaying the engine's counts, which never visit a pure consumer).
    bool fromConsumer = false;
};

// A stream or a queue.
struct TopicDef {
    std::string id;
    uint32_t node = 0;     // component position
    bool isStream = true;
    int partitions = 1;    // queues: 1
    int brokers = 1;       // streams: replicas of the component
    int replication = 1;
    double retentionS = 0; // 0 = forever
    int64_t retentionBytes = 0;
    int64_t messageBytes = 1024;
    double leaderFailoverS = 5;
    double visibilityS = 30;
    int64_t maxLength = 0;
    model::Overflow overflow = model::Overflow::Reject;
    uint32_t keyCount = 0; // keys over all its keyed sources
    std::vector<std::string> zones; // broker b lives in zones[b % size]; empty = none
};

// A consume link's group.
struct GroupDef {
    uint32_t link = 0;
    std::string linkId;
    std::string group;
    std::string consumerId;
    uint32_t consumer = 0; // component position of the consumer
    uint32_t topic = 0;
    int consumers = 1;
    int replicas = 1;      // of the consumer component: a crash of replica r stops its share
    std::vector<std::string> zones; // consumer replica r lives in zones[r % size]; empty = none
    Sampler service;
    model::ConsumeSettings settings;
    int32_t deadLetter = -1; // topic index
    std::vector<uint32_t> forwards; // sources its consumer publishes to per processed message
    bool handsOff = false; // the consumer is a realtime gateway: its Handoffs are recorded
    // The consumer has calls, reads or writes: with a Host, processing a message is an engine
    // visit at the consumer (its service time, then its calls, publishes included), and a
    // failed visit is a failed attempt. Without a Host the kernel draws the service time and
    // publishes `forwards` itself.
    bool engineWork = false;
};

// The event-driven part of a model, compiled.
struct StreamNet {
    std::vector<TopicDef> topics;
    std::vector<GroupDef> groups;
    std::vector<SourceDef> sources;
    bool empty() const { return topics.empty(); }
};

// Compiles the streams, queues, publish and consume links of `model`; problems come with
// their JSON pointers. A model without consume links compiles to an empty net.
model::Result<StreamNet> compileStreams(const model::Model &model);

// A message a group processed for the first time: published into the stream at `published`,
// done at `consumed`. A realtime gateway's group hands these to the realtime kernel, which
// fans each out at `consumed` (docs/realtime.md).
struct Handoff {
    double published = 0;
    double consumed = 0;
};

// One replication's stream figures (each Estimate holds one value).
struct StreamOutput {
    std::vector<TopicFigures> topics;
    std::vector<GroupFigures> groups;
    // Per group: its Handoffs in consumed order when GroupDef::handsOff, else empty.
    std::vector<std::vector<Handoff>> handoffs;
    uint64_t events = 0;
};

// One successful processing by the first group (tests check the kernel's recursions on it).
struct TraceEntry {
    int partition = 0;
    uint64_t offset = 0;
    double published = 0;
    double started = 0;  // the successful attempt's start
    double finished = 0;
};

// What one replication of the kernel needs besides the net.
struct StreamRun {
    double duration = 600;
    double warmup = 0;
    uint64_t seed = 1;
    uint32_t replication = 0;
    const engine::FailurePlan *failures = nullptr;
    // The engine's random crashes and repairs of this replication (time order), or nullptr.
    const std::vector<engine::RandomFailure> *randomFailures = nullptr;
    // Messages published per link (model order) in each simulated second, from the engine.
    const std::vector<TimelinePoint> *published = nullptr;
    std::vector<TraceEntry> *trace = nullptr; // tests: filled for group 0 when set
    // Coupled: the engine publishes (Kernel::offer), runs the processing of GroupDef::engineWork
    // groups and reports its random failures as they happen (Kernel::randomFailure, indices
    // into `randomFailures`); `published` is then null.
    Host *host = nullptr;
};

// Runs one replication of the kernel.
StreamOutput runStreams(const StreamNet &net, const StreamRun &run);

} // namespace archsim::simulator::stream
