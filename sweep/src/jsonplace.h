#pragma once

// The place of a JSON syntax error as "line:col", for messages that name file:line:col.

#include <cstddef>
#include <string>
#include <string_view>

namespace archsim::sweep::detail {

// Returns "line:col" (1-based) of the byte nlohmann's parse_error reports (1-based, the byte
// after the last one read).
inline std::string lineColumn(std::string_view text, size_t byte)
{
    size_t line = 1, col = 1;
    for (size_t i = 0; i + 1 < byte && i < text.size(); ++i, ++col)
        if (text[i] == '\n') {
            line += 1;
            col = 0;
        }
    return std::to_string(line) + ":" + std::to_string(col);
}

} // namespace archsim::sweep::detail
