#pragma once

// Small helpers shared by the JSON reader and writer.

#include "archsim/model/types.h"

#include <string>
#include <string_view>
#include <vector>

namespace archsim::model::detail {

// Returns "line:col" (both 1-based, columns in bytes) of a byte offset in `text`.
std::string lineColumn(std::string_view text, size_t offset);

// Escapes a key for use in a JSON pointer (RFC 6901: '~' -> "~0", '/' -> "~1").
std::string escapePointer(std::string_view key);

// Returns the candidate closest to `word` by edit distance if it is close (<= 2), else "".
std::string closest(std::string_view word, const std::vector<const char *> &candidates);

// Parses "created_at DESC" / "user_id" / "x ASC"; returns false if malformed.
bool parseIndexColumn(std::string_view text, IndexColumn &out);

// Returns `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD, so
// messages quoting user input can always be printed and written as JSON.
std::string sanitizeUtf8(std::string_view text);

// Returns "created_at DESC" or "user_id".
std::string formatIndexColumn(const IndexColumn &c);

// Gives every link without an id one derived from its endpoints ("api-orders-db", then
// "api-orders-db-2", ...), unique among the model's link ids.
void assignLinkIds(Model &model);

} // namespace archsim::model::detail
