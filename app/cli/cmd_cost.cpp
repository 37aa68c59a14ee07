// archsim-cli cost FILE [--results RUN.json] [--prices TABLE.json] [--format json]: what the
// design costs per month and per million requests (docs/operations.md).

#include "command.h"
#include "common.h"

#include "archsim/exporters/cost.h"
#include "archsim/exporters/report.h"
#include "archsim/model/io.h"

#include <iostream>

namespace archsim::cli {

namespace {

int runCost(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral(
        "Prices the design per component and in total, per month and per million requests:\n"
        "max(requested, used) x hours per month x rate (OpenCost's rule). Requested is what\n"
        "the Kubernetes export requests; used replicas and the throughput come from a run\n"
        "(--results, the JSON of 'archsim-cli simulate --format json'), else the model's\n"
        "declared replicas and its clients' nominal rps. Prices: the bundled table\n"
        "(resources/prices/default.json) unless --prices names another; per-component\n"
        "overrides in the model's 'price' fields."));
    addFormatOption(parser);
    parser.addOption({QStringLiteral("results"),
                      QStringLiteral("A simulation run (simulate --format json)."),
                      QStringLiteral("RUN")});
    parser.addOption({QStringLiteral("prices"),
                      QStringLiteral("A price table replacing the bundled one."),
                      QStringLiteral("TABLE")});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The model."));
    if (auto code = parseArgs(parser, args, 1, 1))
        return *code;
    auto json = wantsJson(parser);
    if (!json)
        return ExitBadInput;
    auto m = loadOrReport(parser.positionalArguments().first());
    if (!m)
        return ExitBadInput;
    exporters::PriceTable prices = exporters::defaultPriceTable();
    if (parser.isSet(QStringLiteral("prices"))) {
        auto table =
            exporters::loadPriceTable(parser.value(QStringLiteral("prices")).toStdString());
        if (!table.ok()) {
            printDiagnostics(table.diagnostics());
            return ExitBadInput;
        }
        prices = table.value();
    }
    exporters::CostUsage usage;
    if (parser.isSet(QStringLiteral("results"))) {
        const std::string path = parser.value(QStringLiteral("results")).toStdString();
        auto text = model::readFile(path);
        if (!text.ok()) {
            printDiagnostics(text.diagnostics());
            return ExitBadInput;
        }
        auto run = exporters::parseSimulationRun(text.value(), path);
        if (!run.ok()) {
            printDiagnostics(run.diagnostics());
            return ExitBadInput;
        }
        auto used = exporters::costUsageFromRun(run->data);
        if (!used.ok()) {
            for (auto &d : used.diagnostics())
                d.file = path;
            printDiagnostics(used.diagnostics());
            return ExitBadInput;
        }
        usage = used.value();
    }
    const auto report = exporters::computeCost(*m, prices, usage);
    std::cout << (*json ? exporters::costToJson(report) : exporters::costToText(report));
    return ExitOk;
}

const RegisterCommand reg{{"cost", "Price the design per month and per million requests",
                           &runCost}};

} // namespace

} // namespace archsim::cli
