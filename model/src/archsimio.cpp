// The native .archsim project file. Its SQLite implementation is being written on the `store`
// branch; until it is merged this build refuses .archsim files with a clear message.
#include "archsim/model/io.h"

namespace archsim::model {

Result<Model> readArchsim(const std::string &path)
{
    Diagnostic d = makeError({}, "this build cannot read .archsim project files yet; "
                                 "use the .json format");
    d.file = path;
    return Diagnostics{d};
}

Status writeArchsim(const Model &, const std::string &path)
{
    return Status::error(path, {}, "this build cannot write .archsim project files yet; "
                                   "use the .json format");
}

} // namespace archsim::model
