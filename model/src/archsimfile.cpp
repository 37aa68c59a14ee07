#include "archsimfile.h"

#include "archsimschema.h"

#include "archsim/model/types.h"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
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

std::string badVersion(int64_t version)
{
    return "corrupt ArchSim project: format version " + std::to_string(version) +
           " (PRAGMA user_version) is negative; ArchSim writes 0 to " +
           std::to_string(kFormatVersion);
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
    // user_version is a signed 32-bit integer (SQLite's PRAGMA shows -1, not 4294967295).
    auto version = static_cast<int32_t>(bigEndian32(&h[60]));
    if (version < 0)
        throw StoreError({}, badVersion(version));
    if (version > kFormatVersion)
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

// True when reading `path` needs SQLite's recovery, which writes: a hot journal of an
// interrupted save (or of a save in progress), a WAL, or a file in WAL mode (whose read-only
// connection would create -wal and -shm files beside it).
bool needsRecovery(const std::string &path)
{
    long long journal = 0;
    if (fileExists(path + "-journal", &journal) && journal > 0)
        return hasSqliteMagic(path);
    if (fileExists(path + "-wal"))
        return hasSqliteMagic(path);
    unsigned char h[20] = {};
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char *>(h), sizeof h);
    // Header bytes 18 and 19 (file format write and read versions) are 2 in WAL mode.
    return in.gcount() == sizeof h && std::memcmp(h, kMagic, sizeof kMagic) == 0 &&
           (h[18] == 2 || h[19] == 2);
}

bool copyFile(const std::string &from, const std::string &to)
{
    std::error_code ec;
    return std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing,
                                      ec);
}

// Reads a file that needs recovery without changing it: the file and its journal or WAL are
// copied into a private folder, SQLite recovers the copy there (rolls the journal back, or
// applies the WAL), and the recovered copy is read into memory. The reader sees what SQLite
// would show, the last complete save; the journal or WAL stays beside the file until the next
// write, which recovers the file itself.
Db openRecoveredCopy(const std::string &path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path tmp = fs::temp_directory_path(ec);
    if (ec)
        tmp = "/tmp";
    std::string pattern = (tmp / "archsim-read-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw StoreError({}, std::string("cannot read it without changing it: no private "
                                         "folder for a copy (") + std::strerror(errno) + ")");
    struct Cleanup {
        std::string dir;
        ~Cleanup()
        {
            std::error_code e;
            fs::remove_all(dir, e);
        }
    } cleanup{pattern};
    const std::string copy = (fs::path(pattern) / "project.archsim").string();
    // The journal before the file: a save that commits meanwhile leaves a newer file with the
    // journal of its start, whose rollback gives the state before it, still a complete one.
    for (const char *suffix : {"-journal", "-wal"}) {
        if (fileExists(path + suffix) && !copyFile(path + suffix, copy + suffix))
            throw StoreError({}, std::string("cannot copy its ") + (suffix + 1) +
                                     " for reading");
    }
    if (!copyFile(path, copy))
        throw StoreError({}, "cannot copy it for reading");
    try {
        Db recover = openRaw(copy, SQLITE_OPEN_READWRITE);
        // Rolls a hot journal back, or applies the WAL and leaves rollback-journal mode.
        recover.exec("PRAGMA journal_mode = DELETE");
    } catch (const StoreError &e) {
        checkHeader(copy); // a precise message when the file itself is not a project
        throw StoreError({}, std::string("corrupt ArchSim project: its journal or WAL cannot "
                                         "be applied (") + e.what() + ")");
    }
    Db db = openProject(copy, OpenMode::Read);
    // The copy is removed on return: keep what was read in memory.
    return copyToMemory(db);
}

} // namespace

Status settleSidecars(const std::string &path, bool force)
{
    auto sidecars = [&] {
        long long journal = 0;
        return (fileExists(path + "-journal", &journal) && journal > 0) ||
               fileExists(path + "-wal") || fileExists(path + "-shm");
    };
    if (!sidecars())
        return {};
    std::string why;
    if (hasSqliteMagic(path)) {
        try {
            Db db = openRaw(path, SQLITE_OPEN_READWRITE);
            db.exec("PRAGMA journal_mode = DELETE");
        } catch (const StoreError &e) {
            why = e.what();
        }
    }
    if (!sidecars())
        return {};
    if (!force)
        return Status::error(path, {}, "not replaced: its journal or WAL cannot be applied" +
                                           (why.empty() ? std::string() : " (" + why + ")") +
                                           ", so it may hold stored simulation runs that "
                                           "would be lost");
    for (const char *suffix : {"-journal", "-wal", "-shm"})
        ::unlink((path + suffix).c_str());
    return {};
}

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
    if (mode == OpenMode::Read && needsRecovery(path))
        return openRecoveredCopy(path);
    checkHeader(path);
    int flags = mode == OpenMode::Read ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    Db db = openRaw(path, flags);
    try {
        // The header was checked above; SQLite's own view is the authority.
        if (db.queryInt("PRAGMA application_id") != kApplicationId)
            throw StoreError({}, "a SQLite database but not an ArchSim project");
        int version = static_cast<int>(db.queryInt("PRAGMA user_version"));
        if (version < 0)
            throw StoreError({}, badVersion(version));
        if (version > kFormatVersion)
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
