// archsim-cli convert IN OUT: converts between .json and .archsim, losslessly.

#include "command.h"
#include "common.h"

#include "archsim/model/io.h"
#include "archsim/model/runstore.h"

#include <QFileInfo>

#include <iostream>

namespace archsim::cli {

namespace {

// Returns true when converting may replace `out`: it is not an existing .archsim file that
// holds stored runs or cannot be read; else says what would be lost.
bool mayReplace(const QString &out)
{
    const std::string path = out.toStdString();
    QFileInfo info(out);
    if (model::formatFromPath(path) != model::FileFormat::Archsim || !info.exists() ||
        info.size() == 0)
        return true;
    auto runs = model::listRuns(path);
    if (!runs.ok()) {
        printError(QStringLiteral("%1: error: not overwritten: it cannot be read (%2), so it may "
                                  "hold stored simulation runs that converting would destroy; "
                                  "use --force to overwrite it")
                       .arg(out, QString::fromStdString(runs.diagnostics().front().message)));
        return false;
    }
    if (runs.value().empty())
        return true;
    const qsizetype n = qsizetype(runs.value().size());
    printError(QStringLiteral("%1: error: not overwritten: it holds %2 stored simulation run%3 "
                              "of the model in it, which converting would replace (the run%3 "
                              "would stay, beside a model they were not made with); use --force "
                              "to overwrite it")
                   .arg(out)
                   .arg(n)
                   .arg(n == 1 ? "" : "s"));
    return false;
}

int runConvert(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral("Converts a model between the canonical JSON format "
                                       "(.json) and the native project file (.archsim). The "
                                       "formats are taken from the file extensions."));
    parser.addPositionalArgument(QStringLiteral("IN"), QStringLiteral("The model to read."));
    parser.addPositionalArgument(QStringLiteral("OUT"), QStringLiteral("The file to write."));
    const QCommandLineOption force(
        QStringLiteral("force"),
        QStringLiteral("Overwrite an existing .archsim OUT that holds stored simulation runs or "
                       "cannot be read (so might hold some)."));
    parser.addOption(force);
    if (auto code = parseArgs(parser, args, 2, 2))
        return *code;
    const QString in = parser.positionalArguments().at(0);
    const QString out = parser.positionalArguments().at(1);
    if (model::formatFromPath(out.toStdString()) == model::FileFormat::Unknown) {
        printError(QStringLiteral("%1: unknown output type; expected a .json or .archsim file")
                       .arg(out));
        return ExitBadInput;
    }
    auto m = loadOrReport(in);
    if (!m)
        return ExitBadInput;
    if (!parser.isSet(force) && !mayReplace(out))
        return ExitBadInput;
    model::SaveOptions options;
    options.overwriteUnreadable = parser.isSet(force);
    auto status = model::saveModel(*m, out.toStdString(), options);
    if (!status.ok()) {
        printDiagnostics(status.diagnostics);
        return ExitBadInput;
    }
    return ExitOk;
}

const RegisterCommand reg{{"convert", "Convert a model between .json and .archsim",
                           &runConvert}};

} // namespace
} // namespace archsim::cli
