// archsim-cli analyze FILE [--format text|json] [--peak] [--rate-factor F] [-o OUT]:
// the analytic queueing estimate (docs/analytic.md).

#include "command.h"
#include "common.h"

#include "archsim/model/analysis.h"
#include "archsim/model/analytic.h"
#include "archsim/model/dataprotection.h"
#include "archsim/model/jobs.h"
#include "archsim/model/realtimeanalytic.h"
#include "archsim/model/streamanalytic.h"
#include "archsim/model/viewrefresh.h"

#include <nlohmann/json.hpp>

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

std::string pathText(const std::vector<std::string> &ids)
{
    std::string out;
    for (const auto &id : ids)
        out += (out.empty() ? "" : " -> ") + id;
    return out;
}

std::string toText(const model::AnalyticEstimate &est, const model::Analysis &an)
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
    out += "\n";
    for (const auto &[client, p] : an.criticalPath)
        out += "critical path of " + client + " (" + fmt(p.value) + " ms): " +
               pathText(p.components) + "\n";
    if (an.worstRetryPath.value > 1)
        out += "worst retry amplification: " + fmt(an.worstRetryPath.value, "%.0f") +
               " attempts along " + pathText(an.worstRetryPath.components) + "\n";
    for (const auto &s : an.spofs)
        out += std::string("single point of failure (") +
               (s.level == model::SinglePointOfFailure::Level::Zone ? "zone" : "component") +
               "): " + s.target + ", cuts off " + std::to_string(s.cutOffCount) +
               " component(s)\n";
    for (const auto &c : an.syncCycles)
        out += "synchronous cycle: " + pathText(c) + "\n";
    for (const auto &a : est.assumptions)
        out += "assumption: " + a + "\n";
    return out;
}

// The stream estimate (docs/streams.md), one line per consume link.
std::string streamsText(const std::vector<model::StreamEstimate> &streams)
{
    if (streams.empty())
        return {};
    std::string out = "\n";
    char line[320];
    std::snprintf(line, sizeof line, "%-50s %9s %7s %8s %6s %7s %9s %9s %8s %9s %10s\n",
                  "consume link (group)", "msgs/s", "active", "ms/msg", "util", "P need",
                  "lag msgs", "lag s", "MB/s in", "backlog", "catch-up s");
    out += line;
    for (const auto &e : streams) {
        const std::string name = e.link + " (" + e.group + ")";
        const std::string active = std::to_string(e.active) + "/" + std::to_string(e.consumers);
        // ms/msg: processing time per message, attempts and the consumer's calls included
        std::snprintf(line, sizeof line, "%-50s %9s %7s %8s %6s %7d %9s %9s %8s %9s %10s %s\n",
                      name.c_str(), fmt(e.publish_rps, "%.2f").c_str(), active.c_str(),
                      fmt(e.service_ms, "%.2f").c_str(), fmt(e.utilization, "%.2f").c_str(),
                      e.partitions_needed,
                      fmt(e.lag_messages, "%.1f").c_str(), fmt(e.lag_s, "%.3f").c_str(),
                      fmt(e.write_mbps, "%.3f").c_str(), fmt(e.backlog, "%.0f").c_str(),
                      fmt(e.catch_up_s, "%.1f").c_str(), e.saturated ? "SATURATED" : "");
        out += line;
    }
    for (const auto &e : streams)
        if (e.overflow_share > 0)
            out += "bounded queue " + e.source + ": " + fmt(100 * e.overflow_share, "%.1f") +
                   "% of the publishes turned away when full (M/M/c/K, " +
                   std::to_string(e.active) + (e.active == 1 ? " consumer" : " consumers") +
                   ")\n";
    for (const auto &e : streams)
        if (e.backoff_ms > 0)
            out += "retry backoff in " + e.link + ": " + fmt(e.backoff_ms, "%.2f") +
                   " ms of the ms/msg are waits before in-place retries\n";
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
    model::AnalysisOptions analysisOptions;
    analysisOptions.fanOut = true;
    analysisOptions.retryThreshold = 1; // report every amplified path
    const auto analysis = model::analyze(*model, &est, analysisOptions);
    const auto streams = model::estimateStreams(*model, est);
    const auto realtime = model::estimateRealtime(*model, est);
    // Data protection once the model says anything about it: older outputs keep their shape.
    const auto data = model::declaresDataProtection(*model)
                          ? model::estimateDataProtection(*model, est)
                          : std::vector<model::DataProtectionEstimate>{};
    const auto jobs = model::estimateJobs(*model, est);
    const auto refreshes = model::estimateViewRefreshes(*model);
    std::string text;
    if (*json) {
        auto doc = nlohmann::ordered_json::parse(model::estimateToJson(est));
        doc["analysis"] = nlohmann::ordered_json::parse(model::analysisToJson(*model, analysis));
        if (!streams.empty()) // older outputs keep their exact shape
            doc["streams"] = nlohmann::ordered_json::parse(model::streamEstimatesToJson(streams));
        if (!realtime.empty())
            doc["realtime"] = nlohmann::ordered_json::parse(
                model::realtimeEstimatesToJson(realtime));
        if (!data.empty())
            doc["data_protection"] =
                nlohmann::ordered_json::parse(model::dataProtectionToJson(data));
        if (!jobs.empty())
            doc["jobs"] = nlohmann::ordered_json::parse(model::jobEstimatesToJson(jobs));
        if (!refreshes.empty())
            doc["view_refreshes"] =
                nlohmann::ordered_json::parse(model::viewRefreshesToJson(refreshes));
        text = doc.dump(2) + "\n";
    } else {
        text = toText(est, analysis) + streamsText(streams) +
               model::realtimeEstimatesToText(realtime) + model::dataProtectionToText(data)
               + model::jobEstimatesToText(jobs) + model::viewRefreshesToText(refreshes);
    }
    return writeOutput(text, parser.value(QStringLiteral("output")));
}

const RegisterCommand reg{{"analyze", "Analytic queueing estimate (utilization, latency)",
                           &runAnalyze}};

} // namespace

} // namespace archsim::cli
