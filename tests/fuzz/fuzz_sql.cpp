// libFuzzer target: the SQL importer's buffer entry point (PostgreSQL's parser through
// libpg_query, then our walk of its parse tree and the builder) on arbitrary bytes. On success
// the result is merged into an empty model, validated, written as JSON and read back. A crash,
// a sanitizer report, a leak, a timeout, a failure without a message, or a merged model whose
// JSON does not read back to the same text is a finding (docs/reliability.md).
#include "archsim/importers/import.h"
#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace im = archsim::importers;
namespace m = archsim::model;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto result = im::importPostgresBuffer(data, size);
    if (!result.ok()) {
        // A refusal must say where and why, as the GUI's error list shows it.
        if (result.diagnostics().empty() || result.diagnostics().front().message.empty()) {
            std::fprintf(stderr, "fuzz_sql: an import failed without a message\n");
            std::abort();
        }
        return 0;
    }
    (void)im::strictErrors(result.value());
    const m::Model model = im::mergeImport({}, result.value());
    (void)m::validate(model);
    const std::string json = m::toJson(model);
    auto again = m::parseJson(json, "imported.json");
    if (!again.ok() || m::toJson(again.value()) != json) {
        const std::string why =
            again.ok() ? "(different text)" : again.diagnostics().front().format();
        std::fprintf(stderr, "fuzz_sql: the imported model's JSON does not read back: %s\n",
                     why.c_str());
        std::abort();
    }
    return 0;
}
