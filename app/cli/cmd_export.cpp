// archsim-cli export <target> ...: dispatches to one exporter per target (export_targets.h).

#include "command.h"
#include "common.h"
#include "export_targets.h"

#include <cstdio>

namespace archsim::cli {

namespace {

struct Target {
    const char *name;
    const char *summary;
    int (*run)(const QStringList &args);
};

// One line per target; keep them sorted by name.
const Target kTargets[] = {
    {"compose", "docker-compose local stack (folder)", &exportCompose},
    {"ddl", "SQL DDL for postgres, mysql or sqlite (and partition maintenance)", &runExportDdl},
    {"k8s", "Kubernetes manifests (folder)", &exportK8s},
    {"monitoring", "Prometheus SLO and model alert rules, Grafana dashboards (folder)",
     &exportMonitoring},
    {"redis", "redis.conf per cache (folder)", &exportRedis},
    {"report", "self-contained HTML review report (file)", &exportReport},
    {"sweep-job", "Kubernetes Indexed Job running a sharded sweep, and its merge (folder)",
     &exportSweepJob},
};

void printTargets(FILE *out)
{
    std::fprintf(out, "Usage: archsim-cli export <target> [options] FILE\n\nTargets:\n");
    for (const auto &t : kTargets)
        std::fprintf(out, "  %-10s %s\n", t.name, t.summary);
    std::fprintf(out, "\nRun 'archsim-cli export <target> --help' for a target's options.\n");
}

int runExport(const QStringList &args)
{
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")) {
        printTargets(args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? ExitBadInput : ExitOk;
    }
    for (const auto &t : kTargets) {
        if (args[1] != QLatin1String(t.name))
            continue;
        QStringList sub = args;
        sub.removeAt(1);
        sub[0] = args[0] + QLatin1Char(' ') + QLatin1String(t.name);
        return t.run(sub);
    }
    printError(QStringLiteral("unknown export target '%1'; run 'archsim-cli export --help'")
                   .arg(args[1]));
    return ExitBadInput;
}

const RegisterCommand reg{{"export",
                           "Export DDL, Kubernetes, compose, Redis config, monitoring rules or "
                           "the review report",
                           &runExport}};

} // namespace
} // namespace archsim::cli
