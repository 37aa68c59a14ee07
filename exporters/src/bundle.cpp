#include "archsim/exporters/bundle.h"

#include <filesystem>
#include <fstream>
#include <system_error>

namespace archsim::exporters {

const OutputFile *Bundle::find(const std::string &path) const
{
    for (const auto &f : files)
        if (f.path == path)
            return &f;
    return nullptr;
}

model::Status writeBundle(const Bundle &bundle, const std::string &dir)
{
    namespace fs = std::filesystem;
    model::Status status;
    for (const auto &f : bundle.files) {
        const fs::path target = fs::path(dir) / f.path;
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        if (ec) {
            status.diagnostics.push_back(model::makeError(
                {}, "cannot create folder '" + target.parent_path().string() + "': "
                        + ec.message()));
            continue;
        }
        // Temporary file and rename, so that a reader never sees half a manifest.
        const fs::path temp = target.string() + ".tmp";
        {
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            out.write(f.text.data(), static_cast<std::streamsize>(f.text.size()));
            out.close();
            if (!out) {
                status.diagnostics.push_back(
                    model::makeError({}, "cannot write '" + temp.string() + "'"));
                continue;
            }
        }
        fs::rename(temp, target, ec);
        if (ec)
            status.diagnostics.push_back(model::makeError(
                {}, "cannot write '" + target.string() + "': " + ec.message()));
    }
    return status;
}

} // namespace archsim::exporters
