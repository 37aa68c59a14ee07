#pragma once

// Kubernetes manifests from a model: a workload per component that runs in the cluster
// (Deployment, or StatefulSet for databases, caches, queues and Kafka streams), its Service,
// HPA and PodDisruptionBudget, a Job that creates a stream's topic, a default-deny
// NetworkPolicy with one allow per modeled link, CronJobs for partition maintenance, view
// refreshes and backups (backups.yaml).
// docs/deploy.md describes every decision.

#include "archsim/exporters/bundle.h"
#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <functional>
#include <string>

namespace archsim::exporters {

struct K8sOptions {
    std::string ns;       // namespace; empty = made from the model name ("archsim" if none)
    std::string instance; // app.kubernetes.io/instance; empty = the namespace
    std::string registry = "registry.example.com"; // prefix of derived service images
    std::string tag = "0.1.0";                     // tag of derived service images
    std::string maintenanceSchedule = "17 3 * * *"; // cron schedule of partition maintenance
    int partitionsAhead = 3; // range partitions the maintenance job keeps created ahead
    // Returns the partition maintenance SQL for a database component; when unset, the DDL
    // exporter's exportPartitionMaintenance() for the database's engine and schema is used.
    std::function<std::string(const model::Model &, const model::Component &)>
        maintenanceScript;
};

// Returns the manifests, one file per component plus namespace.yaml, network-policies.yaml
// partition-maintenance.yaml (when the model has range-partitioned tables), view-refresh.yaml
// and backups.yaml (databases with a backup policy, and what their servers need). Fails only
// when the model cannot be deployed (for example two components map to the same name).
model::Result<Bundle> exportKubernetes(const model::Model &model, const K8sOptions &options);

// Returns the name the exporter gives a component's objects (Deployment, Service, HPA).
std::string k8sObjectName(const std::string &componentId);

// Returns the namespace the exporter uses for `model` under `options`.
std::string k8sNamespace(const model::Model &model, const K8sOptions &options);

} // namespace archsim::exporters
