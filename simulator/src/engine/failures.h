#pragma once

// Failures of a run (issue 6): the scenario's events compiled into timed actions, and the
// availability state of every station replica that those actions and the random failures
// (mtbf_s / mttr_s) change. docs/failures.md describes the semantics.

#include "engine/network.h"

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace archsim::simulator::engine {

// Why a visit failed; the request keeps the reason of the failure that ended it.
enum class Reason : uint8_t {
    None,
    Rejected,
    Timeout,
    Refused,
    ShortCircuited,
    Unavailable,
    RateLimited, // a token bucket had no token (429)
};
inline constexpr int kReasonCount = 7;

// What routing an arrival may answer instead of a queue group.
inline constexpr int kRouteRefused = -1;     // no replica takes it: fails at once
inline constexpr int kRouteUnavailable = -2; // a database write while the primary is down
inline constexpr int kRouteParked = -3;      // a hung replica took it: no answer

// One timed action: an event starting, or ending after its for_s.
struct FailureAction {
    double t = 0;
    model::EventAction action = model::EventAction::Crash;
    bool begin = true;
    uint32_t target = 0;   // crash, slow: node; partition: link; zone_outage: zone; load: node
    bool allClients = false; // load with an empty target
    int replica = -1;      // crash: one replica, -1 = all
    model::CrashMode mode = model::CrashMode::Refuse;
    double factor = 1.0;
    uint32_t event = 0;    // index in the scenario's events (for its note)
    // A region outage that the DR plan recovers elsewhere (FailurePlan::regionLosses): on its
    // zone_outage actions, the loss's index (their end leaves alone what recovery moved); on
    // its region_outage action (begin = false), the recovery: `database` < 0 brings the rest
    // of the stack up in the other region, a database position restores that database there.
    int32_t regionLoss = -1;
    int32_t database = -1;
};

// A region outage recovered in another region before the region returns (backup_restore and
// pilot_light plans, docs/data-lifecycle.md "Recovery in the other region").
struct RegionLoss {
    std::string region;
    std::vector<uint32_t> zones; // indices in FailurePlan::zones
    double at = 0;               // the outage's start
};

// A replica's random crash or repair (mtbf_s / mttr_s) as the engine drew it: the stream
// kernel replays them for consumers and brokers. Never capped, unlike the state changes.
struct RandomFailure {
    double t = 0;
    uint32_t node = 0; // component position
    int replica = 0;
    bool repair = false;
};

// A scenario's events ready for the engine, sorted by time (ties in event order).
struct FailurePlan {
    std::vector<FailureAction> actions;
    std::vector<std::string> zones; // zone names that zone_outage actions refer to by index
    std::vector<std::string> notes; // per scenario event
    std::vector<RegionLoss> regionLosses;
    bool randomFailures = false;    // some station has mtbf_s > 0
    bool any() const { return !actions.empty() || randomFailures; }
};

// Compiles the events of `scenario` (scenario number `index` in the model, for the JSON
// pointers) against the network; unknown targets and bad values are errors, events the engine
// does not simulate (flush) are warnings.
model::Result<FailurePlan> compileFailures(const model::Model &model,
                                           const model::Scenario &scenario, int index,
                                           const Network &net);

// The state of one replica of a station: how many active causes refuse or hang it.
struct ReplicaHealth {
    uint16_t refuse = 0;
    uint16_t hang = 0;
    bool standby = false; // autoscaling: not created, or created and not ready yet
    bool up() const { return !standby && refuse == 0 && hang == 0; }
    bool hung() const { return !standby && hang > 0; } // a hang wins over a refusal
    bool refusing() const { return standby || (hang == 0 && refuse > 0); }
};

// The availability state of one station.
struct NodeHealth {
    std::vector<ReplicaHealth> replicas;
    int up = 0;
    int hung = 0;
    int primary = 0;              // databases: the replica that takes writes
    uint32_t failoverGen = 0;     // invalidates a pending failover event
    bool failoverPending = false;
    bool failoverDue = false;     // failover_s passed with no replica up to promote
    uint32_t roundRobin = 0;
    std::vector<double> slowFactors; // active slow events
    std::vector<double> loadFactors; // clients: active load events
};

} // namespace archsim::simulator::engine
