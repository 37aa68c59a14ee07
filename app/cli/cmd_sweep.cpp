// archsim-cli sweep FILE --spec SPEC: the capacity sweep (docs/sweeps.md); `sweep merge PARTS`
// joins the parts of a sharded sweep into the result one process would have written.

#include "command.h"
#include "common.h"

#include "archsim/exporters/cost.h"
#include "archsim/model/io.h"
#include "archsim/sweep/spec.h"
#include "archsim/sweep/sweep.h"

#include <QRegularExpression>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace archsim::cli {

namespace {

std::atomic<bool> g_cancel{false};

extern "C" void onSweepInterrupt(int) { g_cancel.store(true); }

enum class Format { Text, Json, Csv };

void addSweepFormatOption(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("Output format: text (default), json or csv."),
                      QStringLiteral("FORMAT"), QStringLiteral("text")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write the result to FILE instead of stdout."),
                      QStringLiteral("FILE")});
}

std::optional<Format> formatOption(const QCommandLineParser &parser)
{
    const QString f = parser.value(QStringLiteral("format"));
    if (f == QLatin1String("text"))
        return Format::Text;
    if (f == QLatin1String("json"))
        return Format::Json;
    if (f == QLatin1String("csv"))
        return Format::Csv;
    printError(QStringLiteral("unknown --format '%1'; expected text, json or csv").arg(f));
    return std::nullopt;
}

std::string render(const sweep::SweepResult &r, Format f)
{
    switch (f) {
    case Format::Json: return sweep::toJson(r);
    case Format::Csv: return sweep::toCsv(r);
    case Format::Text: break;
    }
    return sweep::toText(r);
}

// Draws "sweep: 12/48 points, ETA 35 s" on stderr, at most ten times a second.
class SweepProgress {
public:
    void update(size_t done, size_t total)
    {
        const auto now = std::chrono::steady_clock::now();
        if (now - m_last < std::chrono::milliseconds(100) && done < total)
            return;
        m_last = now;
        const double elapsed = std::chrono::duration<double>(now - m_start).count();
        const double eta = done ? elapsed / static_cast<double>(done)
                                      * static_cast<double>(total - done)
                                : 0;
        std::fprintf(stderr, "\rsweep: %zu/%zu points, ETA %.0f s    ", done, total, eta);
        std::fflush(stderr);
        m_drawn = true;
    }
    void finish()
    {
        if (m_drawn)
            std::fprintf(stderr, "\r%60s\r", "");
    }

private:
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point m_last{};
    bool m_drawn = false;
};

// Reads --shard I/N or N (I then comes from JOB_COMPLETION_INDEX, as in a Kubernetes Indexed
// Job); JOB_COMPLETION_INDEX, when set, is the index. Returns false after reporting bad usage.
bool shardOption(const QCommandLineParser &parser, int &index, int &count)
{
    if (!parser.isSet(QStringLiteral("shard")))
        return true;
    const QString text = parser.value(QStringLiteral("shard"));
    static const QRegularExpression re(QStringLiteral("^(?:(\\d{1,6})/)?(\\d{1,6})$"));
    const auto m = re.match(text);
    if (!m.hasMatch() || m.captured(2).toInt() < 1) {
        printError(QStringLiteral("--shard: '%1' is not I/N or N (shard I of N, 0 <= I < N)")
                       .arg(text));
        return false;
    }
    count = m.captured(2).toInt();
    const QByteArray env = qgetenv("JOB_COMPLETION_INDEX");
    std::optional<int> fromEnv;
    if (!env.isEmpty()) {
        bool ok = false;
        fromEnv = QString::fromLatin1(env).toInt(&ok);
        if (!ok || *fromEnv < 0) {
            printError(QStringLiteral("JOB_COMPLETION_INDEX: '%1' is not a shard index")
                           .arg(QString::fromLatin1(env)));
            return false;
        }
    }
    if (m.captured(1).isEmpty() && !fromEnv) {
        printError(QStringLiteral("--shard %1 names no index: write --shard I/%1 or set "
                                  "JOB_COMPLETION_INDEX").arg(count));
        return false;
    }
    if (!m.captured(1).isEmpty() && fromEnv && m.captured(1).toInt() != *fromEnv) {
        printError(QStringLiteral("--shard %1 conflicts with JOB_COMPLETION_INDEX=%2")
                       .arg(text).arg(*fromEnv));
        return false;
    }
    index = fromEnv ? *fromEnv : m.captured(1).toInt();
    if (index >= count) {
        printError(QStringLiteral("--shard: index %1 is not below the shard count %2")
                       .arg(index).arg(count));
        return false;
    }
    return true;
}

int runMerge(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral(
        "Merges the parts of a sharded sweep (archsim-cli sweep ... --shard I/N --format json)\n"
        "into the result one process would have written, byte for byte. Refuses a missing,\n"
        "duplicate, interrupted or foreign part (another spec, model or settings)."));
    addSweepFormatOption(parser);
    parser.addPositionalArgument(QStringLiteral("PARTS"), QStringLiteral("The parts (JSON)."),
                                 QStringLiteral("PARTS..."));
    if (auto code = parseArgs(parser, args, 1, 100000))
        return *code;
    const auto format = formatOption(parser);
    if (!format)
        return ExitBadInput;
    std::vector<sweep::SweepResult> parts;
    std::vector<std::string> files;
    for (const QString &f : parser.positionalArguments()) {
        const std::string path = f.toStdString();
        auto text = model::readFile(path);
        if (!text.ok()) {
            printDiagnostics(text.diagnostics());
            return ExitBadInput;
        }
        auto part = sweep::fromJson(text.value(), path);
        if (!part.ok()) {
            printDiagnostics(part.diagnostics());
            return ExitBadInput;
        }
        parts.push_back(std::move(part.value()));
        files.push_back(path);
    }
    auto merged = sweep::mergeParts(parts, files);
    if (!merged.ok()) {
        printDiagnostics(merged.diagnostics());
        return ExitBadInput;
    }
    return writeOutput(render(merged.value(), *format), parser.value(QStringLiteral("output")));
}

