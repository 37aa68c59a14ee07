// archsim-cli export redis FILE -o DIR

#include "command.h"
#include "common.h"
#include "export_deploy_common.h"
#include "export_targets.h"

#include "archsim/exporters/redisconf.h"

namespace archsim::cli {

int exportRedis(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral(
        "Writes <cache-id>.conf per cache component: maxmemory from capacity and value\n"
        "size, maxmemory-policy from the eviction, the TTLs the application must set."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Model (.json/.archsim)."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Output folder (required)."), QStringLiteral("DIR")});
    parser.addOption({{QStringLiteral("q"), QStringLiteral("quiet")},
                      QStringLiteral("Do not list the written files.")});
    if (auto done = parseArgs(parser, args, 1, 1))
        return *done;
    const QString out = parser.value(QStringLiteral("output"));
    if (out.isEmpty()) {
        printError(QStringLiteral("export redis needs an output folder: -o DIR"));
        return ExitBadInput;
    }
    auto model = loadOrReport(parser.positionalArguments().at(0));
    if (!model)
        return ExitBadInput;
    const auto bundle = exporters::exportRedis(*model);
    if (bundle.files.empty())
        printError(QStringLiteral("note: the model has no cache component; nothing written"));
    return writeBundleOrReport(bundle, out, parser.isSet(QStringLiteral("quiet")));
}

} // namespace archsim::cli
