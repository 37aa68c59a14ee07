#pragma once

// Helpers shared by the archsim-cli subcommands: parsing, loading with diagnostics, output.

#include "command.h"

#include "archsim/exporters/sqldialect.h"
#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <QCommandLineParser>
#include <QString>

#include <optional>
#include <string>

namespace archsim::cli {

// Sets up a parser for a subcommand: description, --help, and the positional arguments.
void setupParser(QCommandLineParser &parser, const QString &description);

// Processes `args`; on --help prints help and returns ExitOk, on bad usage prints the error and
// returns ExitBadInput; returns std::nullopt when the command should go on.
std::optional<int> parseArgs(QCommandLineParser &parser, const QStringList &args,
                             int minPositional, int maxPositional);

// Adds the shared --format text|json option.
void addFormatOption(QCommandLineParser &parser);

// Returns true when --format json was given; reports an unknown format as bad usage.
std::optional<bool> wantsJson(const QCommandLineParser &parser);

// Adds the shared --dialect postgres|mysql|sqlite option (diff, export ddl).
void addDialectOption(QCommandLineParser &parser);

// Returns the --dialect given; reports a missing or unknown one as bad usage (nullopt).
std::optional<exporters::Dialect> dialectOption(const QCommandLineParser &parser);

// Loads and validates a model; prints every diagnostic to stderr on failure.
std::optional<model::Model> loadOrReport(const QString &path);

// Prints diagnostics to stderr, one per line.
void printDiagnostics(const model::Diagnostics &diagnostics);

// Writes text to stdout, or atomically to `outPath` when it is not empty; returns an ExitCode.
int writeOutput(const std::string &text, const QString &outPath);

// Prints a message to stderr with a trailing newline.
void printError(const QString &message);

// Returns true when stderr is a terminal (progress bars are drawn only then).
bool stderrIsTerminal();

} // namespace archsim::cli
