// archsim-cli export report FILE -o report.html [--results RUN.json]...

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
        "diagram, components, links, schema, lint findings, the analytic estimate and,\n"
        "with --results, simulation charts. No network access is needed to read it."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Model (.json/.archsim)."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Output HTML file (default: stdout)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("results"),
                      QStringLiteral("A 'simulate --format json' output; repeat for several "
                                     "runs."),
                      QStringLiteral("RUN.json")});
    if (auto done = parseArgs(parser, args, 1, 1))
        return *done;
    auto model = loadOrReport(parser.positionalArguments().at(0));
    if (!model)
        return ExitBadInput;
    exporters::ReportOptions options;
    options.generator = std::string("ArchSim ") + ARCHSIM_VERSION;
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
