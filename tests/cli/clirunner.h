#pragma once

// Runs archsim-cli in a child process and captures its exit code and output.

#include <QProcess>
#include <QString>
#include <QStringList>

namespace archsim::test {

struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
    bool crashed = false;
};

// Runs `program` with `args` in `cwd` (empty: the current folder); waits at most `timeoutMs`.
inline CliRun runProgram(const QString &program, const QStringList &args,
                         const QString &cwd = {}, int timeoutMs = 120000)
{
    QProcess p;
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    p.start(program, args);
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.crashed = true;
    }
    r.crashed = r.crashed || p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Runs archsim-cli with `args`; waits at most `timeoutMs`.
inline CliRun runCli(const QStringList &args, int timeoutMs = 120000)
{
    return runProgram(QStringLiteral(ARCHSIM_CLI), args, {}, timeoutMs);
}

} // namespace archsim::test
