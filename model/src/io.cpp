#include "archsim/model/io.h"

#include "archsim/model/runstore.h"
#include "archsim/model/validate.h"

#include "archsimfile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace archsim::model {

namespace {

bool endsWith(std::string_view s, std::string_view suffix)
{
    if (s.size() < suffix.size())
        return false;
    for (size_t i = 0; i < suffix.size(); ++i) {
        char a = s[s.size() - suffix.size() + i];
        if (a >= 'A' && a <= 'Z')
            a = static_cast<char>(a - 'A' + 'a');
        if (a != suffix[i])
            return false;
    }
    return true;
}

Status ioError(const std::string &path, const std::string &what)
{
    return Status::error(path, {}, what + ": " + std::strerror(errno));
}

// A temporary file of a save: created beside the target (same folder, so a rename replaces
// atomically) as ".NAME.tmp-XXXXXX", and held under an exclusive flock() from its creation to
// its rename, so that cleanStaleTemps() of another save can tell it is alive.
struct TempFile {
    int fd = -1;
    std::string name;
    TempFile() = default;
    TempFile(const TempFile &) = delete;
    TempFile &operator=(const TempFile &) = delete;
    ~TempFile() { release(); }
    // Closes the descriptor, which drops the lock (after the rename, or after a failure).
    void release()
    {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
};

std::string tempPrefix(const std::string &path)
{
    namespace fs = std::filesystem;
    return "." + fs::path(path).filename().string() + ".tmp-";
}

std::filesystem::path folderOf(const std::string &path)
{
    namespace fs = std::filesystem;
    fs::path dir = fs::path(path).parent_path();
    return dir.empty() ? fs::path(".") : dir;
}

// Creates and locks a temporary file beside `path`; fd -1 on failure (errno set).
void createTempBeside(const std::string &path, TempFile &temp)
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string name = (folderOf(path) / (tempPrefix(path) + "XXXXXX")).string();
        int fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (fd < 0)
            return;
        // A cleaner may remove the name between mkstemp and flock (it saw an unlocked file):
        // once locked, make sure the name is still ours, else take another one.
        struct stat byFd {}, byName {};
        if (::flock(fd, LOCK_EX) == 0 && ::fstat(fd, &byFd) == 0 &&
            ::stat(name.c_str(), &byName) == 0 && byFd.st_ino == byName.st_ino &&
            byFd.st_dev == byName.st_dev) {
            temp.fd = fd;
            temp.name = std::move(name);
            return;
        }
        ::close(fd);
    }
    errno = EEXIST;
}

// True for "<prefix>XXXXXX", the six characters mkstemp() puts there.
bool isTempName(std::string_view name, std::string_view prefix)
{
    if (name.size() != prefix.size() + 6 || name.substr(0, prefix.size()) != prefix)
        return false;
    for (char c : name.substr(prefix.size()))
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    return true;
}

} // namespace

namespace detail {

void cleanStaleTemps(const std::string &path)
{
    namespace fs = std::filesystem;
    const std::string prefix = tempPrefix(path);
    const fs::path dir = folderOf(path);
    std::error_code ec;
    std::vector<std::string> temps, sidecars;
    for (const auto &entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0)
            continue;
        if (isTempName(name, prefix))
            temps.push_back(name);
        for (const char *suffix : {"-journal", "-wal", "-shm"}) {
            std::string_view n(name), sfx(suffix);
            if (n.size() > sfx.size() && n.substr(n.size() - sfx.size()) == sfx &&
                isTempName(n.substr(0, n.size() - sfx.size()), prefix))
                sidecars.push_back(name);
        }
    }
    for (const std::string &name : temps) {
        std::string full = (dir / name).string();
        int fd = ::open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;
        // A live save holds the lock until its rename; a killed one has dropped it.
        struct stat byFd {}, byName {};
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &byFd) == 0 &&
            S_ISREG(byFd.st_mode) && ::lstat(full.c_str(), &byName) == 0 &&
            byFd.st_ino == byName.st_ino) {
            ::unlink(full.c_str());
            for (const char *suffix : {"-journal", "-wal", "-shm"})
                ::unlink((full + suffix).c_str());
        }
        ::close(fd);
    }
    // A journal whose database is gone belongs to no live save (it is created after it).
    for (const std::string &name : sidecars) {
        std::string full = (dir / name).string();
        std::string owner = full.substr(0, full.rfind('-'));
        if (!fileExists(owner))
            ::unlink(full.c_str());
    }
}

} // namespace detail

