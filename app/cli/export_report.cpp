// archsim-cli export report FILE -o report.html [--results RUN.json]... [--stored-runs N]

#include "command.h"
#include "common.h"
#include "export_targets.h"

#include "archsim/exporters/report.h"
#include "archsim/model/io.h"

#include <QFileInfo>

namespace archsim::cli {

int exportReport(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral(
        "Writes the review report: one self-contained HTML file with the architecture\n"
        "diagram, components, links, schema, lint findings, the analytic estimate and\n"
        "simulation charts for the runs stored in a .archsim project and those given with\n"
        "--results. No network access is needed to read it."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Model (.json/.archsim)."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Output HTML file (default: stdout)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("results"),
                      QStringLiteral("A 'simulate --format json' output; repeat for several "
                                     "runs."),
                      QStringLiteral("RUN.json")});
    parser.addOption({QStringLiteral("stored-runs"),
                      QStringLiteral("From a .archsim project: how many of its most recent "
                                     "stored runs to include (default 3, 0 = none)."),
                      QStringLiteral("N"), QStringLiteral("3")});
    if (auto done = parseArgs(parser, args, 1, 1))
        return *done;
    const QString file = parser.positionalArguments().at(0);
    auto model = loadOrReport(file);
    if (!model)
        return ExitBadInput;
    bool numberOk = false;
    const int storedWanted = parser.value(QStringLiteral("stored-runs")).toInt(&numberOk);
    if (!numberOk || storedWanted < 0) {
        printError(QStringLiteral("--stored-runs expects a number >= 0"));
        return ExitBadInput;
    }
    exporters::ReportOptions options;
    options.generator = std::string("ArchSim ") + ARCHSIM_VERSION;
    if (storedWanted > 0 && model::formatFromPath(file.toStdString())
            == model::FileFormat::Archsim) {
        model::Diagnostics skipped;
        auto runs = exporters::storedReportRuns(file.toStdString(), storedWanted, &skipped);
        printDiagnostics(skipped);
        if (!runs.ok()) {
            printDiagnostics(runs.diagnostics());
            return ExitBadInput;
        }
        options.runs = std::move(runs).value();
    }
    for (const QString &path : parser.values(QStringLiteral("results"))) {
        auto text = model::readFile(path.toStdString());
        if (!text.ok()) {
            printDiagnostics(text.diagnostics());
            return ExitBadInput;
        }
        auto run = exporters::parseSimulationRun(text.value(), path.toStdString());
        if (!run.ok()) {
            printDiagnostics(run.diagnostics());
            return ExitBadInput;
        }
        run->label = QFileInfo(path).fileName().toStdString();
        options.runs.push_back(std::move(run).value());
    }
    return writeOutput(exporters::exportReport(*model, options),
                       parser.value(QStringLiteral("output")));
}

} // namespace archsim::cli
