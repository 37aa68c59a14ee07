#include "archsim/model/io.h"

#include "archsim/model/runstore.h"
#include "archsim/model/validate.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
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

// Creates an empty temporary file beside `path` (same folder, so a rename replaces atomically);
// returns its open descriptor and name, or fd -1.
std::pair<int, std::string> createTempBeside(const std::string &path)
{
    namespace fs = std::filesystem;
    fs::path target(path);
    fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::string name = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    int fd = ::mkstemp(name.data());
    return {fd, name};
}

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
    auto [fd, tmpl] = createTempBeside(path);
    if (fd < 0)
        return ioError(path, "cannot create a temporary file beside it");
    size_t done = 0;
    while (done < contents.size()) {
        ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            Status s = ioError(path, "cannot write");
            ::close(fd);
            ::unlink(tmpl.c_str());
            return s;
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
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

Status saveModel(const Model &model, const std::string &path)
{
    switch (formatFromPath(path)) {
    case FileFormat::Json:
        return writeFileAtomically(path, toJson(model));
    case FileFormat::Archsim: {
        // writeArchsim creates its own database file: reserve a unique name, then free it.
        auto [fd, tmpl] = createTempBeside(path);
        if (fd < 0)
            return ioError(path, "cannot create a temporary file beside it");
        ::close(fd);
        ::unlink(tmpl.c_str());
        Status s = writeArchsim(model, tmpl);
        if (!s.ok()) {
            ::unlink(tmpl.c_str());
            for (auto &d : s.diagnostics)
                d.file = path;
            return s;
        }
        // The runs stored in the file being replaced move into the new file before the rename.
        if (auto runs = listRuns(path); runs.ok() && !runs.value().empty()) {
            if (Status c = copyRuns(path, tmpl); !c.ok()) {
                ::unlink(tmpl.c_str());
                for (auto &d : c.diagnostics)
                    d.file = path;
                return c;
            }
        }
        return replaceWith(tmpl, path);
    }
    case FileFormat::Unknown:
        break;
    }
    return Status::error(path, {}, "unknown file type; expected a .json or .archsim file");
}

} // namespace archsim::model
