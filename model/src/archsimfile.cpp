#include "archsimfile.h"

#include "archsimschema.h"

#include "archsim/model/types.h"

#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace archsim::model::detail {

namespace {

bool isDirectory(const std::string &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

uint32_t bigEndian32(const unsigned char *p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

std::string hex32(uint32_t v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

const char kMagic[] = "SQLite format 3";

bool hasSqliteMagic(const std::string &path)
{
    char head[sizeof kMagic] = {};
    std::ifstream in(path, std::ios::binary);
    in.read(head, sizeof head);
    return in.gcount() == sizeof head && std::memcmp(head, kMagic, sizeof head) == 0;
}

// Checks the 100-byte SQLite header before SQLite sees the file, so the common refusals get a
// precise message: empty, not SQLite, someone else's database, newer version, truncated.
void checkHeader(const std::string &path)
{
    long long size = 0;
    if (!fileExists(path, &size))
        throw StoreError({}, "cannot open: no such file");
    if (isDirectory(path))
        throw StoreError({}, "is a directory, not an ArchSim project");
    if (size == 0)
        throw StoreError({}, "empty file (0 bytes): not an ArchSim project");
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 100> h{};
    in.read(reinterpret_cast<char *>(h.data()), h.size());
    if (!in && !in.eof())
        throw StoreError({}, "cannot read the file");
    auto got = static_cast<size_t>(in.gcount());
    if (got < h.size() || std::memcmp(h.data(), kMagic, sizeof kMagic) != 0) {
        std::string hint = h[0] == '{' ? " (it looks like JSON: name it *.json)" : "";
        throw StoreError({}, "not an ArchSim project: not a SQLite database" + hint);
    }
    uint32_t appId = bigEndian32(&h[68]);
    if (appId != uint32_t(kApplicationId))
        throw StoreError({}, "a SQLite database but not an ArchSim project (application_id " +
                                 hex32(appId) + ", expected " + hex32(uint32_t(kApplicationId)) +
                                 ")");
    uint32_t version = bigEndian32(&h[60]);
    if (version > uint32_t(kFormatVersion))
        throw StoreError({}, "written by a newer ArchSim (format version " +
                                 std::to_string(version) + "); this build reads versions up to " +
                                 std::to_string(kFormatVersion) + ": update ArchSim");
    uint32_t pageSize = (uint32_t(h[16]) << 8) | h[17];
    if (pageSize == 1)
        pageSize = 65536;
    uint32_t pages = bigEndian32(&h[28]);
    // The in-header page count is valid only when its change counter matches (offset 24/92).
    bool countValid = bigEndian32(&h[24]) == bigEndian32(&h[92]) && pages > 0;
    if (countValid && static_cast<long long>(pageSize) * pages > size)
        throw StoreError({}, "truncated ArchSim project: the file has " + std::to_string(size) +
                                 " bytes, its header promises " +
                                 std::to_string(static_cast<long long>(pageSize) * pages));
}

void checkIntegrity(const Db &db)
{
    std::string problems;
    try {
        Stmt st(db, "PRAGMA quick_check(5)");
        while (st.step()) {
            std::string line = st.getText(0);
            if (line == "ok")
                return;
            problems += (problems.empty() ? "" : "; ") + line;
        }
    } catch (const StoreError &e) {
        problems = e.what();
    }
    throw StoreError({}, "corrupt ArchSim project: " + problems);
}

void checkTables(const Db &db, int version)
{
    Stmt st(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    for (const char *name : requiredTables(version)) {
        st.bind(1, std::string_view(name));
        bool found = st.step();
        st.reset();
        if (!found)
            throw StoreError({}, std::string("corrupt ArchSim project: table '") + name +
                                     "' is missing");
    }
}

Db openRaw(const std::string &path, int flags)
{
    sqlite3 *raw = nullptr;
    // One connection per call, used by one thread: SQLite's own mutexes are not needed.
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK)
        throw StoreError({}, "cannot open: " + db.error());
    hardenConnection(raw);
    sqlite3_extended_result_codes(raw, 1);
    return db;
}

// Copies a read-only file into a private in-memory database (the file is never changed).
Db copyToMemory(const Db &file)
{
    Db mem = openRaw(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3_backup *b = sqlite3_backup_init(mem.get(), "main", file.get(), "main");
    if (!b)
        throw StoreError({}, "cannot upgrade in memory: " + mem.error());
    sqlite3_backup_step(b, -1);
    if (sqlite3_backup_finish(b) != SQLITE_OK)
        throw StoreError({}, "cannot upgrade in memory: " + mem.error());
    return mem;
}

} // namespace

bool fileExists(const std::string &path, long long *size)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return false;
    if (size)
        *size = static_cast<long long>(st.st_size);
    return true;
}

Db openProject(const std::string &path, OpenMode mode)
{
    long long journal = 0;
    if (mode == OpenMode::Read && fileExists(path + "-journal", &journal) && journal > 0 &&
        hasSqliteMagic(path)) {
        // A save in place was interrupted: its hot journal holds the pages of the last complete
        // save. Only a writable connection can put them back, so let one do that first.
        Db recover = openRaw(path, SQLITE_OPEN_READWRITE);
        recover.queryInt("PRAGMA user_version");
    }
    checkHeader(path);
    int flags = mode == OpenMode::Read ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    Db db = openRaw(path, flags);
    try {
        // The header was checked above; SQLite's own view is the authority.
        if (db.queryInt("PRAGMA application_id") != kApplicationId)
            throw StoreError({}, "a SQLite database but not an ArchSim project");
        int version = static_cast<int>(db.queryInt("PRAGMA user_version"));
        if (version > kFormatVersion || version < 0)
            throw StoreError({}, "written by a newer ArchSim (format version " +
                                     std::to_string(version) + ")");
        checkIntegrity(db);
        checkTables(db, version);
        // A 64 MiB page cache keeps a whole save in memory until its commit (no spills).
        db.exec("PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536");
        if (mode == OpenMode::Write) {
            // The caller's changes and the upgrade, if any, form one transaction.
            db.exec("BEGIN IMMEDIATE");
            if (version < kFormatVersion)
                migrate(db, version);
        } else if (version < kFormatVersion) {
            db = copyToMemory(db);
            db.exec("BEGIN IMMEDIATE");
            migrate(db, version);
            db.exec("COMMIT");
        }
    } catch (const StoreError &e) {
        std::string what = e.what();
        if (what.rfind("SQLite: ", 0) == 0)
            throw StoreError({}, "corrupt ArchSim project (" + what + ")");
        throw;
    }
    return db;
}

Db createProject(const std::string &path)
{
    long long size = 0;
    if (fileExists(path, &size) && size > 0)
        throw StoreError({}, "cannot create: the file exists");
    Db db = openRaw(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    // One file, no sidecar: the rollback journal lives only during a save.
    db.exec("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
            "PRAGMA cache_size = -65536");
    db.exec("BEGIN IMMEDIATE");
    db.exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str());
    db.exec(kBaseSchema);
    migrate(db, 0);
    return db;
}

void migrate(const Db &db, int fromVersion)
{
    for (const Migration &m : migrations()) {
        if (m.to <= fromVersion)
            continue;
        try {
            db.exec(m.sql);
        } catch (const StoreError &e) {
            throw StoreError({}, "cannot upgrade to format version " + std::to_string(m.to) +
                                     " (" + m.what + "): " + e.what());
        }
    }
    db.exec(("PRAGMA user_version = " + std::to_string(kFormatVersion)).c_str());
}

} // namespace archsim::model::detail
