#pragma once

// The targets of `archsim-cli export <target>`; cmd_export.cpp dispatches to them. Each takes
// the arguments after the target name, led by the program name ("archsim-cli export k8s"),
// and returns an ExitCode.

#include <QStringList>

namespace archsim::cli {

// Kubernetes manifests into a folder: export k8s FILE -o DIR.
int exportK8s(const QStringList &args);
// docker-compose local stack into a folder: export compose FILE -o DIR.
int exportCompose(const QStringList &args);
// redis.conf per cache into a folder: export redis FILE -o DIR.
int exportRedis(const QStringList &args);
// The self-contained HTML review report: export report FILE -o report.html.
int exportReport(const QStringList &args);

} // namespace archsim::cli
