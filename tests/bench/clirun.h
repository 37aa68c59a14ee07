#pragma once

// Runs archsim-cli in a child process for the benchmarks that time the path users run: the
// whole command (process start, load, work, output), with the child's own CPU time.

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <stdexcept>
#include <string>
#include <vector>

extern char **environ;

namespace benchcli {

struct ChildRun {
    int exitCode = -1;  // -1: killed by a signal
    double cpuS = 0;    // the child's user + system CPU time
};

// Runs `program args...` with its standard output sent to /dev/null and waits for it.
inline ChildRun run(const std::string &program, const std::vector<std::string> &args)
{
    std::vector<std::string> words{program};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (auto &w : words)
        argv.push_back(w.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw std::runtime_error("cannot start " + program);
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    ChildRun r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.cpuS = double(usage.ru_utime.tv_sec) + double(usage.ru_utime.tv_usec) * 1e-6
             + double(usage.ru_stime.tv_sec) + double(usage.ru_stime.tv_usec) * 1e-6;
    return r;
}

} // namespace benchcli
