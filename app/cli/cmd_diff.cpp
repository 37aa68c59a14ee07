// archsim-cli diff OLD NEW --dialect D: the migration between two models and its
// compatibility report.

#include "command.h"
#include "common.h"

#include "archsim/exporters/migration.h"

#include <iostream>

namespace archsim::cli {

namespace {

int runDiff(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral(
        "Writes the ordered statements that take a database built from OLD to NEW, headed by a "
        "compatibility report that classifies each change as safe, data-dependent, "
        "backward-incompatible or destructive. Renames come only from renamed_from in NEW."));
    parser.addPositionalArgument(QStringLiteral("OLD"), QStringLiteral("The model deployed now."));
    parser.addPositionalArgument(QStringLiteral("NEW"), QStringLiteral("The model to reach."));
    addDialectOption(parser);
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write the migration script to this file (the report then "
                                     "goes to stdout)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("fail-on"),
                      QStringLiteral("Exit with 1 when a change at this level is present: "
                                     "breaking (any change that is not safe) or never."),
                      QStringLiteral("level"), QStringLiteral("never")});
    addFormatOption(parser);
    if (auto code = parseArgs(parser, args, 2, 2))
        return *code;
    const auto json = wantsJson(parser);
    if (!json)
        return ExitBadInput;
    const QString failOn = parser.value(QStringLiteral("fail-on"));
    if (failOn != QLatin1String("breaking") && failOn != QLatin1String("never")) {
        printError(QStringLiteral("unknown --fail-on '%1'; expected breaking or never")
                       .arg(failOn));
        return ExitBadInput;
    }
    const auto dialect = dialectOption(parser);
    if (!dialect)
        return ExitBadInput;
    const QString oldPath = parser.positionalArguments().at(0);
    const QString newPath = parser.positionalArguments().at(1);
    auto oldModel = loadOrReport(oldPath);
    if (!oldModel)
        return ExitBadInput;
    auto newModel = loadOrReport(newPath);
    if (!newModel)
        return ExitBadInput;
    auto result = exporters::diffModels(*oldModel, *newModel, *dialect);
    auto diagnostics = result.diagnostics();
    for (auto &d : diagnostics)
        if (d.file.empty())
            d.file = newPath.toStdString();
    printDiagnostics(diagnostics);
    if (!result.ok())
        return ExitBadInput;
    const auto &m = result.value();
    const QString out = parser.value(QStringLiteral("output"));
    int code = ExitOk;
    if (*json) {
        if (!out.isEmpty())
            code = writeOutput(m.sql, out);
        if (code == ExitOk)
            code = writeOutput(exporters::migrationJson(m), {});
    } else if (!out.isEmpty()) {
        code = writeOutput(m.sql, out);
        if (code == ExitOk) {
            std::string report;
            for (const auto &c : m.changes)
                report += "[" + std::string(exporters::toString(c.cls)) + "] " + c.object +
                          ": " + c.message + "\n";
            if (report.empty())
                report = "no changes\n";
            code = writeOutput(report, {});
        }
    } else {
        code = writeOutput(m.sql, {});
    }
    if (code != ExitOk)
        return code;
    return failOn == QLatin1String("breaking") && m.breaking() ? ExitFindings : ExitOk;
}

const RegisterCommand reg{{"diff", "Migration and compatibility report between two models",
                           &runDiff}};

} // namespace
} // namespace archsim::cli
