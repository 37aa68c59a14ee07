// The JSON reader: syntax errors as line:col, structural errors (types, unknown fields, unknown
// enumeration names) as JSON pointers. Field lists come from describe.h.

#include "describe.h"
#include "jsondupkeys.h"
#include "jsonelement.h"
#include "typetraits.h"
#include "jsonutil.h"

#include "archsim/model/io.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <type_traits>
#include <vector>

namespace archsim::model {

namespace {

using nlohmann::json;
using detail::Optional;
using detail::Required;

constexpr size_t kMaxErrors = 200;
constexpr int kMaxDepth = 64;

struct Ctx {
    Diagnostics diags;
    void error(const std::string &ptr, std::string message)
    {
        if (diags.size() < kMaxErrors)
            diags.push_back(makeError(ptr.empty() ? "/" : ptr, std::move(message)));
    }
};

using detail::IsOptional;
using detail::IsVector;

std::string typeName(const json &j)
{
    switch (j.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::boolean:
        return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
        return "an integer";
    case json::value_t::number_float:
        return "a number";
    case json::value_t::string:
        return "a string";
    case json::value_t::array:
        return "an array";
    case json::value_t::object:
        return "an object";
    default:
        return "something else";
    }
}

void expected(Ctx &ctx, const std::string &ptr, const char *what, const json &j)
{
    ctx.error(ptr, std::string("expected ") + what + ", found " + typeName(j));
}

template <typename Int>
void readInteger(const json &j, Int &out, const std::string &ptr, Ctx &ctx)
{
    if (j.is_number_float()) {
        double d = j.get<double>();
        if (std::floor(d) == d && std::fabs(d) >= 9.0e15) {
            ctx.error(ptr, "integer " + j.dump() + " is out of range");
            return;
        }
        if (std::floor(d) == d) {
            long double v = d;
            if (v < static_cast<long double>(std::numeric_limits<Int>::min())
                || v > static_cast<long double>(std::numeric_limits<Int>::max())) {
                ctx.error(ptr, "integer " + j.dump() + " is out of range");
                return;
            }
            out = static_cast<Int>(d);
            return;
        }
        expected(ctx, ptr, "an integer", j);
        return;
    }
    if (j.is_number_unsigned()) {
        auto v = j.get<uint64_t>();
        if (v > static_cast<uint64_t>(std::numeric_limits<Int>::max())) {
            ctx.error(ptr, "integer " + j.dump() + " is out of range");
            return;
        }
        out = static_cast<Int>(v);
        return;
    }
    if (j.is_number_integer()) {
        auto v = j.get<int64_t>();
        if constexpr (std::is_unsigned_v<Int>) {
            if (v < 0) {
                ctx.error(ptr, "expected a non-negative integer, found " + j.dump());
                return;
            }
        } else {
            if (v < static_cast<int64_t>(std::numeric_limits<Int>::min())
                || v > static_cast<int64_t>(std::numeric_limits<Int>::max())) {
                ctx.error(ptr, "integer " + j.dump() + " is out of range");
                return;
            }
        }
        out = static_cast<Int>(v);
        return;
    }
    expected(ctx, ptr, "an integer", j);
}

template <typename E>
void readEnum(const json &j, E &out, const std::string &ptr, Ctx &ctx)
{
    if (!j.is_string()) {
        expected(ctx, ptr, "a string", j);
        return;
    }
    const auto &s = j.get_ref<const std::string &>();
    if (!fromString(s, out)) {
        std::string names;
        for (const auto &n : enumNames<E>())
            names += (names.empty() ? "" : ", ") + n;
        ctx.error(ptr, "unknown value '" + s + "'; expected one of " + names);
    }
}

void readIndexColumn(const json &j, IndexColumn &out, const std::string &ptr, Ctx &ctx)
{
    if (!j.is_string()) {
        expected(ctx, ptr, "a string such as \"created_at DESC\"", j);
        return;
    }
    if (!detail::parseIndexColumn(j.get_ref<const std::string &>(), out))
        ctx.error(ptr, "bad index column '" + j.get<std::string>() +
                           "'; expected a column name optionally followed by ASC or DESC");
}

void readDefault(const json &j, DefaultValue &out, const std::string &ptr, Ctx &ctx)
{
    if (j.is_null()) {
        out.kind = DefaultValue::Kind::Null;
    } else if (j.is_boolean()) {
        out.kind = DefaultValue::Kind::Bool;
        out.boolean = j.get<bool>();
    } else if (j.is_number()) {
        out.kind = DefaultValue::Kind::Number;
        out.number = j.get<double>();
    } else if (j.is_string()) {
        const auto &s = j.get_ref<const std::string &>();
        if (s == "now") {
            out.kind = DefaultValue::Kind::Now;
        } else {
            out.kind = DefaultValue::Kind::String;
            out.text = s;
        }
    } else {
        expected(ctx, ptr, "null, a boolean, a number or a string", j);
    }
}

template <typename T>
void readValue(const json &j, T &out, const std::string &ptr, Ctx &ctx);

struct ReadVisitor {
    const json &obj;
    const std::string &ptr;
    Ctx &ctx;
    std::vector<const char *> known;

