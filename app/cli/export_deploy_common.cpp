#include "export_deploy_common.h"

#include "command.h"
#include "common.h"

#include <iostream>

namespace archsim::cli {

int writeBundleOrReport(const exporters::Bundle &bundle, const QString &dir, bool quiet)
{
    printDiagnostics(bundle.warnings);
    const auto status = exporters::writeBundle(bundle, dir.toStdString());
    if (!status.ok()) {
        printDiagnostics(status.diagnostics);
        return ExitBadInput;
    }
    if (!quiet)
        for (const auto &f : bundle.files)
            std::cout << dir.toStdString() << '/' << f.path << '\n';
    return ExitOk;
}

} // namespace archsim::cli
