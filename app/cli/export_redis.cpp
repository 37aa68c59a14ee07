// archsim-cli export redis FILE -o DIR

#include "common.h"
#include "export_deploy_common.h"
#include "export_targets.h"

#include "archsim/exporters/redisconf.h"

namespace archsim::cli {

int exportRedis(const QStringList &args)
{
    return runFolderExport(
        args, QStringLiteral("redis"),
        QStringLiteral("Writes <cache-id>.conf per cache component: maxmemory from capacity and "
                       "value\nsize, maxmemory-policy from the eviction, the TTLs the "
                       "application must set."),
        [](const model::Model &m) {
            auto bundle = exporters::exportRedis(m);
            if (bundle.files.empty())
                printError(QStringLiteral(
                    "note: the model has no cache component; nothing written"));
            return bundle;
        });
}

} // namespace archsim::cli