    bool reading() const { return true; }

    template <typename T>
    void operator()(const char *key, T &member, unsigned flags)
    {
        known.push_back(key);
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (flags & Required)
                ctx.error(ptr.empty() ? "/" : ptr, std::string("missing required field '") + key +
                                                       "'");
            return;
        }
        readValue(*it, member, ptr + "/" + key, ctx);
    }
};

template <typename T>
void readStruct(const json &j, T &out, const std::string &ptr, Ctx &ctx,
                std::initializer_list<const char *> extraKnown = {})
{
    if (!j.is_object()) {
        expected(ctx, ptr.empty() ? "/" : ptr, "an object", j);
        return;
    }
    ReadVisitor v{j, ptr, ctx, {}};
    detail::describe(out, v);
    for (const char *k : extraKnown)
        v.known.push_back(k);
    for (auto it = j.begin(); it != j.end(); ++it) {
        bool found = false;
        for (const char *k : v.known)
            if (it.key() == k) {
                found = true;
                break;
            }
        if (!found) {
            std::string msg = "unknown field '" + it.key() + "'";
            if (auto s = detail::closest(it.key(), v.known); !s.empty())
                msg += "; did you mean '" + s + "'?";
            ctx.error(ptr + "/" + detail::escapePointer(it.key()), msg);
        }
    }
}

template <typename T>
void readValue(const json &j, T &out, const std::string &ptr, Ctx &ctx)
{
    if constexpr (std::is_same_v<T, std::string>) {
        if (j.is_string())
            out = j.get<std::string>();
        else
            expected(ctx, ptr, "a string", j);
    } else if constexpr (std::is_same_v<T, bool>) {
        if (j.is_boolean())
            out = j.get<bool>();
        else
            expected(ctx, ptr, "true or false", j);
    } else if constexpr (std::is_same_v<T, double>) {
        if (!j.is_number()) {
            expected(ctx, ptr, "a number", j);
            return;
        }
        double d = j.get<double>();
        if (!std::isfinite(d))
            ctx.error(ptr, "number " + j.dump() + " is out of range");
        else
            out = d;
    } else if constexpr (std::is_integral_v<T>) {
        readInteger(j, out, ptr, ctx);
    } else if constexpr (std::is_enum_v<T>) {
        readEnum(j, out, ptr, ctx);
    } else if constexpr (IsOptional<T>::value) {
        // A null default is a value of its own ("default": null), not an absent field.
        if (j.is_null() && !std::is_same_v<typename T::value_type, DefaultValue>) {
            out.reset();
            return;
        }
        typename T::value_type v{};
        readValue(j, v, ptr, ctx);
        out = std::move(v);
    } else if constexpr (IsVector<T>::value) {
        if (!j.is_array()) {
            expected(ctx, ptr, "an array", j);
            return;
        }
        out.clear();
        out.reserve(j.size());
        size_t i = 0;
        for (const auto &e : j) {
            out.emplace_back();
            readValue(e, out.back(), ptr + "/" + std::to_string(i++), ctx);
        }
    } else if constexpr (std::is_same_v<T, std::map<std::string, std::string>>) {
        if (!j.is_object()) {
            expected(ctx, ptr, "an object of strings", j);
            return;
        }
        out.clear();
        for (auto it = j.begin(); it != j.end(); ++it) {
            std::string v;
            readValue(it.value(), v, ptr + "/" + detail::escapePointer(it.key()), ctx);
            out.emplace(it.key(), std::move(v));
        }
    } else if constexpr (std::is_same_v<T, LogicalType>) {
        if (!j.is_string()) {
            expected(ctx, ptr, "a type name such as \"varchar(20)\"", j);
            return;
        }
        auto r = LogicalType::parse(j.get_ref<const std::string &>());
        if (r.ok())
            out = r.value();
        else
            ctx.error(ptr, r.diagnostics().front().message);
    } else if constexpr (std::is_same_v<T, IndexColumn>) {
        readIndexColumn(j, out, ptr, ctx);
    } else if constexpr (std::is_same_v<T, DefaultValue>) {
        readDefault(j, out, ptr, ctx);
    } else if constexpr (std::is_same_v<T, JsonText>) {
        if (j.is_object())
            out.text = j.dump();
        else
            expected(ctx, ptr, "an object", j);
    } else {
        readStruct(j, out, ptr, ctx);
    }
}

// Rejects nesting deeper than kMaxDepth before parsing, so hostile input cannot exhaust the
// stack of the recursive parser. Returns the byte offset of the offending bracket, or -1.
long tooDeepAt(std::string_view text)
{
    int depth = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth)
                return static_cast<long>(i);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return -1;
}

