// libFuzzer target: the .archsim reader (SQLite) on arbitrary bytes written to a temporary
// file, then validate() and the JSON writer on what it accepts. A crash, a sanitizer report or
// a leak is a finding (docs/reliability.md). The JSON round trip of fuzz_json is not checked
// here yet: a non-finite number read from a project file still becomes JSON null (issue 15,
// defect 4, fixed on the persistence side).
#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace m = archsim::model;

namespace {

// One file per fuzzing process, removed at exit with the files SQLite may leave beside it.
// The path is never destroyed: the exit handler that removes the file runs after the
// destructors of function-local statics constructed later than its registration.
const std::string &scratchPath()
{
    static const std::string &path = *new std::string([] {
        const char *tmp = std::getenv("TMPDIR");
        std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/fuzz-archsim-XXXXXX";
        const int fd = mkstemp(templ.data());
        if (fd < 0) {
            std::perror("fuzz_archsim: mkstemp");
            std::abort();
        }
        close(fd);
        return templ + ".archsim";
    }());
    return path;
}

void removeScratch()
{
    const std::string &p = scratchPath();
    for (const char *suffix : {"", "-journal", "-wal", "-shm"})
        unlink((p + suffix).c_str());
    unlink(p.substr(0, p.size() - 8).c_str()); // the mkstemp placeholder
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    std::atexit(removeScratch);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string &path = scratchPath();
    for (const char *suffix : {"-journal", "-wal", "-shm"})
        unlink((path + suffix).c_str());
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f || std::fwrite(data, 1, size, f) != size || std::fclose(f) != 0) {
        std::perror("fuzz_archsim: cannot write the scratch file");
        std::abort();
    }
    auto model = m::readArchsim(path);
    if (!model.ok())
        return 0;
    (void)m::validate(model.value());
    (void)m::toJson(model.value());
    return 0;
}
