// Table renames that carry their references along (rename.h).

#include "archsim/model/rename.h"

#include <algorithm>
#include <cctype>

namespace archsim::model {

namespace {

bool identStart(char c)
{
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool identChar(char c)
{
    return identStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

bool equalsFolded(std::string_view a, std::string_view b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

std::string renameIdentifier(std::string_view sql, std::string_view from, std::string_view to)
{
    std::string out;
    out.reserve(sql.size());
    size_t i = 0;
    const size_t n = sql.size();
    auto copyUntil = [&](size_t end) {
        out.append(sql.substr(i, end - i));
        i = end;
    };
    while (i < n) {
        const char c = sql[i];
        if (c == '\'') { // a string literal; '' inside is a quote
            size_t j = i + 1;
            while (j < n && !(sql[j] == '\'' && (j + 1 >= n || sql[j + 1] != '\'')))
                j += sql[j] == '\'' ? 2 : 1;
            copyUntil(std::min(n, j + 1));
        } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
            const size_t j = sql.find('\n', i);
            copyUntil(j == std::string_view::npos ? n : j);
        } else if (c == '#') { // MySQL's line comment
            const size_t j = sql.find('\n', i);
            copyUntil(j == std::string_view::npos ? n : j);
        } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
            const size_t j = sql.find("*/", i + 2);
            copyUntil(j == std::string_view::npos ? n : j + 2);
        } else if (c == '$' && (i == 0 || !identChar(sql[i - 1]))) {
            // PostgreSQL's dollar quoting: $tag$ ... $tag$
            size_t j = i + 1;
            while (j < n && identChar(sql[j]) && sql[j] != '$')
                ++j;
            if (j < n && sql[j] == '$') {
                const std::string_view tag = sql.substr(i, j - i + 1);
                const size_t end = sql.find(tag, j + 1);
                copyUntil(end == std::string_view::npos ? n : end + tag.size());
            } else {
                copyUntil(i + 1);
            }
        } else if (c == '"' || c == '`' || c == '[') {
            const char close = c == '[' ? ']' : c;
            size_t j = i + 1;
            std::string name;
            while (j < n) {
                if (sql[j] == close) {
                    if (close != ']' && j + 1 < n && sql[j + 1] == close) { // doubled quote
                        name += close;
                        j += 2;
                        continue;
                    }
                    break;
                }
                name += sql[j++];
            }
            if (j < n && name == from) {
                out += c;
                for (char ch : to) {
                    out += ch;
                    if (ch == close && close != ']')
                        out += ch;
                }
                out += close;
                i = j + 1;
            } else {
                copyUntil(std::min(n, j + 1));
            }
        } else if (identStart(c)) {
            size_t j = i + 1;
            while (j < n && identChar(sql[j]))
                ++j;
            if (equalsFolded(sql.substr(i, j - i), from)) {
                out += to;
                i = j;
            } else {
                copyUntil(j);
            }
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            size_t j = i + 1; // a number (1e5, 0x1f): never an identifier
            while (j < n && identChar(sql[j]))
                ++j;
            copyUntil(j);
        } else {
            copyUntil(i + 1);
        }
    }
    return out;
}

bool renameTable(Model &model, const std::string &schemaId, const std::string &from,
                 const std::string &to, RenameEffects *effects)
{
    auto schema = std::find_if(model.schemas.begin(), model.schemas.end(),
                               [&](const Schema &s) { return s.id == schemaId; });
    if (schema == model.schemas.end() || to.empty() || from == to)
        return false;
    auto table = std::find_if(schema->tables.begin(), schema->tables.end(),
                              [&](const Table &t) { return t.name == from; });
    if (table == schema->tables.end())
        return false;
    for (const Table &t : schema->tables)
        if (t.name == to)
            return false;
    for (const View &v : schema->views)
        if (v.name == to)
            return false;
    RenameEffects fx;
    table->name = to;
    for (Table &t : schema->tables)
        for (ForeignKey &fk : t.foreign_keys)
            if (fk.references == from) {
                fk.references = to;
                ++fx.foreignKeys;
            }
    for (View &v : schema->views) {
        bool changed = false;
        for (std::string &r : v.reads)
            if (r == from) {
                r = to;
                changed = true;
            }
        for (std::string *q : {&v.query, &v.query_postgres, &v.query_mysql, &v.query_sqlite}) {
            std::string renamed = renameIdentifier(*q, from, to);
            if (renamed != *q) {
                *q = std::move(renamed);
                changed = true;
            }
        }
        fx.views += changed ? 1 : 0;
    }
    for (Link &l : model.links) {
        const auto db = std::find_if(model.components.begin(), model.components.end(),
                                     [&](const Component &c) { return c.id == l.to; });
        if (db == model.components.end() || db->schema != schemaId)
            continue;
        bool changed = false;
        for (std::string &t : l.tables)
            if (t == from) {
                t = to;
                changed = true;
            }
        fx.links += changed ? 1 : 0;
    }
    const std::string prefix = schemaId + "." + from;
    for (Suppression &s : model.suppress)
        if (s.target == prefix || s.target.rfind(prefix + ".", 0) == 0) {
            s.target = schemaId + "." + to + s.target.substr(prefix.size());
            ++fx.suppressions;
        }
    if (effects)
        *effects = fx;
    return true;
}

} // namespace archsim::model
