#pragma once

// Duplicate keys inside one JSON object. nlohmann keeps the last of them without a word; a
// model file that says "replicas": 3 and later "replicas": 1 is ambiguous, so the reader
// refuses it and names the place.

#include <optional>
#include <string>
#include <string_view>

namespace archsim::model::detail {

struct DuplicateKey {
    size_t offset = 0;   // byte offset of the second occurrence's opening quote
    std::string pointer; // JSON pointer of the object that holds both ("/components/3")
    std::string key;     // the key, escapes decoded
};

// Returns the first key that occurs twice in one object of `text`, which must be valid JSON
// (parse it first); scans the text once, keeping a set of keys per open object.
std::optional<DuplicateKey> findDuplicateKey(std::string_view text);

} // namespace archsim::model::detail
