#pragma once

// Real PostgreSQL 15 and MariaDB servers for the tst_db_* tests, and Redis for the redis.conf
// test: each starts on a free loopback port in a temporary data directory and is stopped by the
// destructor, also when a test fails. Missing PostgreSQL or MariaDB binaries are installed with
// apt-get when running as root; if they are still missing, start() returns a message saying
// what to install (the tests fail with it).

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <utility>

namespace ddltest {

// Returns a TCP port on 127.0.0.1 that nothing listens on right now.
inline int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

struct Run {
    int code = -1;
    QString out;
    QString err;
    bool ok() const { return code == 0; }
};

// Runs a program to completion with optional stdin; returns exit code and output.
inline Run run(const QString &program, const QStringList &args, const QByteArray &input = {},
               int timeoutMs = 120000,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000)) {
        r.err = "cannot start " + program;
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = program + " timed out";
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Installs Debian packages when running as root and apt-get exists; returns false otherwise.
inline bool aptInstall(const QStringList &packages)
{
    if (::geteuid() != 0 || QStandardPaths::findExecutable("apt-get").isEmpty())
        return false;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("DEBIAN_FRONTEND", "noninteractive");
    return run("apt-get", QStringList{"install", "-y", "--no-install-recommends"} + packages, {},
               900000, env)
        .ok();
}

// Splits tab-separated `mariadb -B` output into rows of unescaped fields.
inline QList<QStringList> parseBatch(const QString &text)
{
    QList<QStringList> rows;
    for (const QString &line : text.split('\n', Qt::SkipEmptyParts)) {
        QStringList fields;
        for (const QString &f : line.split('\t')) {
            QString v;
            for (int i = 0; i < f.size(); ++i) {
                if (f[i] == '\\' && i + 1 < f.size()) {
                    const QChar c = f[++i];
                    v += c == 'n' ? QChar('\n') : c == 't' ? QChar('\t') : c == '0' ? QChar(0) : c;
                } else {
                    v += f[i];
                }
            }
            fields << v;
        }
        rows << fields;
    }
    return rows;
}

class PostgresServer {
public:
    static QString binDir() { return QStringLiteral("/usr/lib/postgresql/15/bin"); }

    ~PostgresServer() { stop(); }

    // Starts the server; returns an error message, or an empty string on success.
    QString start()
    {
        if (!QFile::exists(binDir() + "/initdb"))
            aptInstall({"postgresql-15", "postgresql-client-15"});
        if (!QFile::exists(binDir() + "/initdb") || !QFile::exists(binDir() + "/psql"))
            return "PostgreSQL 15 is not installed (" + binDir() +
                   "/initdb missing): apt-get install postgresql-15";
        m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + "/archsim-pg-XXXXXX");
        if (!m_dir->isValid())
            return "cannot create a temporary directory";
        if (::geteuid() == 0) {
            // initdb and postgres refuse to run as root: hand the directory to postgres.
            run("chown", {"-R", "postgres:postgres", m_dir->path()});
        }
        m_port = freePort();
        const QString data = m_dir->path() + "/data";
        auto r = asPostgres(binDir() + "/initdb", {"-D", data, "-A", "trust", "-U", "postgres",
                                                   "-E", "UTF8", "--locale=C.UTF-8",
                                                   "--no-sync"});
        if (!r.ok())
            return "initdb failed: " + r.err + r.out;
        r = asPostgres(binDir() + "/pg_ctl",
                       {"-D", data, "-l", m_dir->path() + "/server.log", "-w", "-t", "60", "-o",
                        QString("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off "
                                "-c full_page_writes=off -c max_connections=20")
                            .arg(m_port)
                            .arg(m_dir->path()),
                        "start"});
        if (!r.ok())
            return "pg_ctl start failed: " + r.err + r.out + log();
        m_running = true;
        return {};
    }

    void stop()
    {
        if (!m_running)
            return;
        asPostgres(binDir() + "/pg_ctl",
                   {"-D", m_dir->path() + "/data", "-m", "immediate", "-w", "stop"});
        m_running = false;
    }

    QString log() const
    {
        QFile f(m_dir->path() + "/server.log");
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    // Runs a script with psql (stops at the first error); `db` defaults to postgres.
    Run script(const QString &sql, const QString &db = "postgres",
               const QString &user = "postgres")
    {
        return run(binDir() + "/psql", {"-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                                        "-p", QString::number(m_port), "-U", user, "-d", db,
                                        "-f", "-"},
                   sql.toUtf8(), 120000, env());
    }

    // Runs one query and returns its rows (fields split by \x1f, rows by \x1e); fails with
    // std::nullopt and sets `error`.
    std::optional<QList<QStringList>> query(const QString &sql, const QString &db,
                                            QString *error = nullptr,
                                            const QString &user = "postgres")
    {
        auto r = run(binDir() + "/psql",
                     {"-X", "-A", "-t", "-F", QString(QChar(0x1f)), "-R", QString(QChar(0x1e)),
                      "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", QString::number(m_port),
                      "-U", user, "-d", db, "-c", sql},
                     {}, 120000, env());
        if (!r.ok()) {
            if (error)
                *error = r.err;
            return std::nullopt;
        }
        QList<QStringList> rows;
        QString out = r.out;
        if (out.endsWith('\n'))
            out.chop(1);
        for (const QString &row : out.split(QChar(0x1e), Qt::SkipEmptyParts))
            rows << row.split(QChar(0x1f));
        return rows;
    }

    int port() const { return m_port; }

private:
    QProcessEnvironment env() const
    {
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert("PGTZ", "UTC");
        e.insert("PGCLIENTENCODING", "UTF8");
        e.remove("PGPASSWORD");
        return e;
    }

    Run asPostgres(const QString &program, const QStringList &args)
    {
        if (::geteuid() != 0)
            return run(program, args);
        QString cmd = "exec";
        for (QString a : QStringList{program} + args)
            cmd += " '" + a.replace('\'', "'\\''") + "'";
        return run("su", {"postgres", "-s", "/bin/sh", "-c", cmd});
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    int m_port = 0;
    bool m_running = false;
};

class MariadbServer {
public:
    ~MariadbServer() { stop(); }

    // Starts the server; returns an error message, or an empty string on success.
    QString start()
    {
        if (QStandardPaths::findExecutable("mariadbd", {"/usr/sbin", "/usr/bin"}).isEmpty())
            aptInstall({"mariadb-server", "mariadb-client"});
        const QString server = QStandardPaths::findExecutable("mariadbd", {"/usr/sbin"}).isEmpty()
                                   ? QStandardPaths::findExecutable("mariadbd")
                                   : QStandardPaths::findExecutable("mariadbd", {"/usr/sbin"});
        const QString install = QStandardPaths::findExecutable("mariadb-install-db");
        m_client = QStandardPaths::findExecutable("mariadb");
        if (server.isEmpty() || install.isEmpty() || m_client.isEmpty())
            return "MariaDB is not installed (mariadbd, mariadb-install-db or mariadb missing): "
                   "apt-get install mariadb-server mariadb-client";
        m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + "/archsim-maria-XXXXXX");
        if (!m_dir->isValid())
            return "cannot create a temporary directory";
        // The server's temporary tables live in the test's folder: in the shared /tmp, two
        // servers installing at once collided ("Could not remove temporary table").
        const QString tmp = m_dir->path() + "/tmp";
        if (!QDir().mkpath(tmp))
            return "cannot create " + tmp;
        const bool root = ::geteuid() == 0;
        if (root)
            run("chown", {"-R", "mysql:mysql", m_dir->path()});
        const QString data = m_dir->path() + "/data";
        QStringList common{"--no-defaults", "--datadir=" + data, "--tmpdir=" + tmp};
        QStringList installArgs = common;
        installArgs << "--auth-root-authentication-method=normal" << "--skip-test-db";
        if (root)
            installArgs << "--user=mysql";
        auto r = run(install, installArgs);
        if (!r.ok())
            return "mariadb-install-db failed: " + r.err + r.out;
        m_port = freePort();
        QStringList args = common;
        args << QString("--port=%1").arg(m_port) << "--bind-address=127.0.0.1"
             << "--socket=" + m_dir->path() + "/mysqld.sock"
             << "--pid-file=" + m_dir->path() + "/mysqld.pid"
             << "--log-error=" + m_dir->path() + "/error.log" << "--skip-log-bin"
             << "--innodb-buffer-pool-size=32M" << "--innodb-log-file-size=16M"
             << "--innodb-flush-log-at-trx-commit=0" << "--skip-name-resolve";
        if (root)
            args << "--user=mysql";
        m_process.start(server, args);
        if (!m_process.waitForStarted(10000))
            return "cannot start " + server;
        for (int i = 0; i < 300; ++i) {
            if (m_process.state() != QProcess::Running)
                return "mariadbd exited: " + log();
            if (query("SELECT 1"))
                return {};
            QThread::msleep(100);
        }
        return "mariadbd did not answer within 30 s: " + log();
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(30000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    QString log() const
    {
        QFile f(m_dir->path() + "/error.log");
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    QStringList clientArgs(const QString &db) const
    {
        QStringList a{"--no-defaults", "-h", "127.0.0.1", "-P", QString::number(m_port), "-u",
                      "root", "--default-character-set=utf8mb4"};
        if (!db.isEmpty())
            a << "-D" << db;
        return a;
    }

    // Runs a script with the mariadb client (stops at the first error).
    Run script(const QString &sql, const QString &db = {})
    {
        return run(m_client, clientArgs(db), sql.toUtf8());
    }

    // Runs one query and returns its rows; std::nullopt on error (set in `error`).
    std::optional<QList<QStringList>> query(const QString &sql, const QString &db = {},
                                            QString *error = nullptr)
    {
        auto r = run(m_client, clientArgs(db) << "-N" << "-B" << "-e" << sql, {}, 20000);
        if (!r.ok()) {
            if (error)
                *error = r.err;
            return std::nullopt;
        }
        return parseBatch(r.out);
    }

    int port() const { return m_port; }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_client;
    QProcess m_process;
    int m_port = 0;
};

// redis-server on a copy of a redis.conf, in the foreground: its `dir` lines point at a
// temporary directory, and the port (a free one) and bind address (127.0.0.1) are given on the
// command line, which Redis applies after the file.
class RedisServer {
public:
    // `server` and `cli` are the redis-server and redis-cli programs.
    RedisServer(QString server, QString cli) : m_server(std::move(server)), m_cli(std::move(cli))
    {
    }
    ~RedisServer() { stop(); }

    // Starts the server on `conf`; returns an error message (with the server's output when it
    // refused the file), or an empty string once it answers PING.
    QString start(const QString &conf)
    {
        m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + "/archsim-redis-XXXXXX");
        if (!m_dir->isValid())
            return "cannot create a temporary directory";
        QStringList lines = conf.split('\n');
        for (QString &line : lines)
            if (line.startsWith("dir "))
                line = "dir \"" + m_dir->path() + "\"";
        QFile file(m_dir->path() + "/redis.conf");
        if (!file.open(QIODevice::WriteOnly) || file.write(lines.join('\n').toUtf8()) < 0)
            return "cannot write " + file.fileName();
        file.close();
        m_port = freePort();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(m_server, {file.fileName(), "--port", QString::number(m_port), "--bind",
                                   "127.0.0.1", "--daemonize", "no", "--logfile", ""});
        if (!m_process.waitForStarted(10000))
            return "cannot start " + m_server + ": " + m_process.errorString();
        for (int i = 0; i < 200; ++i) {
            // Waiting is also what updates the process state (there is no event loop here).
            if (m_process.waitForFinished(50) || m_process.state() == QProcess::NotRunning)
                return "redis-server exited with code " + QString::number(m_process.exitCode())
                    + ":\n" + QString::fromUtf8(m_process.readAll());
            const Run r = cli({"PING"});
            if (r.ok() && r.out.trimmed() == "PONG")
                return {};
        }
        return "redis-server did not answer PING within 10 s:\n"
            + QString::fromUtf8(m_process.readAll());
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate(); // SIGTERM: Redis shuts down (and saves nothing: save "")
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Returns the value CONFIG GET gives for `parameter`, or std::nullopt (with the reason in
    // `error`).
    std::optional<QString> config(const QString &parameter, QString *error = nullptr)
    {
        const Run r = cli({"CONFIG", "GET", parameter});
        // redis-cli writes a reply as raw lines when its output is not a terminal.
        QStringList lines = r.out.split('\n');
        if (!lines.isEmpty() && lines.back().isEmpty())
            lines.removeLast();
        if (!r.ok() || lines.size() != 2 || lines[0] != parameter) {
            if (error)
                *error = "CONFIG GET " + parameter + ": " + r.out + r.err;
            return std::nullopt;
        }
        return lines[1];
    }

    // The temporary directory the server runs in.
    QString dir() const { return m_dir ? m_dir->path() : QString(); }

private:
    Run cli(const QStringList &command)
    {
        return run(m_cli, QStringList{"-h", "127.0.0.1", "-p", QString::number(m_port)} + command,
                   {}, 10000);
    }

    QString m_server;
    QString m_cli;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_process;
    int m_port = 0;
};

} // namespace ddltest
