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

int runFolderExport(const QStringList &args, const QString &target, const QString &description,
                    const std::function<exporters::Bundle(const model::Model &)> &make)
{
    QCommandLineParser parser;
    setupParser(parser, description);
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
        printError(QStringLiteral("export %1 needs an output folder: -o DIR").arg(target));
        return ExitBadInput;
    }
    auto model = loadOrReport(parser.positionalArguments().at(0));
    if (!model)
        return ExitBadInput;
    return writeBundleOrReport(make(*model), out, parser.isSet(QStringLiteral("quiet")));
}

} // namespace archsim::cli
