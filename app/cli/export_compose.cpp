// archsim-cli export compose FILE -o DIR

#include "command.h"
#include "common.h"
#include "export_deploy_common.h"
#include "export_targets.h"

#include "archsim/exporters/compose.h"

namespace archsim::cli {

int exportCompose(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral(
        "Writes a docker-compose local stack of the model (docker-compose.yml, .env with\n"
        "local-only placeholder secrets, redis/<cache>.conf, initdb/<db>.sql)."));
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
        printError(QStringLiteral("export compose needs an output folder: -o DIR"));
        return ExitBadInput;
    }
    auto model = loadOrReport(parser.positionalArguments().at(0));
    if (!model)
        return ExitBadInput;
    exporters::ComposeOptions options;
    return writeBundleOrReport(exporters::exportCompose(*model, options), out,
                               parser.isSet(QStringLiteral("quiet")));
}

} // namespace archsim::cli
