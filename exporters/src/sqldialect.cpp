#include "archsim/exporters/sqldialect.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace archsim::exporters {

namespace {

// Decodes one UTF-8 code point at `i`; returns false on a malformed sequence.
bool nextCodePoint(std::string_view s, size_t &i, uint32_t &cp)
{
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    if (c < 0x80) {
        cp = c;
    } else if ((c & 0xE0) == 0xC0) {
        cp = c & 0x1F;
        extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
        cp = c & 0x0F;
        extra = 2;
    } else if ((c & 0xF8) == 0xF0) {
        cp = c & 0x07;
        extra = 3;
    } else {
        return false;
    }
    if (extra > 0 && i + extra >= s.size())
        return false;
    for (int k = 1; k <= extra; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80)
            return false;
        cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return false;
    i += extra + 1;
    return true;
}

uint32_t fnv1a(std::string_view s)
{
    uint32_t h = 2166136261u;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

} // namespace

const char *toString(Dialect d)
{
    switch (d) {
    case Dialect::Postgres: return "postgres";
    case Dialect::Mysql: return "mysql";
    case Dialect::Sqlite: return "sqlite";
    }
    return "?";
}

const char *displayName(Dialect d)
{
    switch (d) {
    case Dialect::Postgres: return "PostgreSQL";
    case Dialect::Mysql: return "MySQL/MariaDB";
    case Dialect::Sqlite: return "SQLite";
    }
    return "?";
}

std::optional<Dialect> parseDialect(std::string_view t)
{
    if (t == "postgres" || t == "postgresql" || t == "pg")
        return Dialect::Postgres;
    if (t == "mysql" || t == "mariadb")
        return Dialect::Mysql;
    if (t == "sqlite" || t == "sqlite3")
        return Dialect::Sqlite;
    return std::nullopt;
}

int maxIdentifierLength(Dialect d)
{
    switch (d) {
    case Dialect::Postgres: return 63; // NAMEDATALEN - 1, in bytes
    case Dialect::Mysql: return 64;    // characters
    case Dialect::Sqlite: return 0;
    }
    return 0;
}

int identifierLength(Dialect d, std::string_view name)
{
    if (d == Dialect::Postgres)
        return static_cast<int>(name.size());
    int n = 0;
    for (char c : name)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    return n;
}

std::optional<std::string> identifierProblem(Dialect d, std::string_view name)
{
    if (name.empty())
        return std::string("empty name");
    size_t i = 0;
    while (i < name.size()) {
        uint32_t cp = 0;
        if (!nextCodePoint(name, i, cp))
            return std::string("name is not valid UTF-8");
        if (cp == 0)
            return std::string("name contains a NUL character");
        if (d == Dialect::Mysql && cp > 0xFFFF)
            return std::string("MySQL identifiers cannot hold characters above U+FFFF");
    }
    const int limit = maxIdentifierLength(d);
    const int len = identifierLength(d, name);
    if (limit > 0 && len > limit)
        return "name is " + std::to_string(len) +
               (d == Dialect::Postgres ? " bytes" : " characters") + "; " + displayName(d) +
               " allows at most " + std::to_string(limit) + " (no silent truncation)";
    if (d == Dialect::Mysql && name.back() == ' ')
        return std::string("MySQL identifiers cannot end with a space");
    if (d == Dialect::Sqlite && name.size() >= 7) {
        std::string head(name.substr(0, 7));
        for (auto &c : head)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (head == "sqlite_")
            return std::string("SQLite reserves names that begin with 'sqlite_'");
    }
    return std::nullopt;
}

std::string quoteIdent(Dialect d, std::string_view name)
{
    const char q = d == Dialect::Mysql ? '`' : '"';
    std::string out(1, q);
    for (char c : name) {
        out += c;
        if (c == q)
            out += q;
    }
    out += q;
    return out;
}

std::string quoteLiteral(Dialect d, std::string_view text)
{
    const bool backslash = text.find('\\') != std::string_view::npos;
    std::string out;
    if (d == Dialect::Postgres && backslash)
        out += 'E';
    out += '\'';
    for (char c : text) {
        if (c == '\'')
            out += "''";
        else if (c == '\\' && d != Dialect::Sqlite && (d == Dialect::Mysql || backslash))
            out += "\\\\";
        else
            out += c;
    }
    out += '\'';
    return out;
}

std::string commentText(std::string_view text)
{
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7F) ? '?' : c;
    }
    return out;
}

std::string fitName(Dialect d, std::string_view base)
{
    const int limit = maxIdentifierLength(d);
    if (limit == 0 || identifierLength(d, base) <= limit)
        return std::string(base);
    char hash[16];
    std::snprintf(hash, sizeof hash, "_%08x", fnv1a(base));
    // Keep whole code points: cut at a character start.
    std::string out;
    int len = 0;
    size_t i = 0;
    while (i < base.size()) {
        size_t j = i + 1;
        while (j < base.size() && (static_cast<unsigned char>(base[j]) & 0xC0) == 0x80)
            ++j;
        const int add = d == Dialect::Postgres ? static_cast<int>(j - i) : 1;
        if (len + add > limit - 9)
            break;
        out.append(base.substr(i, j - i));
        len += add;
        i = j;
    }
    return out + hash;
}

} // namespace archsim::exporters
