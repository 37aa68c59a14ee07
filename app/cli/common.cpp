#include "common.h"

#include "archsim/model/io.h"

#include <QTextStream>

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace archsim::cli {

namespace {
std::vector<Command> &registry()
{
    static std::vector<Command> commands;
    return commands;
}
} // namespace

RegisterCommand::RegisterCommand(Command command)
{
    auto &r = registry();
    auto it = r.begin();
    while (it != r.end() && std::string_view(it->name) < command.name)
        ++it;
    r.insert(it, command);
}

const std::vector<Command> &commands() { return registry(); }

void setupParser(QCommandLineParser &parser, const QString &description)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
}

std::optional<int> parseArgs(QCommandLineParser &parser, const QStringList &args,
                             int minPositional, int maxPositional)
{
    if (!parser.parse(args)) {
        printError(parser.errorText() + QStringLiteral("\nTry '") + args.value(0) +
                   QStringLiteral(" --help'."));
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(parser.helpText().toLocal8Bit().constData(), stdout);
        return ExitOk;
    }
    const int n = static_cast<int>(parser.positionalArguments().size());
    if (n < minPositional || (maxPositional >= 0 && n > maxPositional)) {
        printError(QStringLiteral("wrong number of arguments\n") + parser.helpText());
        return ExitBadInput;
    }
    return std::nullopt;
}

void addFormatOption(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("Output format: text (default) or json."),
                      QStringLiteral("text|json"), QStringLiteral("text")});
}

std::optional<bool> wantsJson(const QCommandLineParser &parser)
{
    const QString f = parser.value(QStringLiteral("format"));
    if (f == QLatin1String("json"))
        return true;
    if (f == QLatin1String("text") || f.isEmpty())
        return false;
    printError(QStringLiteral("unknown --format '%1'; expected text or json").arg(f));
    return std::nullopt;
}

void addDialectOption(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("dialect"),
                      QStringLiteral("postgres, mysql (also MariaDB) or sqlite."),
                      QStringLiteral("dialect")});
}

std::optional<exporters::Dialect> dialectOption(const QCommandLineParser &parser)
{
    const QString name = parser.value(QStringLiteral("dialect"));
    const auto dialect = exporters::parseDialect(name.toStdString());
    if (!dialect)
        printError(name.isEmpty()
                       ? QStringLiteral("--dialect is required: postgres, mysql or sqlite")
                       : QStringLiteral("unknown --dialect '%1'; expected postgres, mysql or "
                                        "sqlite").arg(name));
    return dialect;
}

void printDiagnostics(const model::Diagnostics &diagnostics)
{
    for (const auto &d : diagnostics)
        std::cerr << d.format() << '\n';
}

std::optional<model::Model> loadOrReport(const QString &path)
{
    auto result = model::loadModel(path.toStdString());
    if (!result.ok()) {
        printDiagnostics(result.diagnostics());
        return std::nullopt;
    }
    printDiagnostics(result.diagnostics()); // warnings
    return std::move(result).value();
}

int writeOutput(const std::string &text, const QString &outPath)
{
    if (outPath.isEmpty() || outPath == QLatin1String("-")) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return ExitOk;
    }
    auto status = model::writeFileAtomically(outPath.toStdString(), text);
    if (!status.ok()) {
        printDiagnostics(status.diagnostics);
        return ExitBadInput;
    }
    return ExitOk;
}

void printError(const QString &message)
{
    std::cerr << "archsim-cli: " << message.toStdString() << '\n';
}

bool stderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

} // namespace archsim::cli
