// archsim-cli export monitoring FILE -o DIR

#include "common.h"
#include "export_deploy_common.h"
#include "export_targets.h"

#include "archsim/exporters/monitoring.h"

namespace archsim::cli {

int exportMonitoring(const QStringList &args)
{
    return runFolderExport(
        args, QStringLiteral("monitoring"),
        QStringLiteral("Writes prometheus/slo-rules.yaml (SLO recordings and multiwindow, "
                       "multi-burn-rate\nalerts), prometheus/model-alerts.yaml (breakers, "
                       "replica lag, queues,\nautoscalers) and grafana/<service>.json "
                       "(docs/operations.md)."),
        [](const model::Model &m) { return exporters::exportMonitoring(m); });
}

} // namespace archsim::cli
