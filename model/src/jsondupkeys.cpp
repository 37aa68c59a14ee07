// Finds the first duplicate key of a valid JSON text by a single scan (no second parse tree).

#include "jsondupkeys.h"

#include "jsonutil.h"

#include <nlohmann/json.hpp>

#include <set>
#include <vector>

namespace archsim::model::detail {

namespace {

struct Frame {
    bool object = false;
    std::set<std::string, std::less<>> keys; // objects: the keys seen so far
    std::string token;                       // pointer token of this container in its parent
    long index = -1;                         // arrays: the current element
    bool expectKey = true;                   // objects: the next string is a key
};

// Returns the end of the string token that starts at `at` (the opening quote), just past the
// closing quote.
size_t stringEnd(std::string_view text, size_t at)
{
    size_t i = at + 1;
    while (i < text.size() && text[i] != '"')
        i += text[i] == '\\' ? 2 : 1;
    return i + 1;
}

std::string pointerOf(const std::vector<Frame> &stack)
{
    std::string out;
    for (size_t i = 1; i < stack.size(); ++i)
        out += "/" + stack[i].token;
    return out.empty() ? "/" : out;
}

} // namespace

std::optional<DuplicateKey> findDuplicateKey(std::string_view text)
{
    std::vector<Frame> stack;
    std::string lastKey;   // the key of the value being read in the innermost object
    auto childToken = [&]() -> std::string {
        if (stack.empty())
            return {};
        Frame &top = stack.back();
        if (top.object)
            return escapePointer(lastKey);
        return std::to_string(top.index);
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
        case '{':
        case '[': {
            if (!stack.empty() && !stack.back().object)
                ++stack.back().index;
            Frame f;
            f.object = c == '{';
            f.token = childToken();
            stack.push_back(std::move(f));
            break;
        }
        case '}':
        case ']':
            if (!stack.empty())
                stack.pop_back();
            break;
        case ',':
            if (!stack.empty() && stack.back().object)
                stack.back().expectKey = true;
            break;
        case '"': {
            const size_t end = stringEnd(text, i);
            if (!stack.empty() && stack.back().object && stack.back().expectKey) {
                Frame &top = stack.back();
                std::string key(text.substr(i + 1, end - i - 2));
                if (key.find('\\') != std::string::npos) // "a\u0062" and "ab" are one key
                    key = nlohmann::json::parse(text.substr(i, end - i)).get<std::string>();
                if (top.keys.count(key))
                    return DuplicateKey{i, pointerOf(stack), key};
                top.keys.insert(key);
                lastKey = std::move(key);
                top.expectKey = false;
            } else if (!stack.empty() && !stack.back().object) {
                ++stack.back().index;
            }
            i = end - 1;
            break;
        }
        default:
            // A scalar (number, true, false, null) starts a new array element.
            if (!stack.empty() && !stack.back().object &&
                (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n')) {
                ++stack.back().index;
                while (i + 1 < text.size() && text[i + 1] != ',' && text[i + 1] != ']' &&
                       text[i + 1] != ' ' && text[i + 1] != '\n' && text[i + 1] != '\t' &&
                       text[i + 1] != '\r')
                    ++i;
            }
            break;
        }
    }
    return std::nullopt;
}

} // namespace archsim::model::detail
