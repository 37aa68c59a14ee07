// The public entry points: dispatch to a front end, finish, merge into a model.

#include "frontends.h"
#include "pgsql.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <set>

namespace archsim::importers {

using namespace detail;

namespace {

std::string baseName(const std::string &path)
{
    std::string name = path.substr(path.find_last_of('/') == std::string::npos
                                       ? 0
                                       : path.find_last_of('/') + 1);
    const auto dot = name.find('.');
    return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string percentDecode(const std::string &s)
{
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 &&
            hexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

bool isUrl(const std::string &s) { return s.find("://") != std::string::npos; }

model::Diagnostics cancelledError(const std::string &source)
{
    return {model::makeError({}, source + ": import cancelled")};
}

} // namespace

namespace detail {

std::optional<Url> parseUrl(const std::string &text)
{
    const auto sep = text.find("://");
    if (sep == std::string::npos)
        return std::nullopt;
    Url u;
    u.scheme = text.substr(0, sep);
    std::string rest = text.substr(sep + 3);
    const auto q = rest.find('?');
    if (q != std::string::npos)
        rest.resize(q);
    const auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos)
        u.database = percentDecode(rest.substr(slash + 1));
    const auto at = authority.rfind('@');
    if (at != std::string::npos) {
        std::string info = authority.substr(0, at);
        authority = authority.substr(at + 1);
        const auto colon = info.find(':');
        u.user = percentDecode(info.substr(0, colon));
        if (colon != std::string::npos)
            u.password = percentDecode(info.substr(colon + 1));
    }
    std::string host = authority;
    if (!host.empty() && host[0] == '[') { // [::1]:5432
        const auto close = host.find(']');
        u.host = host.substr(1, close == std::string::npos ? std::string::npos : close - 1);
        host = close == std::string::npos ? std::string() : host.substr(close + 1);
        if (!host.empty() && host[0] == ':')
            u.port = std::atoi(host.c_str() + 1);
    } else {
        const auto colon = host.rfind(':');
        u.host = percentDecode(host.substr(0, colon));
        if (colon != std::string::npos) {
            const std::string port = host.substr(colon + 1);
            if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos)
                return std::nullopt;
            u.port = std::atoi(port.c_str());
        }
    }
    return u;
}

} // namespace detail

std::string redactUrl(const std::string &url)
{
    const auto sep = url.find("://");
    if (sep == std::string::npos)
        return url;
    const auto end = url.find_first_of("/?", sep + 3);
    const auto at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at == std::string::npos || at < sep)
        return url;
    const auto colon = url.find(':', sep + 3);
    if (colon == std::string::npos || colon > at)
        return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

model::Result<ImportResult> importSql(std::string_view sql, const SqlImportOptions &options)
{
    const std::string file = options.file.empty() ? std::string("<input>") : options.file;
    Builder builder(options.dialect, file);
    builder.setProgress(options.progress);
    builder.setCancelled(options.cancelled);
    model::Status status;
    switch (options.dialect) {
    case model::DbEngine::Postgres: {
        status = importPostgresScript(
            sql, builder, [&](int line) { return file + ":" + std::to_string(line); }, file);
        break;
    }
    case model::DbEngine::Sqlite: status = importSqliteScript(sql, builder, file); break;
    case model::DbEngine::Mysql:
        if (options.devUrl.empty())
            return model::Diagnostics{model::makeError(
                {}, file + ": importing a MySQL/MariaDB script needs a server to load it into: "
                           "give one with --dev-url mysql://user@host:port (a scratch database "
                           "is created there and dropped afterwards)")};
        status = importMysqlScript(sql, options.devUrl, builder, file);
        break;
    }
    if (!status.ok())
        return status.diagnostics;
    if (builder.cancelled())
        return cancelledError(file);
    if (options.dialect != model::DbEngine::Postgres)
        builder.progress(1, 1);
    return builder.finish(options.name.empty() ? baseName(file) : options.name);
}

model::Result<ImportResult> importDatabase(const std::string &url,
                                           const DbImportOptions &options)
{
    if (!isUrl(url) || url.starts_with("sqlite://") || url.starts_with("file://")) {
        std::string path = url;
        for (const char *p : {"sqlite://", "file://"})
            if (path.starts_with(p))
                path = path.substr(std::string(p).size());
        Builder builder(model::DbEngine::Sqlite, path);
        builder.setProgress(options.progress);
        builder.setCancelled(options.cancelled);
        auto status = importSqliteFile(path, builder);
        if (!status.ok())
            return status.diagnostics;
        if (builder.cancelled())
            return cancelledError(path);
        builder.progress(1, 1);
        return builder.finish(options.name.empty() ? baseName(path) : options.name);
    }
    const std::string shown = redactUrl(url);
    auto parsed = parseUrl(url);
    if (!parsed)
        return model::Diagnostics{model::makeError(
            {}, shown + ": not a database URL (expected postgresql://user@host:port/db, "
                        "mysql://user@host:port/db or a SQLite file path)")};
    const std::string scheme = parsed->scheme;
    if (scheme == "postgresql" || scheme == "postgres") {
        Builder builder(model::DbEngine::Postgres, shown);
        builder.setProgress(options.progress);
        builder.setCancelled(options.cancelled);
        std::string dbName;
        auto status = importPostgresLive(*parsed, url, builder, dbName);
        if (!status.ok())
            return status.diagnostics;
        if (builder.cancelled())
            return cancelledError(shown);
        return builder.finish(options.name.empty() ? dbName : options.name);
    }
    if (scheme == "mysql" || scheme == "mariadb") {
        if (parsed->database.empty())
            return model::Diagnostics{model::makeError(
                {}, shown + ": name the database to import (mysql://user@host:port/DATABASE)")};
        Builder builder(model::DbEngine::Mysql, shown);
        builder.setProgress(options.progress);
        builder.setCancelled(options.cancelled);
        auto status = importMysqlLive(*parsed, builder);
        if (!status.ok())
            return status.diagnostics;
        if (builder.cancelled())
            return cancelledError(shown);
        builder.progress(1, 1);
        return builder.finish(options.name.empty() ? parsed->database : options.name);
    }
    return model::Diagnostics{model::makeError(
        {}, shown + ": unknown scheme '" + scheme +
                "' (expected postgresql://, mysql://, mariadb:// or a SQLite file path)")};
}

model::Diagnostics strictErrors(const ImportResult &result)
{
    model::Diagnostics out;
    for (const auto &n : result.notImported) {
        model::Diagnostic d;
        d.place = n.place;
        d.message = "not imported (--strict): " + n.object + ": " + n.reason;
        out.push_back(d);
    }
    return out;
}

model::Model mergeImport(model::Model base, const ImportResult &result)
{
    // New components go in a column to the right of everything on the canvas.
    double right = 0;
    bool any = false;
    for (const auto &c : base.components)
        if (c.position) {
            right = any ? std::max(right, c.position->x) : c.position->x;
            any = true;
        }
    const double x = any ? right + 320 : 0;
    double y = 0;
    for (const auto &s : result.schemas) {
        auto it = std::find_if(base.schemas.begin(), base.schemas.end(),
                               [&](const model::Schema &o) { return o.id == s.id; });
        if (it != base.schemas.end())
            *it = s;
        else
            base.schemas.push_back(s);
    }
    for (const auto &db : result.databases) {
        auto it = std::find_if(base.components.begin(), base.components.end(),
                               [&](const model::Component &o) { return o.id == db.id; });
        if (it != base.components.end()) {
            // Keep the architect's settings; the import owns the engine and the schema.
            it->kind = model::ComponentKind::Database;
            it->engine = db.engine;
            it->schema = db.schema;
            continue;
        }
        model::Component c = db;
        c.position = model::Position{x, y};
        y += 160;
        base.components.push_back(c);
    }
    return base;
}

model::Result<ImportResult> importPostgresBuffer(const uint8_t *data, size_t size)
{
    SqlImportOptions options;
    options.file = "<buffer>";
    // The parser reads a C string: stop at the first NUL as a file would.
    std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto nul = text.find('\0');
    if (nul != std::string_view::npos)
        text = text.substr(0, nul);
    return importSql(text, options);
}

} // namespace archsim::importers
