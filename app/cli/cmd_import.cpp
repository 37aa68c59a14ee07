// archsim-cli import sql FILE --dialect D | import db URL: brings an existing database into a
// model (docs/import.md). Nothing is written when the import fails.

#include "command.h"
#include "common.h"

#include "archsim/importers/import.h"
#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include <cstdio>
#include <iostream>

namespace archsim::cli {

namespace {

void addCommonOptions(QCommandLineParser &parser)
{
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write the model to FILE (.json or .archsim); default: "
                                     "the --into model, or stdout as JSON."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("into"),
                      QStringLiteral("Update MODEL: add the imported database components and "
                                     "schemas, replacing those with the same id."),
                      QStringLiteral("MODEL")});
    parser.addOption({QStringLiteral("strict"),
                      QStringLiteral("Fail (exit 2, nothing written) if anything could not be "
                                     "imported.")});
    parser.addOption({QStringLiteral("name"),
                      QStringLiteral("Base of the component and schema ids (default: the file "
                                     "or database name)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("quiet"),
                      QStringLiteral("Do not list lossy mappings (not-imported items are always "
                                     "listed).")});
}

void printReport(const importers::ImportResult &r, bool quiet)
{
    for (const auto &n : r.notImported)
        std::cerr << n.place << ": not imported: " << n.object << ": " << n.reason << '\n';
    if (!quiet)
        for (const auto &l : r.lossy)
            std::cerr << l.place << ": note: " << l.object << " (" << l.original
                      << "): " << l.note << '\n';
    size_t tables = 0;
    for (const auto &s : r.schemas)
        tables += s.tables.size();
    std::cerr << "imported " << tables << " tables in " << r.schemas.size() << " schema"
              << (r.schemas.size() == 1 ? "" : "s") << "; " << r.notImported.size()
              << " not imported, " << r.lossy.size() << " lossy mappings\n";
}

// Merges, validates and writes; returns an ExitCode.
int finish(const QCommandLineParser &parser,
           const model::Result<importers::ImportResult> &result)
{
    if (!result.ok()) {
        printDiagnostics(result.diagnostics());
        return ExitBadInput;
    }
    printReport(result.value(), parser.isSet(QStringLiteral("quiet")));
    if (parser.isSet(QStringLiteral("strict"))) {
        auto errors = importers::strictErrors(result.value());
        if (!errors.empty()) {
            printError(QStringLiteral("--strict: %1 objects could not be imported; nothing "
                                      "written")
                           .arg(errors.size()));
            return ExitBadInput;
        }
    }
    const QString into = parser.value(QStringLiteral("into"));
    model::Model base;
    if (!into.isEmpty()) {
        auto loaded = loadOrReport(into);
        if (!loaded)
            return ExitBadInput;
        base = *loaded;
    } else {
        base.name = result->databases.empty() ? std::string("Imported")
                                              : result->databases.front().name;
    }
    model::Model merged = importers::mergeImport(base, result.value());
    auto problems = model::validate(merged);
    if (model::hasErrors(problems)) {
        printError(QStringLiteral("the imported model is not valid; nothing written:"));
        printDiagnostics(problems);
        return ExitBadInput;
    }
    QString out = parser.value(QStringLiteral("output"));
    if (out.isEmpty())
        out = into;
    if (out.isEmpty() || out == QLatin1String("-"))
        return writeOutput(model::toJson(merged), {});
    if (model::formatFromPath(out.toStdString()) == model::FileFormat::Unknown) {
        printError(QStringLiteral("%1: unknown output type; expected a .json or .archsim file")
                       .arg(out));
        return ExitBadInput;
    }
    auto status = model::saveModel(merged, out.toStdString());
    if (!status.ok()) {
        printDiagnostics(status.diagnostics);
        return ExitBadInput;
    }
    return ExitOk;
}

// Returns a progress callback drawing "importing: done/total" on a terminal, else none.
importers::Progress terminalProgress()
{
    if (!stderrIsTerminal())
        return {};
    return [](int done, int total) {
        if (total > 0)
            std::cerr << "\rimporting: " << done << "/" << total << " statements"
                      << (done == total ? "\n" : "") << std::flush;
    };
}

int runImportSql(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral("Imports a SQL DDL script (a pg_dump, mysqldump or "
                                       "sqlite3 .schema output, or your own) into a model."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The script."));
    parser.addOption({QStringLiteral("dialect"),
                      QStringLiteral("postgres, mysql or sqlite."), QStringLiteral("D")});
    parser.addOption({QStringLiteral("dev-url"),
                      QStringLiteral("mysql: a server (mysql://user@host:port) where the script "
                                     "is loaded into a scratch database that is dropped "
                                     "afterwards."),
                      QStringLiteral("URL")});
    addCommonOptions(parser);
    if (auto code = parseArgs(parser, args, 1, 1))
        return *code;
    const QString dialect = parser.value(QStringLiteral("dialect"));
    importers::SqlImportOptions options;
    if (dialect == QLatin1String("postgres") || dialect == QLatin1String("postgresql") ||
        dialect == QLatin1String("pg"))
        options.dialect = model::DbEngine::Postgres;
    else if (dialect == QLatin1String("mysql") || dialect == QLatin1String("mariadb"))
        options.dialect = model::DbEngine::Mysql;
    else if (dialect == QLatin1String("sqlite") || dialect == QLatin1String("sqlite3"))
        options.dialect = model::DbEngine::Sqlite;
    else {
        printError(dialect.isEmpty()
                       ? QStringLiteral("--dialect is required: postgres, mysql or sqlite")
                       : QStringLiteral("unknown dialect '%1': expected postgres, mysql or "
                                        "sqlite")
                             .arg(dialect));
        return ExitBadInput;
    }
    const QString file = parser.positionalArguments().at(0);
    auto text = model::readFile(file.toStdString());
    if (!text) {
        printDiagnostics(text.diagnostics());
        return ExitBadInput;
    }
    options.file = file.toStdString();
    options.devUrl = parser.value(QStringLiteral("dev-url")).toStdString();
    options.name = parser.value(QStringLiteral("name")).toStdString();
    options.progress = terminalProgress();
    return finish(parser, importers::importSql(text.value(), options));
}

int runImportDb(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral("Reverse-engineers a live database (read-only, one "
                                       "transaction) into a model, with row and size "
                                       "estimates. Passwords are never written to the model; "
                                       "libpq also reads PGPASSWORD and ~/.pgpass."));
    parser.addPositionalArgument(
        QStringLiteral("URL"),
        QStringLiteral("postgresql://user@host:port/db, mysql://user@host:port/db, "
                       "mariadb://... or the path of a SQLite file."));
    addCommonOptions(parser);
    if (auto code = parseArgs(parser, args, 1, 1))
        return *code;
    importers::DbImportOptions options;
    options.name = parser.value(QStringLiteral("name")).toStdString();
    options.progress = terminalProgress();
    return finish(parser, importers::importDatabase(
                              parser.positionalArguments().at(0).toStdString(), options));
}

int runImport(const QStringList &args)
{
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")) {
        std::fprintf(args.size() < 2 ? stderr : stdout,
                     "Usage: archsim-cli import sql FILE --dialect postgres|mysql|sqlite "
                     "[options]\n       archsim-cli import db URL [options]\n\nRun "
                     "'archsim-cli import sql --help' or 'import db --help' for the options.\n");
        return args.size() < 2 ? ExitBadInput : ExitOk;
    }
    QStringList sub = args;
    sub.removeAt(1);
    sub[0] = args[0] + QLatin1Char(' ') + args[1];
    if (args[1] == QLatin1String("sql"))
        return runImportSql(sub);
    if (args[1] == QLatin1String("db"))
        return runImportDb(sub);
    printError(QStringLiteral("unknown import source '%1': expected sql or db").arg(args[1]));
    return ExitBadInput;
}

const RegisterCommand reg{{"import", "Import a SQL DDL file or a live database into a model",
                           &runImport}};

} // namespace
} // namespace archsim::cli
