// archsim-cli analyze FILE [--format text|json] [--peak] [--rate-factor F] [-o OUT]:
// the analytic queueing estimate (docs/analytic.md).

#include "command.h"
#include "common.h"

#include "archsim/model/analytic.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace archsim::cli {

namespace {

std::string fmt(double v, const char *spec = "%.3f")
{
    if (!std::isfinite(v))
        return "inf";
    char buf[64];
    std::snprintf(buf, sizeof buf, spec, v);
    return buf;
}

std::string toText(const model::AnalyticEstimate &est)
{
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "%-28s %12s %8s %12s %12s %s\n", "component", "arrival/s",
                  "util", "wait ms", "response ms", "");
    out += line;
    for (const auto &[id, s] : est.components) {
        std::snprintf(line, sizeof line, "%-28s %12s %8s %12s %12s %s\n", id.c_str(),
                      fmt(s.arrival_rps, "%.2f").c_str(), fmt(s.utilization).c_str(),
                      fmt(s.wait_ms).c_str(), fmt(s.response_ms).c_str(),
                      s.saturated ? "SATURATED" : (s.in_cycle ? "in cycle" : ""));
        out += line;
    }
    out += "\n";
    std::snprintf(line, sizeof line, "%-28s %12s %12s\n", "client", "rate/s", "response ms");
    out += line;
    for (const auto &[id, c] : est.clients) {
        std::snprintf(line, sizeof line, "%-28s %12s %12s %s\n", id.c_str(),
                      fmt(c.rate_rps, "%.2f").c_str(), fmt(c.response_ms).c_str(),
                      c.saturated ? "SATURATED" : "");
        out += line;
    }
    for (const auto &a : est.assumptions)
        out += "assumption: " + a + "\n";
    return out;
}

int runAnalyze(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral("Prints the analytic queueing estimate of a model: per "
                                       "station arrival rate, utilization, wait and response; "
                                       "end-to-end mean latency per client."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Model (.json or "
                                                                        ".archsim)."));
    addFormatOption(parser);
    parser.addOption({QStringLiteral("peak"),
                      QStringLiteral("Use each client's peak rate over its profile.")});
    parser.addOption({QStringLiteral("rate-factor"),
                      QStringLiteral("Multiply every client rate by F (default 1)."),
                      QStringLiteral("F"), QStringLiteral("1")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write to OUT instead of stdout."), QStringLiteral("OUT")});
    if (auto code = parseArgs(parser, args, 1, 1))
        return *code;
    const auto json = wantsJson(parser);
    if (!json)
        return ExitBadInput;
    bool ok = false;
    const double factor = parser.value(QStringLiteral("rate-factor")).toDouble(&ok);
    if (!ok || !(factor >= 0) || !std::isfinite(factor)) {
        printError(QStringLiteral("--rate-factor expects a number >= 0, got '%1'")
                       .arg(parser.value(QStringLiteral("rate-factor"))));
        return ExitBadInput;
    }
    const auto model = loadOrReport(parser.positionalArguments().at(0));
    if (!model)
        return ExitBadInput;
    model::EstimateOptions options;
    options.rateFactor = factor;
    options.basis = parser.isSet(QStringLiteral("peak")) ? model::RateBasis::Peak
                                                         : model::RateBasis::Nominal;
    const auto est = model::estimate(*model, options);
    const std::string text = *json ? model::estimateToJson(est) : toText(est);
    return writeOutput(text, parser.value(QStringLiteral("output")));
}

const RegisterCommand reg{{"analyze", "Analytic queueing estimate (utilization, latency)",
                           &runAnalyze}};

} // namespace

} // namespace archsim::cli
