#pragma once

// The realtime kernel: WebSocket/SSE fan-out from realtime gateways to their connections,
// simulated after each replication of the load engine from the messages that replication
// published to them (docs/realtime.md). Connections are simulated one by one: each has an
// outbound FIFO drained at its client's rate, so a delivery's time follows the recurrence
// done_i = max(enqueued_i, done_{i-1}) + bytes / rate, computed when the message is enqueued;
// no event per delivery enters any queue.

#include "archsim/simulator/realtime.h"
#include "archsim/simulator/simulation.h"

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace archsim::simulator::engine {
struct FailurePlan;
struct RandomFailure;
} // namespace archsim::simulator::engine

namespace archsim::simulator::stream {
struct StreamNet;
struct StreamOutput;
} // namespace archsim::simulator::stream

namespace archsim::simulator::realtime {

// Most connections a gateway may have in the simulation (each is simulated on its own).
inline constexpr int64_t kMaxConnections = 2'000'000;
// Most deliveries one replication may make over all gateways before it stops with an error.
inline constexpr uint64_t kMaxDeliveries = 2'000'000'000ull;

// A realtime gateway, compiled.
struct GatewayDef {
    std::string id;
    uint32_t node = 0;            // component position
    int replicas = 1;
    std::vector<std::string> zones; // replica r lives in zones[r % size]; empty = none
    model::RealtimeSettings settings; // client_rates filled with the default when empty
    std::vector<uint32_t> links;    // publish links into it (model order): fanned out at once
    std::vector<uint32_t> consumes; // its consume links (model order): fanned out when its
                                    // group has processed the message (stream::Handoff)
};

// The realtime part of a model, compiled.
struct RealtimeNet {
    std::vector<GatewayDef> gateways;
    bool empty() const { return gateways.empty(); }
};

// Returns the client rates a gateway uses: its own, or 95% at 1 MB/s and 5% at 16 kB/s.
std::vector<model::ClientRate> effectiveClientRates(const model::RealtimeSettings &s);

// Compiles the realtime gateways of `model`, the publish links into them and their consume
// links from streams and queues; problems come with their JSON pointers.
model::Result<RealtimeNet> compileRealtime(const model::Model &model);

// A message for a gateway, for tests that feed the kernel directly.
struct Message {
    double t = 0;         // it reaches the gateway
    uint32_t channel = 0; // 0 = the most popular channel
    double lag = 0;       // it was published this long before t (a stream consumer's lag)
};

// A connection's state change, for tests.
struct ConnectionEvent {
    double t = 0;
    uint32_t connection = 0;
    std::string kind; // "slow_disconnect", "crash_disconnect", "reconnect"
};

// What one replication of the kernel needs besides the net.
struct RealtimeRun {
    double duration = 600;
    double warmup = 0;
    uint64_t seed = 1;
    uint32_t replication = 0;
    const engine::FailurePlan *failures = nullptr;
    // The engine's random crashes and repairs of this replication (time order), or nullptr.
    const std::vector<engine::RandomFailure> *randomFailures = nullptr;
    // Messages published per link (model order) in each simulated second, from the engine.
    const std::vector<TimelinePoint> *published = nullptr;
    // The stream kernel's net and this replication's output: what each gateway's consume
    // link's group processed (its Handoffs), or nullptr when the model has no consume links.
    const stream::StreamNet *streamNet = nullptr;
    const stream::StreamOutput *streamOutput = nullptr;
    // Tests: the messages of gateway 0, in time order, instead of `published`.
    const std::vector<Message> *messages = nullptr;
    std::vector<ConnectionEvent> *events = nullptr; // tests: gateway 0's connection events
};

// One replication's realtime figures (each Estimate holds one value).
struct RealtimeOutput {
    std::vector<RealtimeFigures> gateways;
    uint64_t events = 0;  // messages, reconnects and failure actions processed
    std::string error;    // non-empty: the run went beyond a limit (kMaxDeliveries)
};

// Runs one replication of the kernel.
RealtimeOutput runRealtime(const RealtimeNet &net, const RealtimeRun &run);

} // namespace archsim::simulator::realtime
