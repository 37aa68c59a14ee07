// archsim-cli simulate FILE: runs the load simulator (replications on worker threads) and prints
// the summary, per-component figures, the per-second timeline and 95% intervals.

#include "command.h"
#include "common.h"

#include "archsim/simulator/simulation.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace archsim::cli {

namespace {

std::atomic<bool> g_cancel{false};

extern "C" void onInterrupt(int) { g_cancel.store(true); }

// Reads an optional number option; reports a malformed value as bad usage.
template <typename T>
bool readNumber(const QCommandLineParser &parser, const QString &name, std::optional<T> &out)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const QString text = parser.value(name);
    if constexpr (std::is_same_v<T, double>)
        out = text.toDouble(&ok);
    else if constexpr (std::is_same_v<T, uint64_t>)
        out = text.toULongLong(&ok);
    else
        out = text.toInt(&ok);
    if (!ok)
        printError(QStringLiteral("--%1: '%2' is not a valid number").arg(name, text));
    return ok;
}

class ProgressBar {
public:
    void update(double fraction)
    {
        const auto now = std::chrono::steady_clock::now();
        if (now - m_last < std::chrono::milliseconds(100) && fraction < 1.0)
            return;
        m_last = now;
        const int width = 40;
        const int filled = static_cast<int>(fraction * width + 0.5);
        std::string bar(static_cast<size_t>(filled), '#');
        bar.resize(width, ' ');
        std::fprintf(stderr, "\rsimulating [%s] %3d%%", bar.c_str(),
                     static_cast<int>(fraction * 100 + 0.5));
        std::fflush(stderr);
        m_drawn = true;
    }
    void finish()
    {
        if (m_drawn)
            std::fprintf(stderr, "\r%60s\r", "");
    }

private:
    std::chrono::steady_clock::time_point m_last{};
    bool m_drawn = false;
};

int runSimulate(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral(
        "Simulates the load on a model: latency percentiles, throughput, utilization, queues and "
        "rejections per component, a per-second timeline, and 95% t-intervals over "
        "replications. Same model, scenario and seed give the same output for any --threads."));
    addFormatOption(parser);
    parser.addOptions({
        {QStringLiteral("scenario"), QStringLiteral("Scenario id (default: nominal load)."),
         QStringLiteral("ID")},
        {QStringLiteral("duration"), QStringLiteral("Simulated seconds, warm-up included."),
         QStringLiteral("S")},
        {QStringLiteral("warmup"), QStringLiteral("Seconds deleted from the statistics."),
         QStringLiteral("S")},
        {QStringLiteral("seed"), QStringLiteral("Base seed of the random streams."),
         QStringLiteral("N")},
        {QStringLiteral("replications"), QStringLiteral("Independent replications (default 1)."),
         QStringLiteral("R")},
        {QStringLiteral("threads"),
         QStringLiteral("Worker threads (default: the number of cores)."), QStringLiteral("T")},
        {{QStringLiteral("o"), QStringLiteral("output")},
         QStringLiteral("Write the report to FILE instead of stdout."), QStringLiteral("FILE")},
        {QStringLiteral("timeline-step"),
         QStringLiteral("Seconds per timeline point (default 1): long runs write a shorter "
                        "report; percentiles of a point are the largest of its seconds."),
         QStringLiteral("S")},
        {QStringLiteral("no-timing"),
         QStringLiteral("Leave the wall-clock time out of the JSON, so runs compare byte for "
                        "byte.")},
    });
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The model to simulate."));
    if (auto code = parseArgs(parser, args, 1, 1))
        return *code;
    auto json = wantsJson(parser);
    if (!json)
        return ExitBadInput;

    simulator::SimulationOptions options;
    options.scenario = parser.value(QStringLiteral("scenario")).toStdString();
    std::optional<int> reps, threads, step;
    if (!readNumber(parser, QStringLiteral("duration"), options.duration_s)
        || !readNumber(parser, QStringLiteral("warmup"), options.warmup_s)
        || !readNumber(parser, QStringLiteral("seed"), options.seed)
        || !readNumber(parser, QStringLiteral("replications"), reps)
        || !readNumber(parser, QStringLiteral("threads"), threads)
        || !readNumber(parser, QStringLiteral("timeline-step"), step))
        return ExitBadInput;
    if (step && *step < 1) {
        printError(QStringLiteral("--timeline-step: %1 is not a whole number of seconds of at "
                                  "least 1").arg(*step));
        return ExitBadInput;
    }
    options.replications = reps.value_or(1);
    options.threads = threads.value_or(
        static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));

    auto model = loadOrReport(parser.positionalArguments().first());
    if (!model)
        return ExitBadInput;

    g_cancel.store(false);
    options.cancel = &g_cancel;
    auto previous = std::signal(SIGINT, onInterrupt);
    ProgressBar bar;
    simulator::ProgressFn progress;
    if (stderrIsTerminal())
        progress = [&bar](const simulator::Progress &p) { bar.update(p.fraction); };
    auto result = simulator::runSimulation(*model, options, progress);
    std::signal(SIGINT, previous);
    bar.finish();
    printDiagnostics(result.diagnostics());
    if (!result.ok())
        return ExitBadInput;
    if (step)
        simulator::coarsenTimeline(result.value(), *step);
    if (result->cancelled)
        printError(QStringLiteral("interrupted: the report covers the %1 replication(s) that "
                                  "finished").arg(result->replications));
    const std::string text = *json
        ? simulator::toJson(result.value(), !parser.isSet(QStringLiteral("no-timing")))
        : simulator::toText(result.value());
    const int written = writeOutput(text, parser.value(QStringLiteral("output")));
    // An interrupted run exits like a shell job killed by SIGINT (128 + 2), after writing the
    // report of what finished.
    return written == ExitOk && result->cancelled ? 130 : written;
}

RegisterCommand reg{{"simulate", "Simulate the load on a model (latency, throughput, queues)",
                     &runSimulate}};

} // namespace

} // namespace archsim::cli
