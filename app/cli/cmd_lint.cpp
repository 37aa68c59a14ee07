// archsim-cli lint FILE [--format text|json] [--fail-on error|warning|info] [-o OUT]:
// the architecture review checklist (docs/lint.md). Exit 1 when a finding reaches --fail-on.

#include "command.h"
#include "common.h"

#include "archsim/model/lint.h"

#include <algorithm>
#include <string>

namespace archsim::cli {

namespace {

std::string summary(const model::LintReport &r)
{
    int counts[3] = {0, 0, 0};
    for (const auto &f : r.findings)
        ++counts[static_cast<int>(f.severity)];
    std::string out = std::to_string(counts[2]) + " error(s), " + std::to_string(counts[1]) +
                      " warning(s), " + std::to_string(counts[0]) + " info";
    if (!r.suppressed.empty())
        out += ", " + std::to_string(r.suppressed.size()) + " suppressed";
    return out + "\n";
}

int runLint(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral("Reviews a model against the architecture checklist: "
                                       "schema, caching, security, reliability, capacity."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Model (.json or .archsim)."));
    addFormatOption(parser);
    parser.addOption({QStringLiteral("fail-on"),
                      QStringLiteral("Exit with 1 when a finding has this severity or a "
                                     "higher one (default: error)."),
                      QStringLiteral("error|warning|info"), QStringLiteral("error")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write to OUT instead of stdout."), QStringLiteral("OUT")});
    if (auto code = parseArgs(parser, args, 1, 1))
        return *code;
    const auto json = wantsJson(parser);
    if (!json)
        return ExitBadInput;
    model::Severity threshold = model::Severity::Error;
    const QString failOn = parser.value(QStringLiteral("fail-on"));
    if (!model::fromString(failOn.toStdString(), threshold)) {
        printError(QStringLiteral("unknown --fail-on '%1'; expected error, warning or info")
                       .arg(failOn));
        return ExitBadInput;
    }
    const auto model = loadOrReport(parser.positionalArguments().at(0));
    if (!model)
        return ExitBadInput;
    const model::LintReport report = model::lint(*model);
    std::string text;
    if (*json) {
        text = model::findingsToJson(report.findings);
    } else {
        text = model::findingsToText(report.findings);
        for (const auto &a : report.assumptions)
            text += "note (capacity estimate): " + a + "\n";
        text += summary(report);
    }
    const int written = writeOutput(text, parser.value(QStringLiteral("output")));
    if (written != ExitOk)
        return written;
    const bool failed = std::any_of(report.findings.begin(), report.findings.end(),
                                    [&](const auto &f) { return model::reaches(f, threshold); });
    return failed ? ExitFindings : ExitOk;
}

const RegisterCommand reg{{"lint", "Architecture review: findings with fixes", &runLint}};

} // namespace

} // namespace archsim::cli
