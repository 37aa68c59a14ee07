// fuzz_make_seeds OUTDIR MODEL.json...: writes each JSON model as OUTDIR/<name>.archsim, the
// seed corpus of the .archsim reader's fuzz target (built beside it; see CMakeLists.txt).
#include "archsim/model/io.h"

#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;
namespace m = archsim::model;

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: fuzz_make_seeds OUTDIR MODEL.json...\n");
        return 2;
    }
    const fs::path out = argv[1];
    for (int i = 2; i < argc; ++i) {
        auto model = m::loadModelUnchecked(argv[i]);
        if (!model.ok()) {
            std::fprintf(stderr, "fuzz_make_seeds: cannot read %s\n", argv[i]);
            return 2;
        }
        const fs::path target = out / fs::path(argv[i]).stem().concat(".archsim");
        std::error_code ignored;
        fs::remove(target, ignored); // writeArchsim adds to an existing database otherwise
        if (!m::writeArchsim(model.value(), target.string()).ok()) {
            std::fprintf(stderr, "fuzz_make_seeds: cannot write %s\n", target.c_str());
            return 2;
        }
    }
    return 0;
}