std::string cleanParseMessage(const std::string &what)
{
    // nlohmann's text is "[json.exception.parse_error.101] parse error at line L, column C:
    // <reason>"; keep the reason, the place is reported separately.
    auto colon = what.find(": ");
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    return "invalid JSON: " + detail::sanitizeUtf8(reason);
}

} // namespace

Result<Model> parseJson(std::string_view text, const std::string &file)
{
    auto fail = [&](std::string place, std::string message) {
        Diagnostic d = makeError(std::move(place), std::move(message));
        d.file = file;
        return Result<Model>(Diagnostics{d});
    };

    if (long at = tooDeepAt(text); at >= 0)
        return fail(detail::lineColumn(text, static_cast<size_t>(at)),
                    "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");

    json root;
    // Counts the keys of each object as it is parsed: fewer members than keys means a key
    // occurred twice (nlohmann keeps the last); the slow scan then finds which.
    std::vector<size_t> keyCounts;
    bool duplicateKeys = false;
    const json::parser_callback_t countKeys = [&](int, json::parse_event_t event, json &parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
            keyCounts.push_back(0);
            break;
        case json::parse_event_t::key:
            ++keyCounts.back();
            break;
        case json::parse_event_t::object_end:
            duplicateKeys = duplicateKeys || keyCounts.back() != parsed.size();
            keyCounts.pop_back();
            break;
        default:
            break;
        }
        return true;
    };
    try {
        root = json::parse(text.begin(), text.end(), countKeys);
    } catch (const json::parse_error &e) {
        size_t byte = e.byte > 0 ? e.byte - 1 : 0;
        return fail(detail::lineColumn(text, byte), cleanParseMessage(e.what()));
    } catch (const json::exception &e) {
        // out_of_range (a number too large for a double) carries no position: find the token.
        std::string what = e.what();
        std::string place = "1:1";
        auto q1 = what.find('\'');
        auto q2 = q1 == std::string::npos ? q1 : what.find('\'', q1 + 1);
        if (q2 != std::string::npos) {
            auto pos = text.find(what.substr(q1 + 1, q2 - q1 - 1));
            if (pos != std::string_view::npos)
                place = detail::lineColumn(text, pos);
        }
        auto bracket = what.find("] ");
        return fail(place, "invalid JSON: " +
                               (bracket == std::string::npos ? what : what.substr(bracket + 2)));
    }

    if (duplicateKeys) {
        if (auto dup = detail::findDuplicateKey(text))
            return fail(detail::lineColumn(text, dup->offset),
                        "duplicate key '" + detail::sanitizeUtf8(dup->key) + "' in " +
                            dup->pointer + ": a JSON object names each key once (which of "
                            "the two values was meant?)");
    }

    Ctx ctx;
    if (!root.is_object())
        return fail("/", "expected a JSON object with \"format\": \"archsim\", found " +
                             typeName(root));
    auto fmt = root.find("format");
    if (fmt == root.end() || !fmt->is_string() || fmt->get<std::string>() != "archsim")
        return fail("/format", "not an ArchSim model: expected \"format\": \"archsim\"");
    int version = 0;
    auto ver = root.find("version");
    if (ver == root.end())
        return fail("/version", "missing required field 'version'");
    readInteger(*ver, version, "/version", ctx);
    if (!ctx.diags.empty()) {
        for (auto &d : ctx.diags)
            d.file = file;
        return Result<Model>(std::move(ctx.diags));
    }
    if (version > kFormatVersion)
        return fail("/version", "the file is format version " + std::to_string(version) +
                                    ", newer than this ArchSim understands (" +
                                    std::to_string(kFormatVersion) + "); upgrade ArchSim");
    if (version < 1)
        return fail("/version", "format version " + std::to_string(version) +
                                    " does not exist; expected 1 to " +
                                    std::to_string(kFormatVersion));

    Model model;
    readStruct(root, model, "", ctx, {"format", "version"});
    model.version = kFormatVersion; // older versions are upgraded in memory (none exist yet)
    detail::assignLinkIds(model);

    for (auto &d : ctx.diags)
        d.file = file;
    if (!ctx.diags.empty())
        return Result<Model>(std::move(ctx.diags));
    return Result<Model>(std::move(model));
}

namespace detail {

Diagnostics readJsonElements(const std::vector<JsonElement> &elements)
{
    Ctx ctx;
    for (const JsonElement &e : elements) {
        // As a list item: a default-constructed element, then read like any other value.
        if (e.component) {
            *e.component = Component{};
            readValue(*e.json, *e.component, e.pointer, ctx);
        } else {
            *e.link = Link{};
            readValue(*e.json, *e.link, e.pointer, ctx);
        }
    }
    return std::move(ctx.diags);
}

} // namespace detail

} // namespace archsim::model
