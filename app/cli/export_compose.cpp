// archsim-cli export compose FILE -o DIR

#include "command.h"
#include "common.h"
#include "export_deploy_common.h"
#include "export_targets.h"

#include "archsim/exporters/compose.h"

namespace archsim::cli {

int exportCompose(const QStringList &args)
{
    return runFolderExport(
        args, QStringLiteral("compose"),
        QStringLiteral("Writes a docker-compose local stack of the model (docker-compose.yml, "
                       ".env with\nlocal-only placeholder secrets, redis/<cache>.conf, "
                       "initdb/<db>.sql)."),
        [](const model::Model &m) { return exporters::exportCompose(m, {}); });
}

} // namespace archsim::cli
