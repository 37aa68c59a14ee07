// Views and materialized views in each dialect (docs/ddl.md, "Views"): PostgreSQL has both;
// MySQL/MariaDB and SQLite get a summary table for a materialized view, refreshed by an event
// (MySQL) or by a job that runs the statements written in a comment (SQLite).

#include "ddlplan.h"

#include <cmath>
#include <functional>
#include <unordered_map>

namespace archsim::exporters::detail {

using model::View;
using model::ViewKind;
using model::ViewRefresh;

namespace {

// Returns the query without trailing blanks and semicolons (the statement adds its own).
std::string trimmedQuery(std::string q)
{
    while (!q.empty() && (q.back() == ';' || std::isspace(static_cast<unsigned char>(q.back()))))
        q.pop_back();
    size_t start = q.find_first_not_of(" \t\r\n");
    return start == std::string::npos ? std::string() : q.substr(start);
}

// Returns `text` (without its last newline) as comment lines, each starting with `prefix`.
std::string commentBlock(std::string text, const std::string &prefix)
{
    if (!text.empty() && text.back() == '\n')
        text.pop_back();
    std::string out;
    size_t from = 0;
    while (from <= text.size()) {
        size_t nl = text.find('\n', from);
        std::string line = text.substr(from, nl == std::string::npos ? nl : nl - from);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        out += prefix + commentText(line) + "\n";
        if (nl == std::string::npos)
            break;
        from = nl + 1;
    }
    return out;
}

std::string seconds(double s)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", s);
    return buf;
}

// Returns the schedule in words: "every 30 s" or "on cron schedule '*/5 * * * *'".
std::string scheduleText(const ViewRefresh &r)
{
    return r.cron.empty() ? "every " + seconds(r.every_s) + " s"
                          : "on the cron schedule '" + r.cron + "'";
}

// Returns the pg_cron schedule of a refresh: "N seconds" below a minute, a cron line for whole
// minutes, hours or days that divide the next unit; empty when pg_cron cannot express it.
std::string pgCronSchedule(const ViewRefresh &r)
{
    if (!r.cron.empty())
        return r.cron;
    const double s = r.every_s;
    if (s != std::floor(s))
        return {};
    const long n = static_cast<long>(s);
    if (n >= 1 && n <= 59)
        return std::to_string(n) + " seconds";
    return periodCron(n);
}

} // namespace

std::string periodCron(long n)
{
    if (n >= 60 && n % 60 == 0 && n / 60 <= 59 && 60 % (n / 60) == 0)
        return n == 60 ? "* * * * *" : "*/" + std::to_string(n / 60) + " * * * *";
    if (n >= 3600 && n % 3600 == 0 && n / 3600 <= 23 && 24 % (n / 3600) == 0)
        return n == 3600 ? "0 * * * *" : "0 */" + std::to_string(n / 3600) + " * * *";
    if (n == 86400)
        return "0 0 * * *";
    return {};
}