namespace {

// Renames `temp` over `path` and syncs the folder so that the rename itself is durable;
// removes `temp` on failure.
Status replaceWith(const std::string &temp, const std::string &path)
{
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        Status s = ioError(path, "cannot replace");
        ::unlink(temp.c_str());
        return s;
    }
    namespace fs = std::filesystem;
    fs::path dir = fs::path(path).parent_path();
    int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return {};
}

} // namespace

FileFormat formatFromPath(std::string_view path)
{
    if (endsWith(path, ".json"))
        return FileFormat::Json;
    if (endsWith(path, ".archsim"))
        return FileFormat::Archsim;
    return FileFormat::Unknown;
}

Result<std::string> readFile(const std::string &path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return Diagnostics{[&] {
            Diagnostic d = makeError({}, "is a directory, not a model file");
            d.file = path;
            return d;
        }()};
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        Diagnostic d = makeError({}, std::string("cannot open: ") + std::strerror(errno));
        d.file = path;
        return Diagnostics{d};
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Status writeFileAtomically(const std::string &path, std::string_view contents)
{
    detail::cleanStaleTemps(path);
    TempFile temp;
    createTempBeside(path, temp);
    if (temp.fd < 0)
        return ioError(path, "cannot create a temporary file beside it");
    const int fd = temp.fd;
    const std::string &tmpl = temp.name;
    size_t done = 0;
    while (done < contents.size()) {
        ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            Status s = ioError(path, "cannot write");
            ::unlink(tmpl.c_str());
            return s;
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0) {
        Status s = ioError(path, "cannot flush to disk");
        ::unlink(tmpl.c_str());
        return s;
    }
    // Keep the permissions of the file being replaced; a new file gets 0644 (minus umask).
    struct stat st {};
    mode_t mode = 0644;
    if (::stat(path.c_str(), &st) == 0)
        mode = st.st_mode & 07777;
    else {
        mode_t mask = ::umask(0);
        ::umask(mask);
        mode &= ~mask;
    }
    ::chmod(tmpl.c_str(), mode);
    return replaceWith(tmpl, path);
}

Result<Model> loadModelUnchecked(const std::string &path)
{
    switch (formatFromPath(path)) {
    case FileFormat::Json: {
        auto text = readFile(path);
        if (!text.ok())
            return text.diagnostics();
        return parseJson(text.value(), path);
    }
    case FileFormat::Archsim:
        return readArchsim(path);
    case FileFormat::Unknown:
        break;
    }
    Diagnostic d = makeError({}, "unknown file type; expected a .json or .archsim file");
    d.file = path;
    return Diagnostics{d};
}

Result<Model> loadModel(const std::string &path)
{
    auto result = loadModelUnchecked(path);
    if (!result.ok())
        return result;
    Diagnostics problems = validate(result.value());
    for (auto &d : problems)
        d.file = path;
    if (hasErrors(problems))
        return problems;
    return Result<Model>(std::move(result).value(), std::move(problems));
}

Status saveModel(const Model &model, const std::string &path, const SaveOptions &options)
{
    switch (formatFromPath(path)) {
    case FileFormat::Json:
        return writeFileAtomically(path, toJson(model));
    case FileFormat::Archsim: {
        detail::cleanStaleTemps(path);
        auto fail = [&](Status s) {
            for (auto &d : s.diagnostics)
                d.file = path;
            return s;
        };
        // The runs stored in the file being replaced move into the new file; a file that
        // cannot be read may hold runs, so it is replaced only when the caller says so.
        long long size = 0;
        bool hasRuns = false;
        if (detail::fileExists(path, &size) && size > 0) {
            auto runs = listRuns(path);
            if (runs.ok())
                hasRuns = !runs.value().empty();
            else if (!options.overwriteUnreadable)
                return Status::error(path, {},
                                     "not replaced: the existing file cannot be read (" +
                                         runs.diagnostics().front().message +
                                         "), so it may hold stored simulation runs that "
                                         "would be lost");
        }
        TempFile temp;
        createTempBeside(path, temp);
        if (temp.fd < 0)
            return ioError(path, "cannot create a temporary file beside it");
        // writeArchsim creates the database in the empty, locked temporary file.
        Status s = writeArchsim(model, temp.name);
        if (s.ok() && hasRuns)
            s = copyRuns(path, temp.name);
        // A hot journal or WAL of the old file would be applied to the new one: settle it.
        if (s.ok())
            s = detail::settleSidecars(path, options.overwriteUnreadable);
        if (!s.ok()) {
            ::unlink(temp.name.c_str());
            ::unlink((temp.name + "-journal").c_str());
            return fail(s);
        }
        return replaceWith(temp.name, path);
    }
    case FileFormat::Unknown:
        break;
    }
    return Status::error(path, {}, "unknown file type; expected a .json or .archsim file");
}

} // namespace archsim::model
