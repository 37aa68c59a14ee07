#pragma once

// Shared by the folder-producing export targets (k8s, compose, redis): write the bundle,
// print its warnings, report what was written.

#include "archsim/exporters/bundle.h"

#include "archsim/model/types.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace archsim::cli {

// Writes `bundle` under `dir`, prints its warnings to stderr and the written files to stdout
// (unless `quiet`); returns an ExitCode.
int writeBundleOrReport(const exporters::Bundle &bundle, const QString &dir, bool quiet);

// Runs a folder export with the shared interface `FILE -o DIR [-q]`: parses `args`, loads the
// model, builds the bundle with `make` and writes it; returns an ExitCode.
int runFolderExport(const QStringList &args, const QString &target, const QString &description,
                    const std::function<exporters::Bundle(const model::Model &)> &make);

} // namespace archsim::cli