namespace {

std::string eventName(const View &v) { return v.name + "_refresh"; }

std::string cronJobName(const PlannedSchema &s, const View &v)
{
    return "archsim-refresh-" + s.name + "." + v.name;
}

std::string postgresView(const PlannedSchema &s, const View &v, const std::string &name,
                         const std::string &query)
{
    const Dialect d = Dialect::Postgres;
    const bool mat = v.kind == ViewKind::Materialized;
    // Unqualified names in the query resolve in the view's own schema (until COMMIT).
    std::string out = "SET LOCAL search_path TO " + quoteIdent(d, s.name) + ", public;\n";
    out += std::string(mat ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ") + name +
                      " AS\n" + query + (mat ? "\nWITH DATA;\n" : ";\n");
    for (const auto &ix : v.indexes)
        out += renderCreateIndex(d, s, v.name, ix);
    if (!v.comment.empty())
        out += std::string("COMMENT ON ") + (mat ? "MATERIALIZED VIEW " : "VIEW ") + name +
               " IS " + quoteLiteral(d, v.comment) + ";\n";
    if (!mat)
        return out;
    const std::string refresh = viewRefreshStatements(d, s, v);
    if (!v.refresh) {
        out += "-- No refresh schedule in the model: refresh it by hand or from a job with\n" +
               commentBlock(refresh, "--   ");
        return out;
    }
    const std::string schedule = pgCronSchedule(*v.refresh);
    out += "-- Refresh " + scheduleText(*v.refresh) + ": a job runs\n" +
           commentBlock(refresh, "--   ");
    if (schedule.empty()) {
        out += "-- pg_cron cannot express this period: schedule it outside the database.\n";
        return out;
    }
    // cron.schedule(name, ...) replaces a job of the same name, so the script can run again.
    out += "-- pg_cron schedules it where the extension is installed (CREATE EXTENSION pg_cron);\n"
           "-- without pg_cron, a scheduler outside the database (cron, a Kubernetes CronJob)\n"
           "-- must run it.\n"
           "DO $archsim$\nBEGIN\n"
           "    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN\n"
           "        PERFORM cron.schedule(" +
           quoteLiteral(d, cronJobName(s, v)) + ", " + quoteLiteral(d, schedule) + ",\n" +
           "            " + quoteLiteral(d, trimmedQuery(refresh)) + ");\n"
           "    END IF;\nEND\n$archsim$;\n";
    return out;
}

std::string mysqlView(const PlannedSchema &s, const View &v, const std::string &name,
                      const std::string &query)
{
    const Dialect d = Dialect::Mysql;
    // Unqualified names in the query resolve in the view's own database.
    std::string out = "USE " + quoteIdent(d, s.name) + ";\n";
    if (v.kind == ViewKind::View) {
        if (!v.comment.empty())
            out += "-- " + commentText(v.comment) + "\n";
        return out + "CREATE VIEW " + name + " AS\n" + query + ";\n";
    }
    std::string comment = "materialized view (a summary table ArchSim refreshes)";
    if (!v.comment.empty())
        comment += ": " + v.comment;
    out += "-- MySQL/MariaDB have no materialized views: a summary table holds its rows.\n";
    out += "CREATE TABLE " + name + " COMMENT = " + quoteLiteral(d, comment) + " AS\n" + query +
           ";\n";
    for (const auto &ix : v.indexes)
        out += renderCreateIndex(d, s, v.name, ix);
    const std::string refresh = viewRefreshStatements(d, s, v);
    if (!v.refresh || !v.refresh->cron.empty()) {
        // A job outside the database connects to none in particular: it names the view's.
        out += std::string(v.refresh ? "-- Refresh " + scheduleText(*v.refresh) +
                                           ": MySQL events have no cron schedules, so a "
                                           "scheduler outside the database runs\n"
                                     : "-- No refresh schedule in the model: refresh it by "
                                       "hand or from a job with\n") +
               commentBlock(viewRefreshJob(d, s, v), "--   ");
        return out;
    }
    out += "-- Refresh " + scheduleText(*v.refresh) + " by the event below. The event scheduler "
           "must be on\n-- (event_scheduler = ON in the server's configuration, or SET GLOBAL "
           "event_scheduler = ON),\n-- else the summary table is never refreshed.\n";
    out += "DELIMITER ;;\nCREATE EVENT " + qualified(d, s, eventName(v)) +
           " ON SCHEDULE EVERY " + seconds(v.refresh->every_s) + " SECOND\n"
           "    COMMENT " + quoteLiteral(d, "refreshes " + v.name) + "\nDO BEGIN\n" + refresh +
           "END;;\nDELIMITER ;\n";
    return out;
}

std::string sqliteView(const PlannedSchema &s, const View &v, const std::string &name,
                       const std::string &query)
{
    const Dialect d = Dialect::Sqlite;
    std::string out;
    if (!v.comment.empty())
        out += "-- " + commentText(v.comment) + "\n";
    if (v.kind == ViewKind::View)
        return out + "CREATE VIEW " + name + " AS\n" + query + ";\n";
    out += "-- SQLite has no materialized views: a summary table holds its rows.\n";
    out += "CREATE TABLE " + name + " AS\n" + query + ";\n";
    for (const auto &ix : v.indexes)
        out += renderCreateIndex(d, s, v.name, ix);
    out += std::string(v.refresh ? "-- Refresh " + scheduleText(*v.refresh) +
                                       ": SQLite has no scheduler, so a job (cron, a Kubernetes "
                                       "CronJob, the application) runs\n"
                                 : "-- No refresh schedule in the model: refresh it by hand or "
                                   "from a job with\n") +
           commentBlock(viewRefreshStatements(d, s, v), "--   ");
    return out;
}

} // namespace

std::string viewQuery(Dialect d, const View &v)
{
    const std::string &own = d == Dialect::Postgres ? v.query_postgres
                             : d == Dialect::Mysql  ? v.query_mysql
                                                    : v.query_sqlite;
    return trimmedQuery(own.empty() ? v.query : own);
}

std::vector<const View *> viewOrder(const model::Schema &s)
{
    std::unordered_map<std::string, size_t> byName;
    for (size_t i = 0; i < s.views.size(); ++i)
        byName.emplace(s.views[i].name, i);
    std::vector<int> state(s.views.size(), 0); // 0 new, 1 visiting, 2 placed
    std::vector<const View *> out;
    std::function<void(size_t)> place = [&](size_t i) {
        if (state[i] != 0)
            return; // placed, or a cycle (validation reports it)
        state[i] = 1;
        for (const auto &r : s.views[i].reads)
            if (auto it = byName.find(r); it != byName.end())
                place(it->second);
        state[i] = 2;
        out.push_back(&s.views[i]);
    };
    for (size_t i = 0; i < s.views.size(); ++i)
        place(i);
    return out;
}

std::string viewRefreshStatements(Dialect d, const PlannedSchema &s, const View &v)
{
    const std::string name = qualified(d, s, v.name);
    if (d == Dialect::Postgres)
        return std::string("REFRESH MATERIALIZED VIEW ") +
               (v.refresh && v.refresh->concurrent ? "CONCURRENTLY " : "") + name + ";\n";
    // Readers see the old rows or the new ones, never an empty table.
    const std::string begin = d == Dialect::Mysql ? "START TRANSACTION;\n" : "BEGIN;\n";
    return begin + "DELETE FROM " + name + ";\nINSERT INTO " + name + "\n" + viewQuery(d, v) +
           ";\nCOMMIT;\n";
}

std::string viewRefreshJob(Dialect d, const PlannedSchema &s, const View &v)
{
    // The query's unqualified names resolve in the view's database (an event has it already).
    return (d == Dialect::Mysql ? "USE " + quoteIdent(d, s.name) + ";\n" : std::string()) +
           viewRefreshStatements(d, s, v);
}

std::string renderView(Dialect d, const PlannedSchema &s, const View &v)
{
    const std::string name = qualified(d, s, v.name);
    const std::string query = viewQuery(d, v);
    std::string head = std::string("-- ") +
                       (v.kind == ViewKind::Materialized ? "Materialized view " : "View ") +
                       commentText(name);
    if (!v.reads.empty()) {
        std::string reads;
        for (const auto &r : v.reads)
            reads += (reads.empty() ? "" : ", ") + r;
        head += " (reads " + commentText(reads) + ")";
    }
    head += "\n";
    switch (d) {
    case Dialect::Postgres: return head + postgresView(s, v, name, query);
    case Dialect::Mysql: return head + mysqlView(s, v, name, query);
    case Dialect::Sqlite: return head + sqliteView(s, v, name, query);
    }
    return head;
}

std::string renderDropView(Dialect d, const PlannedSchema &s, const View &v)
{
    const std::string name = qualified(d, s, v.name);
    if (v.kind == ViewKind::View)
        return "DROP VIEW " + name + ";\n";
    if (d == Dialect::Postgres) {
        std::string out = "DROP MATERIALIZED VIEW " + name + ";\n";
        if (v.refresh && !pgCronSchedule(*v.refresh).empty())
            // Nested: PL/pgSQL plans the inner query (cron.job) only once pg_cron exists.
            out += "DO $archsim$\nBEGIN\n"
                   "    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = "
                   "'pg_cron') THEN\n"
                   "        IF EXISTS (SELECT FROM cron.job WHERE jobname = " +
                   quoteLiteral(d, cronJobName(s, v)) + ") THEN\n"
                   "            PERFORM cron.unschedule(" + quoteLiteral(d, cronJobName(s, v)) +
                   ");\n        END IF;\n    END IF;\nEND\n$archsim$;\n";
        return out;
    }
    if (d == Dialect::Mysql)
        return "DROP EVENT IF EXISTS " + qualified(d, s, eventName(v)) + ";\nDROP TABLE " +
               name + ";\n";
    return "DROP TABLE " + name + ";\n";
}

void checkViewNames(Dialect d, const PlannedSchema &s, model::Diagnostics &diags)
{
    for (size_t i = 0; i < s.schema->views.size(); ++i) {
        const View &v = s.schema->views[i];
        const std::string place = s.place + "/views/" + std::to_string(i);
        if (auto problem = identifierProblem(d, v.name))
            diags.push_back(model::makeError(place + "/name",
                                             "view " + quoteIdent(d, v.name) + ": " + *problem));
        if (d == Dialect::Mysql && v.kind == ViewKind::Materialized && v.refresh &&
            v.refresh->cron.empty())
            if (auto problem = identifierProblem(d, eventName(v)))
                diags.push_back(model::makeError(place + "/name", "refresh event " +
                                                                      quoteIdent(d, eventName(v)) +
                                                                      ": " + *problem));
        if (viewQuery(d, v).empty())
            diags.push_back(model::makeError(place + "/query", "view " + quoteIdent(d, v.name) +
                                                                   " has no query for " +
                                                                   displayName(d)));
        if (v.kind != ViewKind::Materialized)
            continue;
        if (d != Dialect::Postgres)
            diags.push_back(makeWarning(place, std::string(displayName(d)) +
                                                   " has no materialized views: " +
                                                   quoteIdent(d, v.name) +
                                                   " is a summary table refreshed by " +
                                                   (d == Dialect::Mysql && v.refresh &&
                                                            v.refresh->cron.empty()
                                                        ? "an event"
                                                        : "a job outside the database")));
        else if (v.refresh && pgCronSchedule(*v.refresh).empty())
            diags.push_back(makeWarning(place + "/refresh/every_s",
                                        "pg_cron cannot schedule a refresh every " +
                                            seconds(v.refresh->every_s) +
                                            " s: the script says which statement a scheduler "
                                            "outside the database must run"));
    }
}

} // namespace archsim::exporters::detail
