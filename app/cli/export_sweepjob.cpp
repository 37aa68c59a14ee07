// archsim-cli export sweep-job FILE --spec SPEC --shards N --image IMAGE -o DIR: the Kubernetes
// manifests of a sharded sweep (docs/sweeps.md, "On a cluster").

#include "command.h"
#include "common.h"
#include "export_deploy_common.h"
#include "export_targets.h"

#include "archsim/exporters/sweepjob.h"
#include "archsim/model/io.h"
#include "archsim/sweep/spec.h"

namespace archsim::cli {

namespace {

// Reads a whole-number option into `out`; reports a malformed one as bad usage.
bool intOption(const QCommandLineParser &parser, const QString &name, int &out)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    out = parser.value(name).toInt(&ok);
    if (!ok)
        printError(QStringLiteral("--%1: '%2' is not a whole number")
                       .arg(name, parser.value(name)));
    return ok;
}

} // namespace

int exportSweepJob(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral(
        "Writes the Kubernetes manifests of a sharded sweep: the model and the spec in a\n"
        "ConfigMap, an Indexed Job whose pods each run 'archsim-cli sweep --shard N' and write\n"
        "their part to a ReadWriteMany volume, and a merge Job to apply once it completes.\n"
        "The spec is checked against the model first."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Model (.json/.archsim)."));
    parser.addOptions({
        {{QStringLiteral("o"), QStringLiteral("output")},
         QStringLiteral("Output folder (required)."), QStringLiteral("DIR")},
        {QStringLiteral("spec"), QStringLiteral("The sweep spec (required)."),
         QStringLiteral("SPEC")},
        {QStringLiteral("shards"), QStringLiteral("Shards: completions of the Indexed Job."),
         QStringLiteral("N")},
        {QStringLiteral("image"),
         QStringLiteral("The archsim-cli image (deploy/Dockerfile.cli builds it; required)."),
         QStringLiteral("IMAGE")},
        {QStringLiteral("parallelism"),
         QStringLiteral("Pods running at once (default: the shards)."), QStringLiteral("P")},
        {QStringLiteral("threads"),
         QStringLiteral("Threads of each shard, and the vCPUs it requests (default 1)."),
         QStringLiteral("T")},
        {QStringLiteral("name"), QStringLiteral("Prefix of the objects' names."),
         QStringLiteral("NAME"), QStringLiteral("archsim-sweep")},
        {QStringLiteral("namespace"),
         QStringLiteral("Namespace (default: from the model name, as export k8s)."),
         QStringLiteral("NS")},
        {QStringLiteral("storage-class"),
         QStringLiteral("Storage class of the parts volume (ReadWriteMany)."),
         QStringLiteral("CLASS")},
        {{QStringLiteral("q"), QStringLiteral("quiet")},
         QStringLiteral("Do not list the written files.")},
    });
    if (auto done = parseArgs(parser, args, 1, 1))
        return *done;
    const QString out = parser.value(QStringLiteral("output"));
    for (const char *required : {"output", "spec", "shards", "image"})
        if (!parser.isSet(QLatin1String(required))) {
            printError(QStringLiteral("export sweep-job needs --%1 (-o DIR --spec SPEC "
                                      "--shards N --image IMAGE)").arg(QLatin1String(required)));
            return ExitBadInput;
        }
    exporters::SweepJobOptions options;
    options.image = parser.value(QStringLiteral("image")).toStdString();
    options.name = parser.value(QStringLiteral("name")).toStdString();
    options.ns = parser.value(QStringLiteral("namespace")).toStdString();
    options.storageClass = parser.value(QStringLiteral("storage-class")).toStdString();
    if (!intOption(parser, QStringLiteral("shards"), options.shards)
        || !intOption(parser, QStringLiteral("parallelism"), options.parallelism)
        || !intOption(parser, QStringLiteral("threads"), options.threads))
        return ExitBadInput;
    auto model = loadOrReport(parser.positionalArguments().at(0));
    if (!model)
        return ExitBadInput;
    const std::string specPath = parser.value(QStringLiteral("spec")).toStdString();
    auto specText = model::readFile(specPath);
    if (!specText.ok()) {
        printDiagnostics(specText.diagnostics());
        return ExitBadInput;
    }
    auto spec = sweep::parseSpec(specText.value(), specPath, *model);
    if (!spec.ok()) {
        printDiagnostics(spec.diagnostics());
        return ExitBadInput;
    }
    auto bundle = exporters::exportSweepJob(*model, model::toJson(*model), specText.value(),
                                            options);
    if (!bundle.ok()) {
        printDiagnostics(bundle.diagnostics());
        return ExitBadInput;
    }
    return writeBundleOrReport(bundle.value(), out, parser.isSet(QStringLiteral("quiet")));
}

} // namespace archsim::cli
