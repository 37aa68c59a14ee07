#pragma once

// The targets of `archsim-cli export <target>`. Each lives in its own export_<target>.cpp and
// has one line in cmd_export.cpp's table. `args` starts with "archsim-cli export <target>"
// followed by the target's own arguments; each returns an ExitCode.

#include <QStringList>

namespace archsim::cli {

// export ddl --dialect postgres|mysql|sqlite FILE [-o OUT]: SQL DDL (or, with --maintenance,
// the partition maintenance script).
int runExportDdl(const QStringList &args);
// Kubernetes manifests into a folder: export k8s FILE -o DIR.
int exportK8s(const QStringList &args);
// docker-compose local stack into a folder: export compose FILE -o DIR.
int exportCompose(const QStringList &args);
// Prometheus rules and Grafana dashboards into a folder: export monitoring FILE -o DIR.
int exportMonitoring(const QStringList &args);
// redis.conf per cache into a folder: export redis FILE -o DIR.
int exportRedis(const QStringList &args);
// The self-contained HTML review report: export report FILE -o report.html.
int exportReport(const QStringList &args);
// Kubernetes manifests of a sharded sweep: export sweep-job FILE --spec SPEC --shards N
// --image IMAGE -o DIR.
int exportSweepJob(const QStringList &args);

} // namespace archsim::cli
