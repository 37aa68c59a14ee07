// Simulation runs inside a .archsim project file (the `runs` table, format version 1).

#include "archsim/model/runstore.h"

#include "archsimfile.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace archsim::model {

namespace {

using detail::Db;
using detail::Stmt;
using detail::StoreError;

std::string nowIso8601()
{
    using namespace std::chrono;
    auto now = system_clock::now();
    std::time_t t = system_clock::to_time_t(now);
    auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int(ms));
    return buf;
}

std::string jsonOrEmpty(const std::string &text, const char *what)
{
    if (text.empty())
        return "{}";
    if (!nlohmann::json::accept(text))
        throw StoreError({}, std::string("the run's ") + what + " are not a JSON document");
    return text;
}

void insertRun(const Db &db, const RunRecord &run)
{
    Stmt st(db, "INSERT INTO runs(created_at, scenario_id, seed, label, options, results) "
                "VALUES (?,?,?,?,?,?)");
    st.bind(1, run.created_at.empty() ? nowIso8601() : run.created_at);
    st.bind(2, run.scenario_id);
    // SQLite integers are signed: a seed above 2^63 is stored as its two's complement.
    st.bind(3, static_cast<int64_t>(run.seed));
    st.bind(4, run.label);
    st.bind(5, jsonOrEmpty(run.options_json, "options"));
    st.bind(6, jsonOrEmpty(run.results_json, "results"));
    st.run();
}

std::vector<RunRecord> selectRuns(const Db &db)
{
    std::vector<RunRecord> runs;
    Stmt st(db, "SELECT id, created_at, scenario_id, seed, label, options, results FROM runs "
                "ORDER BY id");
    while (st.step()) {
        RunRecord r;
        r.id = st.getInt64(0);
        r.created_at = st.getText(1);
        r.scenario_id = st.getText(2);
        r.seed = static_cast<uint64_t>(st.getInt64(3));
        r.label = st.getText(4);
        r.options_json = st.getText(5);
        r.results_json = st.getText(6);
        runs.push_back(std::move(r));
    }
    return runs;
}

Status failure(const std::string &path, const StoreError &e)
{
    return Status::error(path, e.place, e.what());
}

// Runs `body` in one write transaction on an existing project (upgraded in place if older).
template <typename Body>
Status inTransaction(const std::string &path, Body body)
{
    try {
        Db db = detail::openProject(path, detail::OpenMode::Write);
        try {
            body(db);
            db.exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    } catch (const StoreError &e) {
        return failure(path, e);
    }
    return {};
}

} // namespace

Status storeRun(const std::string &path, const RunRecord &run)
{
    return inTransaction(path, [&](const Db &db) { insertRun(db, run); });
}

Result<std::vector<RunRecord>> listRuns(const std::string &path)
{
    try {
        Db db = detail::openProject(path, detail::OpenMode::Read);
        return selectRuns(db);
    } catch (const StoreError &e) {
        return failure(path, e).diagnostics;
    }
}

Status deleteRun(const std::string &path, int64_t id)
{
    return inTransaction(path, [&](const Db &db) {
        Stmt st(db, "DELETE FROM runs WHERE id = ?");
        st.bind(1, id);
        st.run();
        if (sqlite3_changes(db.get()) != 1)
            throw StoreError({}, "no run with id " + std::to_string(id));
    });
}

Status copyRuns(const std::string &from, const std::string &to)
{
    std::vector<RunRecord> runs;
    try {
        runs = selectRuns(detail::openProject(from, detail::OpenMode::Read));
    } catch (const StoreError &e) {
        return failure(from, e);
    }
    return inTransaction(to, [&](const Db &db) {
        for (const RunRecord &r : runs)
            insertRun(db, r);
    });
}

} // namespace archsim::model
