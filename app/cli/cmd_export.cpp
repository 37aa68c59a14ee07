// archsim-cli export <target> FILE ...: dispatches to the target's own function.

#include "command.h"
#include "common.h"
#include "export_targets.h"

#include <cstdio>
#include <map>
#include <string>

namespace archsim::cli {

namespace {

struct Target {
    int (*run)(const QStringList &args);
    const char *summary;
};

const std::map<std::string, Target> &targets()
{
    static const std::map<std::string, Target> t{
        {"compose", {&exportCompose, "docker-compose local stack (folder)"}},
        {"k8s", {&exportK8s, "Kubernetes manifests (folder)"}},
        {"redis", {&exportRedis, "redis.conf per cache (folder)"}},
        {"report", {&exportReport, "self-contained HTML review report (file)"}},
    };
    return t;
}

void printTargets(FILE *out)
{
    std::fprintf(out, "Usage: archsim-cli export <target> FILE [options]\n\nTargets:\n");
    for (const auto &[name, t] : targets())
        std::fprintf(out, "  %-8s %s\n", name.c_str(), t.summary);
    std::fprintf(out, "\nRun 'archsim-cli export <target> --help' for its options.\n");
}

int runExport(const QStringList &args)
{
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")) {
        printTargets(args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? ExitBadInput : ExitOk;
    }
    const auto it = targets().find(args[1].toStdString());
    if (it == targets().end()) {
        printError(QStringLiteral("unknown export target '%1'").arg(args[1]));
        printTargets(stderr);
        return ExitBadInput;
    }
    QStringList sub = args;
    sub.removeAt(1);
    sub[0] = args[0] + QLatin1Char(' ') + args[1];
    return it->second.run(sub);
}

} // namespace

static RegisterCommand reg{{"export", "Export DDL, Kubernetes, compose, Redis or a report",
                            &runExport}};

} // namespace archsim::cli
