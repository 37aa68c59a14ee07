#pragma once

// Shared pieces of the Kubernetes exporter (k8s*.cpp): naming, labels and the context that
// holds the effective deployment facts of every component.

#include "archsim/exporters/deployspec.h"
#include "archsim/exporters/k8s.h"
#include "archsim/model/index.h"
#include "yamltree.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace archsim::exporters::k8s {

using yaml::Node;

struct Context {
    const model::Model &model;
    const K8sOptions &options;
    model::ModelIndex index;
    std::string ns;
    std::string instance;
    std::string partOf;
    std::map<std::string, DeploySpec> specs; // by component id
    std::map<std::string, std::string> names; // component id -> object name
    model::Diagnostics warnings;

    Context(const model::Model &m, const K8sOptions &o);
    const DeploySpec &spec(const std::string &id) const { return specs.at(id); }
    const std::string &name(const std::string &id) const { return names.at(id); }
    void warn(std::string place, std::string message);
};

// Returns a label value of at most `maxLen` characters (cut and trimmed to alphanumerics).
std::string shortLabel(const std::string &value, size_t maxLen);

// Returns a DNS-1035 object name (starts with a letter) of at most `maxLen` characters.
std::string objectName(std::string_view text, size_t maxLen = 63);

// Returns an object's metadata: name, namespace, the six recommended labels, annotations.
Node metadata(const Context &ctx, const model::Component &c, const std::string &name);
// Returns the six app.kubernetes.io labels of a component's objects.
Node labels(const Context &ctx, const model::Component &c);
// Returns the selector labels (name and instance only).
Node selectorLabels(const Context &ctx, const std::string &componentName);

// Returns the documents of a component (workload, service, autoscaler, disruption budget).
std::vector<Node> componentDocuments(Context &ctx, const model::Component &c);
// Returns the default-deny, DNS and one allow per link policies.
std::vector<Node> networkPolicies(Context &ctx);
// Returns the labels of a job's objects: selector labels of `name`, the image's version, and
// `purpose` as the component.
Node jobLabels(const Context &ctx, const std::string &name, const DeploySpec &spec,
               const std::string &purpose);
// Returns the env of a client of `db`'s primary (pod 0): host, port, user and the superuser
// password from its secret (PG* for PostgreSQL; DB_HOST, DB_PORT, MYSQL_PWD for MySQL).
Node primaryClientEnv(const Context &ctx, const model::Component &db);
// Returns the backup CronJob of `db` (a dump on the policy's full-backup interval to a
// PersistentVolumeClaim, or to an object store named by a Secret), its claim and policies;
// empty, with a warning, when it has none to export.
std::vector<Node> backupDocuments(Context &ctx, const model::Component &db);
// Returns the comment lines of backups.yaml for `db`: where its dumps go, their retention and
// the server settings continuous archiving needs (no CronJob does that).
std::string backupNotes(const Context &ctx, const model::Component &db);
// Returns the ConfigMap, CronJob and their network policies for a partitioned database.
std::vector<Node> maintenanceDocuments(Context &ctx, const model::Component &db,
                                       const std::string &script);
// A materialized view's refresh as a CronJob: its schedule, and `repeat` runs `pause` seconds
// apart per tick (every 30 s: every minute, twice).
struct RefreshSchedule {
    std::string schedule;
    int repeat = 1;
    int pause = 0;
};
// Returns the CronJob schedule of a refresh; nullopt when none gives it (every 45 s, 7 min).
std::optional<RefreshSchedule> refreshSchedule(const model::ViewRefresh &r);
// Returns the ConfigMap, CronJob and policies that refresh each materialized view of `db`'s
// schema on its schedule (MySQL: only cron schedules; its event does every N seconds), with a
// warning for a schedule no CronJob gives.
std::vector<Node> viewRefreshDocuments(Context &ctx, const model::Component &db);
// Returns true when the component is a stream that runs in the cluster as Kafka.
bool runsKafka(const Context &ctx, const model::Component &c);
// Returns the name of the headless Service that gives a stream's brokers their DNS names.
std::string kafkaHeadlessName(const Context &ctx, const model::Component &c);
// Returns the env entries of a stream's brokers (node id, quorum, listeners, cluster id).
std::vector<Node> kafkaEnv(const Context &ctx, const model::Component &c);
// The volume of a broker when the model gives no retention figure to size it from.
inline constexpr int kKafkaDefaultStorageGi = 10;
// Returns the volume size of one broker in GiB (retention x rate x message size, or the
// default).
int kafkaStorageGi(const Context &ctx, const model::Component &c);
// Returns a stream's Services (headless and client), disruption budget and topic Job.
std::vector<Node> kafkaDocuments(Context &ctx, const model::Component &c);
// Returns the policies between each stream's brokers and between them and its topic Job.
std::vector<Node> kafkaPolicies(Context &ctx);
// Returns a NetworkPolicy of `selected`'s pods that admits `other`'s pods (ingress) or lets
// them reach `other`'s pods (egress) on the named `ports`, annotated with its `purpose`.
Node purposePolicy(const Context &ctx, const std::string &policyName, const std::string &purpose,
                   const std::string &selected, const std::string &other,
                   const std::vector<std::string> &ports, bool ingress);
// The Pods metric a realtime gateway's autoscaler follows: its open connections, a gauge the
// gateway exports and a custom-metrics adapter serves (docs/deploy.md).
inline constexpr const char *kConnectionsMetric = "websocket_connections";
// Returns a realtime gateway's target of connections per pod: the estimate's planning limit
// per process (model::kConnectionsPerReplica) x its autoscaler's target utilization.
int64_t connectionsTarget(const model::Component &c);
// Returns the pod spec of a run-once job: restart on failure, no token, restricted context.
Node jobPodSpec(const DeploySpec &spec);
// Returns the restricted pod and container security contexts.
Node podSecurityContext(const DeploySpec &spec, bool withFsGroup);
Node containerSecurityContext();

} // namespace archsim::exporters::k8s
