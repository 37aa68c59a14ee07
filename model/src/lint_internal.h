#pragma once

// Shared pieces of the lint rules. Private to archsim_model.

#include "archsim/model/lint.h"

#include "callgraph.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace archsim::model::detail {

// Rule positions in lintRules(); findings are grouped in this order.
enum RuleId {
    RuleFkWithoutIndex,
    RuleNoPrimaryKey,
    RuleLargeTableUnpartitioned,
    RulePartitionTooLarge,
    RuleDuplicateIndex,
    RuleUuidAsText,
    RuleCacheNoTtlNoInvalidation,
    RuleWriteWithoutInvalidation,
    RuleUserDataOnCdn,
    RuleSensitiveUnencrypted,
    RuleLinkWithoutTls,
    RuleExcessGrants,
    RuleSecretInModel,
    RuleNoTimeout,
    RuleRetryWithoutBackoff,
    RuleRetryAmplification,
    RuleNoCircuitBreaker,
    RuleAnalyticsOnPrimary,
    RuleSinglePointOfFailure,
    RuleZoneSinglePointOfFailure,
    RuleSyncCycle,
    RuleHighUtilization,
    RuleSaturated,
    RuleUnboundedQueue,
    RuleConsumersBeyondPartitions,
    RuleOrderedWithoutKeys,
    RuleNoDeadLetter,
    RuleRetentionBelowCatchUp,
    RuleConsumersCannotKeepUp,
    RuleAutoCommitLoss,
    RuleRealtimeUnboundedQueue,
    RuleRealtimeOrderedDropOldest,
    RuleRealtimeNoHistory,
    RuleRealtimePubSubWithoutTtl,
    RuleRealtimeSingleReplica,
    RuleGatewayWithoutRateLimit,
    RuleRetryNotRateLimitAware,
    RuleNoBackups,
    RuleBackupsNotOffSite,
    RuleTargetNotMet,
    RuleReplicaReadYourWrites,
    RuleJobOnPrimary,
    RuleJobOverlaps,
    RuleJobWithoutSink,
    RuleViewRefreshBlocksReaders,
    RuleViewRefreshOverlaps,
    RuleUnusedSuppression,
    RuleCount
};

// A finding with its rule position, for sorting.
struct RawFinding {
    int rule = 0;
    Finding finding;
};

using Findings = std::vector<RawFinding>;

// Appends a finding of `rule` (its id and severity from the rule table).
void addFinding(Findings &out, RuleId rule, std::string pointer, std::string target,
                std::string message, std::string fix);

// Escapes a JSON pointer token (~ -> ~0, / -> ~1).
std::string pointerToken(std::string_view token);

// Returns "a, b, c" for a list of names (at most `max`, then ", ... (N in all)").
std::string joinNames(const std::vector<std::string> &names, size_t max = 8);

// Returns a number printed with up to `digits` significant digits ("1.2e+07" avoided).
std::string num(double v, int digits = 3);

// What the schema rules need to know about the databases that hold a schema.
struct SchemaContext {
    std::vector<std::string> databases;   // ids of the database components using the schema
    std::vector<std::string> unencrypted; // those without encryption at rest
    bool nativeUuid = true;               // some engine (or none declared) has a uuid type
    friend bool operator==(const SchemaContext &, const SchemaContext &) = default;
};

// Returns the context of every schema, by schema id.
std::unordered_map<std::string, SchemaContext> schemaContexts(const Model &model);

// Runs the rules of one table (schema rules and column rules).
void lintTable(const Schema &schema, size_t schemaPos, const Table &table, size_t tablePos,
               const SchemaContext &context, Findings &out);

// Runs the rules of one component (cache strategy, secrets, queue limit).
void lintComponent(const Component &component, size_t position, Findings &out);

// What the rules of one link read besides the link itself; a link is re-linted when it or
// its context changes.
struct LinkContext {
    int fromKind = -1;            // ComponentKind, -1 when unknown
    int toKind = -1;
    bool toFlaky = false;         // mtbf_s > 0
    int toReplicas = 0;
    int toReadFrom = 0;
    int toSchemaTables = 0;       // tables in the schema of a database target
    bool toRateLimited = false;   // a gateway with a rate_limit
    friend bool operator==(const LinkContext &, const LinkContext &) = default;
};

// Returns the context of a link from its endpoints (null when unknown); `schemaTables`
// counts the tables per schema id.
LinkContext linkContext(const Component *from, const Component *to,
                        const std::unordered_map<std::string_view, int> &schemaTables);

// Runs the rules of one link (CDN, TLS, grants, timeout, retries, breaker, analytics).
void lintLink(const Link &link, size_t position, const LinkContext &context, Findings &out);

// Runs the operations rules of one link (rate limits; lint_ops.cpp).
void lintLinkOperations(const Link &link, size_t position, const LinkContext &context,
                        Findings &out);

// Runs the rules over writes and the caches that fill from the same tables.
void lintWrites(const CallGraph &graph, Findings &out);

// The rules that need the graph analysis, in groups the Linter refreshes separately: each
// group reads only part of the model (docs/PERFORMANCE.md, lint section).
// The single-point-of-failure finding of vertex v (when isComponentSpof holds).
void lintSpofComponent(const CallGraph &graph, const SpofStructure &s, int v, Findings &out);
// The zones that are single points of failure (reads replica counts and zones).
void lintSpofZones(const CallGraph &graph, const SpofStructure &s, Findings &out);
// Synchronous cycles and retry amplification (read links and component kinds only).
void lintTopology(const CallGraph &graph, const CycleInfo &cycles, Findings &out);
// The stream and queue rules (model/src/lint_streams.cpp): consume links against their
// streams, publish keys, dead letters, retention and the stream estimate.
void lintStreams(const Model &model, Findings &out);

// The realtime rules (model/src/lint_realtime.cpp): gateways' outbound queues, ordering with
// drop_oldest, history for reconnects, replicas, and pub/sub invalidation without a TTL.
void lintRealtime(const Model &model, Findings &out);

// The data-protection rules (model/src/lint_data.cpp): backups, where they live, RPO and RTO
// targets against the estimate, read-your-writes on replicas.
void lintData(const Model &model, Findings &out);

// The job rules (docs/lint.md, "data/job-..."): a job on a primary that has a replica, a run
// longer than its interval, a job without a sink.
void lintJobs(const Model &model, Findings &out);

// The materialized view refresh rules (model/src/lint_refresh.cpp): a refresh without
// CONCURRENTLY of a view online requests read, a refresh longer than its period.
void lintRefreshes(const Model &model, Findings &out);

// Utilization at peak load from the analytic estimate.
void lintCapacity(const CallGraph &graph, const CycleInfo &cycles, const LintOptions &options,
                  Findings &out, std::vector<std::string> &assumptions);

} // namespace archsim::model::detail
