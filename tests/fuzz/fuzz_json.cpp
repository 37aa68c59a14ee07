// libFuzzer target: the JSON model reader on arbitrary bytes, then validate() and the canonical
// writer on what it accepts, which must read back to the same canonical text. A crash, a
// sanitizer report, a leak or a failed round trip is a finding (docs/reliability.md).
#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace m = archsim::model;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    auto model = m::parseJson(text, "fuzz.json");
    if (!model.ok())
        return 0;
    (void)m::validate(model.value());
    const std::string json = m::toJson(model.value());
    auto again = m::parseJson(json, "canonical.json");
    if (!again.ok() || m::toJson(again.value()) != json) {
        const std::string why =
            again.ok() ? "(different text)" : again.diagnostics().front().message;
        std::fprintf(stderr, "fuzz_json: the canonical JSON does not read back the same:\n%s\n",
                     why.c_str());
        std::abort();
    }
    return 0;
}
