#pragma once

// A thin RAII wrapper over sqlite3 for the .archsim reader, writer and run store. Internal to
// archsim_model. Failures throw StoreError, which the public functions turn into diagnostics.

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace archsim::model::detail {

// A failure at a place of the model ("/components/3/kind") or of the file (empty place).
struct StoreError : std::runtime_error {
    StoreError(std::string where, const std::string &what)
        : std::runtime_error(what), place(std::move(where)) {}
    std::string place;
};

class Db {
public:
    Db() = default;
    explicit Db(sqlite3 *db) : m_db(db) {}
    Db(Db &&other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
    Db &operator=(Db &&other) noexcept;
    Db(const Db &) = delete;
    Db &operator=(const Db &) = delete;
    ~Db();

    sqlite3 *get() const { return m_db; }
    // Runs one or more statements; throws StoreError with SQLite's message on failure.
    void exec(const char *sql) const;
    // Returns the first column of the first row of `sql` as an integer (0 when no row).
    int64_t queryInt(const char *sql) const;
    // Returns SQLite's last error message.
    std::string error() const;

private:
    sqlite3 *m_db = nullptr;
};

class Stmt {
public:
    Stmt(const Db &db, const char *sql);
    Stmt(const Stmt &) = delete;
    Stmt &operator=(const Stmt &) = delete;
    ~Stmt();

    void bind(int i, double v) { check(sqlite3_bind_double(m_stmt, i, v)); }
    void bind(int i, int v) { check(sqlite3_bind_int64(m_stmt, i, v)); }
    void bind(int i, int64_t v) { check(sqlite3_bind_int64(m_stmt, i, v)); }
    void bind(int i, bool v) { check(sqlite3_bind_int64(m_stmt, i, v ? 1 : 0)); }
    void bind(int i, std::string_view v);
    // Binds NULL for an empty string (optional references).
    void bindOrNull(int i, std::string_view v);
    void bindNull(int i) { check(sqlite3_bind_null(m_stmt, i)); }
    // Steps once; returns true while a row is available.
    bool step();
    // Steps a statement that returns no row, then resets it for the next bindings.
    void run();
    // Resets the statement and clears its bindings.
    void reset();

    bool isNull(int i) const { return sqlite3_column_type(m_stmt, i) == SQLITE_NULL; }
    int type(int i) const { return sqlite3_column_type(m_stmt, i); }
    double getDouble(int i) const { return sqlite3_column_double(m_stmt, i); }
    int64_t getInt64(int i) const { return sqlite3_column_int64(m_stmt, i); }
    std::string getText(int i) const;

private:
    void check(int rc) const;

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
};

// Applies the defensive settings every connection to a user file gets: defensive mode, no
// extension loading, untrusted schema, no triggers or views (our schema has none).
void hardenConnection(sqlite3 *db);

} // namespace archsim::model::detail
