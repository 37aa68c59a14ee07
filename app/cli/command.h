#pragma once

// The subcommand registry of archsim-cli. Each subcommand lives in its own cmd_<name>.cpp and
// registers itself with a static RegisterCommand, so adding one touches no shared file.

#include <QStringList>

#include <vector>

namespace archsim::cli {

// Exit codes shared by every subcommand (DESIGN section 6).
enum ExitCode { ExitOk = 0, ExitFindings = 1, ExitBadInput = 2, ExitInternal = 3 };

struct Command {
    const char *name;
    const char *summary;
    // Runs the subcommand; `args` starts with the program name followed by the subcommand's
    // own arguments (the subcommand name removed). Returns an ExitCode.
    int (*run)(const QStringList &args);
};

// Returns all registered subcommands, sorted by name.
const std::vector<Command> &commands();

struct RegisterCommand {
    explicit RegisterCommand(Command command);
};

} // namespace archsim::cli
