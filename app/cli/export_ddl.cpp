// archsim-cli export ddl: SQL DDL per dialect, or the partition maintenance script.

#include "common.h"
#include "export_targets.h"

#include "archsim/exporters/ddl.h"

namespace archsim::cli {

int runExportDdl(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral(
        "Writes the SQL DDL of the model's schemas: tables in dependency order, keys, indexes, "
        "comments, partitions and one least-privilege role per service (no passwords). "
        "With --maintenance, writes the partition maintenance script instead. "
        "docs/ddl.md lists the type mapping and every adaptation."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The model."));
    addDialectOption(parser);
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write to this file instead of stdout."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("schema"),
                      QStringLiteral("Export only the schema with this id."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("no-roles"),
                      QStringLiteral("Leave out the roles and grants.")});
    parser.addOption({QStringLiteral("maintenance"),
                      QStringLiteral("Write the partition maintenance script.")});
    parser.addOption({QStringLiteral("ahead"),
                      QStringLiteral("Maintenance: periods to create ahead (default 3)."),
                      QStringLiteral("n"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("as-of"),
                      QStringLiteral("Maintenance: the date taken as today (YYYY-MM-DD); "
                                     "default: the server's current date."),
                      QStringLiteral("date")});
    if (auto code = parseArgs(parser, args, 1, 1))
        return *code;
    const auto dialect = dialectOption(parser);
    if (!dialect)
        return ExitBadInput;
    bool aheadOk = false;
    const int ahead = parser.value(QStringLiteral("ahead")).toInt(&aheadOk);
    if (!aheadOk || ahead < 0 || ahead > 1000) {
        printError(QStringLiteral("--ahead needs a number from 0 to 1000"));
        return ExitBadInput;
    }
    const QString path = parser.positionalArguments().at(0);
    auto m = loadOrReport(path);
    if (!m)
        return ExitBadInput;

    model::Result<std::string> result = std::string();
    if (parser.isSet(QStringLiteral("maintenance"))) {
        exporters::MaintenanceOptions options;
        options.schema = parser.value(QStringLiteral("schema")).toStdString();
        options.ahead = ahead;
        options.asOf = parser.value(QStringLiteral("as-of")).toStdString();
        result = exporters::exportPartitionMaintenance(*m, *dialect, options);
    } else {
        exporters::DdlOptions options;
        options.schema = parser.value(QStringLiteral("schema")).toStdString();
        options.roles = !parser.isSet(QStringLiteral("no-roles"));
        result = exporters::exportDdl(*m, *dialect, options);
    }
    auto diagnostics = result.diagnostics();
    for (auto &d : diagnostics)
        d.file = path.toStdString();
    printDiagnostics(diagnostics);
    if (!result.ok())
        return ExitBadInput;
    return writeOutput(result.value(), parser.value(QStringLiteral("output")));
}

} // namespace archsim::cli
