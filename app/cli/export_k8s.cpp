// archsim-cli export k8s FILE -o DIR [--namespace NS] [--registry R] [--tag T]

#include "command.h"
#include "common.h"
#include "export_deploy_common.h"
#include "export_targets.h"

#include "archsim/exporters/k8s.h"

namespace archsim::cli {

int exportK8s(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral(
        "Writes Kubernetes manifests for the model: a workload, Service, HPA and\n"
        "PodDisruptionBudget per component run in the cluster, a default-deny\n"
        "NetworkPolicy with one allow per modeled link, partition maintenance,\n"
        "materialized view refresh and database backup CronJobs."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Model (.json/.archsim)."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Output folder (required)."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("namespace"),
                      QStringLiteral("Namespace (default: from the model name)."),
                      QStringLiteral("NS")});
    parser.addOption({QStringLiteral("registry"),
                      QStringLiteral("Registry prefix of images the model does not name."),
                      QStringLiteral("R"), QStringLiteral("registry.example.com")});
    parser.addOption({QStringLiteral("tag"),
                      QStringLiteral("Tag of images the model does not name."),
                      QStringLiteral("T"), QStringLiteral("0.1.0")});
    parser.addOption({{QStringLiteral("q"), QStringLiteral("quiet")},
                      QStringLiteral("Do not list the written files.")});
    if (auto done = parseArgs(parser, args, 1, 1))
        return *done;
    const QString out = parser.value(QStringLiteral("output"));
    if (out.isEmpty()) {
        printError(QStringLiteral("export k8s needs an output folder: -o DIR"));
        return ExitBadInput;
    }
    auto model = loadOrReport(parser.positionalArguments().at(0));
    if (!model)
        return ExitBadInput;
    exporters::K8sOptions options;
    options.ns = parser.value(QStringLiteral("namespace")).toStdString();
    options.registry = parser.value(QStringLiteral("registry")).toStdString();
    options.tag = parser.value(QStringLiteral("tag")).toStdString();
    auto bundle = exporters::exportKubernetes(*model, options);
    if (!bundle.ok()) {
        printDiagnostics(bundle.diagnostics());
        return ExitBadInput;
    }
    return writeBundleOrReport(bundle.value(), out, parser.isSet(QStringLiteral("quiet")));
}

} // namespace archsim::cli
