#include "jsonutil.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace archsim::model::detail {

std::string lineColumn(std::string_view text, size_t offset)
{
    offset = std::min(offset, text.size());
    size_t line = 1;
    size_t col = 1;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return std::to_string(line) + ":" + std::to_string(col);
}

std::string escapePointer(std::string_view key)
{
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

namespace {
size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}
} // namespace

std::string closest(std::string_view word, const std::vector<const char *> &candidates)
{
    if (word.size() > 64)
        return {};
    std::string best;
    size_t bestDistance = 3;
    for (const char *c : candidates) {
        size_t d = editDistance(word, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

namespace {

std::string_view trimBlanks(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

// "ASC" or "DESC" in any case: 1 for DESC, 0 for ASC, -1 for anything else.
int sortWord(std::string_view word)
{
    std::string w(word);
    std::transform(w.begin(), w.end(), w.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return w == "DESC" ? 1 : w == "ASC" ? 0 : -1;
}

// The quoted form, "name" with "" for a quote inside, then nothing, ASC or DESC.
bool parseQuotedIndexColumn(std::string_view text, IndexColumn &out)
{
    std::string name;
    size_t i = 1;
    for (;; ++i) {
        if (i >= text.size())
            return false; // no closing quote
        if (text[i] != '"') {
            name += text[i];
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '"') {
            name += '"';
            ++i;
            continue;
        }
        break;
    }
    const std::string_view rest = trimBlanks(text.substr(i + 1));
    const int order = rest.empty() ? 0 : sortWord(rest);
    if (order < 0)
        return false;
    out.column = std::move(name);
    out.descending = order == 1;
    return true;
}

// The plain form, trimmed: a name, then optionally a blank and ASC or DESC.
bool parsePlainIndexColumn(std::string_view text, IndexColumn &out)
{
    out.descending = false;
    auto space = text.rfind(' ');
    if (space != std::string_view::npos) {
        const int order = sortWord(trimBlanks(text.substr(space + 1)));
        if (order >= 0) {
            out.descending = order == 1;
            text = trimBlanks(text.substr(0, space));
            if (text.empty())
                return false;
        }
    }
    out.column = std::string(text);
    return true;
}

} // namespace

bool parseIndexColumn(std::string_view text, IndexColumn &out)
{
    text = trimBlanks(text);
    if (text.empty())
        return false;
    if (text.front() == '"' && parseQuotedIndexColumn(text, out))
        return true;
    return parsePlainIndexColumn(text, out);
}

std::string sanitizeUtf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = len > 0 && i + len <= text.size();
        for (size_t k = 1; ok && k < len; ++k)
            ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (ok && len > 1) {
            // Refuse overlong forms and surrogates.
            const auto c1 = static_cast<unsigned char>(text[i + 1]);
            ok = !(len == 2 && c < 0xC2) && !(len == 3 && c == 0xE0 && c1 < 0xA0)
                 && !(len == 3 && c == 0xED && c1 >= 0xA0) && !(len == 4 && c == 0xF0 && c1 < 0x90)
                 && !(len == 4 && (c > 0xF4 || (c == 0xF4 && c1 >= 0x90)));
        }
        if (ok) {
            out.append(text.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

std::string formatIndexColumn(const IndexColumn &c)
{
    // A name the plain form would misread (blank at an end, a last word ASC or DESC, a leading
    // quote, or nothing) is written quoted, as SQL quotes identifiers: "b desc", "say ""hi""".
    const std::string &n = c.column;
    const auto space = n.rfind(' ');
    const bool quote = n.empty() || std::isspace(static_cast<unsigned char>(n.front())) ||
                       std::isspace(static_cast<unsigned char>(n.back())) || n.front() == '"' ||
                       (space != std::string::npos &&
                        sortWord(trimBlanks(std::string_view(n).substr(space + 1))) >= 0);
    std::string out;
    if (quote) {
        out = "\"";
        for (char ch : n) {
            if (ch == '"')
                out += '"'; // doubled
            out += ch;
        }
        out += '"';
    } else {
        out = n;
    }
    return c.descending ? out + " DESC" : out;
}

void assignLinkIds(Model &model)
{
    std::unordered_set<std::string> used;
    for (const auto &l : model.links)
        if (!l.id.empty())
            used.insert(l.id);
    for (auto &l : model.links) {
        if (!l.id.empty())
            continue;
        std::string base = l.from + "-" + l.to;
        // Keep derived ids within the 63 characters of an id, with room for a "-N" suffix.
        if (base.size() > 59) {
            base.resize(59);
            while (!base.empty() && base.back() == '-')
                base.pop_back();
        }
        std::string id = base;
        for (int n = 2; used.contains(id); ++n)
            id = base + "-" + std::to_string(n);
        used.insert(id);
        l.id = id;
    }
}

} // namespace archsim::model::detail
