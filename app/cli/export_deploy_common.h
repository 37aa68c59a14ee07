#pragma once

// Shared by the folder-producing export targets (k8s, compose, redis): write the bundle,
// print its warnings, report what was written.

#include "archsim/exporters/bundle.h"

#include <QString>

namespace archsim::cli {

// Writes `bundle` under `dir`, prints its warnings to stderr and the written files to stdout
// (unless `quiet`); returns an ExitCode.
int writeBundleOrReport(const exporters::Bundle &bundle, const QString &dir, bool quiet);

} // namespace archsim::cli
