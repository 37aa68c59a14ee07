#include "sqlitedb.h"

namespace archsim::model::detail {

Db &Db::operator=(Db &&other) noexcept
{
    if (this != &other) {
        if (m_db)
            sqlite3_close_v2(m_db);
        m_db = other.m_db;
        other.m_db = nullptr;
    }
    return *this;
}

Db::~Db()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

void Db::exec(const char *sql) const
{
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : error();
        sqlite3_free(message);
        throw StoreError({}, "SQLite: " + text);
    }
}

int64_t Db::queryInt(const char *sql) const
{
    Stmt st(*this, sql);
    return st.step() ? st.getInt64(0) : 0;
}

std::string Db::error() const { return m_db ? sqlite3_errmsg(m_db) : "out of memory"; }

Stmt::Stmt(const Db &db, const char *sql) : m_db(db.get())
{
    if (sqlite3_prepare_v2(m_db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
        throw StoreError({}, "SQLite: " + db.error());
}

Stmt::~Stmt() { sqlite3_finalize(m_stmt); }

void Stmt::bind(int i, std::string_view v)
{
    check(sqlite3_bind_text64(m_stmt, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Stmt::bindOrNull(int i, std::string_view v)
{
    if (v.empty())
        bindNull(i);
    else
        bind(i, v);
}

bool Stmt::step()
{
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    std::string message = sqlite3_errmsg(m_db);
    sqlite3_reset(m_stmt);
    throw StoreError({}, "SQLite: " + message);
}

void Stmt::run()
{
    step();
    reset();
}

void Stmt::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::string Stmt::getText(int i) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, i));
    int n = sqlite3_column_bytes(m_stmt, i);
    return p ? std::string(p, static_cast<size_t>(n)) : std::string();
}

void Stmt::check(int rc) const
{
    if (rc != SQLITE_OK)
        throw StoreError({}, std::string("SQLite: ") + sqlite3_errmsg(m_db));
}

void hardenConnection(sqlite3 *db)
{
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_enable_load_extension(db, 0);
    // Memory-mapped reads of a corrupt file can fault; go through the pager, which checks cells.
    sqlite3_exec(db, "PRAGMA mmap_size=0; PRAGMA cell_size_check=ON;", nullptr, nullptr,
                 nullptr);
}

} // namespace archsim::model::detail
