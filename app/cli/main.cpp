// archsim-cli: the headless ArchSim tool (validate, convert, info, lint, analyze, simulate,
// export, diff). Subcommands register themselves; see command.h.

#include "command.h"
#include "common.h"

#include <QCoreApplication>

#include <cstdio>
#include <exception>
#include <iostream>

using namespace archsim::cli;

namespace {

void printUsage(FILE *to)
{
    std::fprintf(to, "Usage: archsim-cli [--version] [--help] <command> [options] [args]\n\n"
                "Commands:\n");
    for (const auto &c : commands())
        std::fprintf(to, "  %-10s %s\n", c.name, c.summary);
    std::fprintf(to, "\nRun 'archsim-cli <command> --help' for a command's options.\n"
                "Exit codes: 0 ok, 1 findings at or above --fail-on, 2 bad usage or bad input,\n"
                "3 internal error.\n");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("archsim-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ARCHSIM_VERSION));
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")
        || args[1] == QLatin1String("help")) {
        printUsage(args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? ExitBadInput : ExitOk;
    }
    if (args[1] == QLatin1String("--version")) {
        std::printf("archsim-cli %s\n", ARCHSIM_VERSION);
        return ExitOk;
    }
    for (const auto &c : commands()) {
        if (args[1] != QLatin1String(c.name))
            continue;
        QStringList sub = args;
        sub.removeAt(1);
        sub[0] = QStringLiteral("archsim-cli ") + QLatin1String(c.name);
        try {
            return c.run(sub);
        } catch (const std::exception &e) {
            std::cerr << "archsim-cli: internal error: " << e.what() << '\n';
            return ExitInternal;
        } catch (...) {
            std::cerr << "archsim-cli: internal error\n";
            return ExitInternal;
        }
    }
    printError(QStringLiteral("unknown command '%1'; run 'archsim-cli --help'").arg(args[1]));
    return ExitBadInput;
}
