#pragma once

// One component or link written and read alone, exactly as inside a whole JSON document, so
// that the scenarios' variants re-read only the elements their overrides change. Internal to
// archsim_model.

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace archsim::model::detail {

// Returns the canonical JSON of one component or link, as toJson() writes it in the document.
std::string elementJson(const Component &c);
std::string elementJson(const Link &l);

// An element of a document to read: its JSON object, where it goes (exactly one of component
// and link set) and its JSON pointer ("/components/3").
struct JsonElement {
    const nlohmann::json *json = nullptr;
    Component *component = nullptr;
    Link *link = nullptr;
    std::string pointer;
};

// Reads elements, given in document order, as parseJson() reads them inside a document: same
// messages, same order, same cap on the number of errors. Returns the errors (no file set).
Diagnostics readJsonElements(const std::vector<JsonElement> &elements);

} // namespace archsim::model::detail
