#pragma once

// A set of generated files (relative paths and contents) plus the warnings raised while making
// them; what the Kubernetes, compose and Redis exporters return.

#include "archsim/model/diagnostics.h"

#include <string>
#include <vector>

namespace archsim::exporters {

struct OutputFile {
    std::string path; // relative to the output folder, '/' separated
    std::string text;
};

struct Bundle {
    std::vector<OutputFile> files;
    model::Diagnostics warnings; // things the user should know (defaults taken, gaps)

    // Returns the file at `path`, or nullptr.
    const OutputFile *find(const std::string &path) const;
};

// Writes every file of the bundle under `dir` (created as needed), each atomically.
model::Status writeBundle(const Bundle &bundle, const std::string &dir);

} // namespace archsim::exporters