int runSweep(const QStringList &args)
{
    if (args.size() >= 2 && args[1] == QLatin1String("merge")) {
        QStringList sub = args;
        sub.removeAt(1);
        sub[0] = args[0] + QStringLiteral(" merge");
        return runMerge(sub);
    }
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral(
        "Searches a grid of model variants for the cheapest one that meets the objectives\n"
        "(docs/sweeps.md): each point is simulated under the spec's scenarios with common\n"
        "random numbers, skipped when the analytic estimate finds it overloaded, and stopped\n"
        "early once its intervals decide it. Output: every point's figures, cost and\n"
        "verdict, the cheapest feasible point and the Pareto front; the same bytes for any\n"
        "--threads. 'archsim-cli sweep merge PARTS... [-o OUT]' joins the parts of --shard.\n"
        "Exit code 1 when no point is feasible, 130 when interrupted (the points done are\n"
        "written, marked partial)."));
    addSweepFormatOption(parser);
    parser.addOptions({
        {QStringLiteral("spec"), QStringLiteral("The sweep spec (JSON, required)."),
         QStringLiteral("SPEC")},
        {QStringLiteral("threads"),
         QStringLiteral("Points evaluated at once (default: the number of cores)."),
         QStringLiteral("T")},
        {QStringLiteral("shard"),
         QStringLiteral("Evaluate only shard I of N and write a part (JSON) for 'sweep merge'; "
                        "with N alone, I is JOB_COMPLETION_INDEX (Kubernetes Indexed Job)."),
         QStringLiteral("I/N")},
        {QStringLiteral("prices"), QStringLiteral("A price table replacing the bundled one."),
         QStringLiteral("TABLE")},
        {QStringLiteral("no-prune"),
         QStringLiteral("Simulate points the analytic estimate finds overloaded too.")},
        {QStringLiteral("no-early-stop"),
         QStringLiteral("Run every point's full replications.")},
    });
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The model."));
    if (auto code = parseArgs(parser, args, 1, 1))
        return *code;
    const auto format = formatOption(parser);
    if (!format)
        return ExitBadInput;
    if (!parser.isSet(QStringLiteral("spec"))) {
        printError(QStringLiteral("sweep needs a spec: --spec SPEC"));
        return ExitBadInput;
    }
    sweep::SweepOptions options;
    options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (parser.isSet(QStringLiteral("threads"))) {
        bool ok = false;
        options.threads = parser.value(QStringLiteral("threads")).toInt(&ok);
        if (!ok || options.threads < 1 || options.threads > 1024) {
            printError(QStringLiteral("--threads: '%1' is not a number from 1 to 1024")
                           .arg(parser.value(QStringLiteral("threads"))));
            return ExitBadInput;
        }
    }
    if (!shardOption(parser, options.shardIndex, options.shardCount))
        return ExitBadInput;
    if (options.shardCount > 1 && *format != Format::Json) {
        printError(QStringLiteral("--shard writes a part for 'sweep merge': use --format json"));
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("no-prune")))
        options.prune = false;
    if (parser.isSet(QStringLiteral("no-early-stop")))
        options.earlyStop = false;
    if (parser.isSet(QStringLiteral("prices"))) {
        auto table =
            exporters::loadPriceTable(parser.value(QStringLiteral("prices")).toStdString());
        if (!table.ok()) {
            printDiagnostics(table.diagnostics());
            return ExitBadInput;
        }
        options.prices = table.value();
    }
    auto model = loadOrReport(parser.positionalArguments().first());
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

    g_cancel.store(false);
    options.cancel = &g_cancel;
    SweepProgress bar;
    if (stderrIsTerminal())
        options.progress = [&bar](size_t done, size_t total) { bar.update(done, total); };
    auto previous = std::signal(SIGINT, onSweepInterrupt);
    auto result = sweep::runSweep(*model, spec.value(), options);
    std::signal(SIGINT, previous);
    bar.finish();
    if (!result.ok()) {
        printDiagnostics(result.diagnostics());
        return ExitBadInput;
    }
    if (result->partial)
        printError(QStringLiteral("interrupted: the result holds the %1 point(s) that finished "
                                  "(marked partial)").arg(result->points.size()));
    const int written =
        writeOutput(render(result.value(), *format), parser.value(QStringLiteral("output")));
    if (written != ExitOk)
        return written;
    if (result->partial)
        return 130;
    if (options.shardCount == 1) {
        const bool anyFeasible = std::any_of(
            result->points.begin(), result->points.end(), [](const sweep::OrderedJson &p) {
                return p.value("verdict", std::string()) == "feasible";
            });
        if (!anyFeasible) {
            printError(QStringLiteral("no point is feasible"));
            return ExitFindings;
        }
    }
    return ExitOk;
}

const RegisterCommand reg{{"sweep",
                           "Search a grid of variants for the cheapest design that meets the "
                           "objectives (and merge shards)",
                           &runSweep}};

} // namespace

} // namespace archsim::cli
