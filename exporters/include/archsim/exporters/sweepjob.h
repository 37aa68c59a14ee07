#pragma once

// Kubernetes manifests that run a capacity sweep (docs/sweeps.md, "On a cluster"): the model
// and the spec in a ConfigMap, an Indexed Job whose pods each run one shard and write its part
// to a shared volume, and a merge Job that joins the parts. Same secure defaults as the k8s
// export (non-root, read-only root file system, no capabilities, resource requests and limits).

#include "archsim/exporters/bundle.h"
#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <string>

namespace archsim::exporters {

struct SweepJobOptions {
    std::string image;          // the archsim-cli image (deploy/Dockerfile.cli); required
    int shards = 1;             // completions of the Indexed Job, one part each
    int parallelism = 0;        // pods at once; 0 = shards
    int threads = 1;            // --threads of each shard; also its CPU request
    int backoffLimitPerIndex = 2; // retries of one failed shard
    std::string name = "archsim-sweep"; // prefix of every object's name
    std::string ns;             // namespace; empty = from the model name (as export k8s)
    std::string storageClass;   // of the parts volume (ReadWriteMany); empty = the default
    std::string storage = "1Gi"; // size of the parts volume
};

// Returns sweep-input.yaml (ConfigMap), sweep-parts.yaml (PersistentVolumeClaim),
// sweep-job.yaml (Indexed Job), sweep-merge-job.yaml (the merge Job, applied once the sweep
// Job completes) and sweep-network-policy.yaml (no traffic in or out of the sweep's pods).
// `modelJson` and `specJson` are the files the pods read. Fails on bad options (no image, a
// shard count out of range, inputs too large for a ConfigMap).
model::Result<Bundle> exportSweepJob(const model::Model &model, const std::string &modelJson,
                                     const std::string &specJson,
                                     const SweepJobOptions &options);

} // namespace archsim::exporters
