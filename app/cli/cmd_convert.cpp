// archsim-cli convert IN OUT: converts between .json and .archsim, losslessly.

#include "command.h"
#include "common.h"

#include "archsim/model/io.h"

#include <iostream>

namespace archsim::cli {

namespace {

int runConvert(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral("Converts a model between the canonical JSON format "
                                       "(.json) and the native project file (.archsim). The "
                                       "formats are taken from the file extensions."));
    parser.addPositionalArgument(QStringLiteral("IN"), QStringLiteral("The model to read."));
    parser.addPositionalArgument(QStringLiteral("OUT"), QStringLiteral("The file to write."));
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
    auto status = model::saveModel(*m, out.toStdString());
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
