#include "archsimattrs.h"

#include "describe.h"
#include "jsonutil.h"
#include "typetraits.h"
#include "sqlitedb.h"

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <type_traits>

namespace archsim::model::detail {

namespace {

// Field lists come from describe.h, shared with the JSON reader and writer: a field added there
// lands in attrs by itself. Only the keys that are relational columns or child rows of the
// .archsim layout are skipped here; a new list field stays in attrs until it gets a table.
template <typename T>
bool isRelational(std::string_view key)
{
    auto in = [key](std::initializer_list<std::string_view> keys) {
        for (auto k : keys)
            if (k == key)
                return true;
        return false;
    };
    if constexpr (std::is_same_v<T, Component>)
        return in({"id", "kind", "name", "description", "profile", "zones", "key_classes",
                   "schema", "position"});
    else if constexpr (std::is_same_v<T, Deployment>)
        return in({"env", "secrets"});
    else if constexpr (std::is_same_v<T, Link>)
        return in({"id", "from", "to", "kind", "tables", "invalidates", "key_class"});
    else if constexpr (std::is_same_v<T, Table>)
        return in({"name", "columns", "primary_key", "unique", "indexes", "foreign_keys",
                   "partitioning"});
    else if constexpr (std::is_same_v<T, Partitioning>)
        return in({"method", "column", "lists"});
    else if constexpr (std::is_same_v<T, View>)
        return in({"name", "kind", "query", "reads", "indexes"});
    else if constexpr (std::is_same_v<T, Scenario>)
        return in({"id", "name", "description", "events"});
    else if constexpr (std::is_same_v<T, ScenarioEvent>)
        return in({"at_s", "action", "target"});
    else if constexpr (std::is_same_v<T, Model>)
        return in({"name", "description", "zones", "components", "links", "schemas",
                   "scenarios", "suppress"});
    else
        return false;
}

template <typename T>
concept NamedEnum = std::is_enum_v<T> && requires(T v) { toString(v); };

using detail::IsOptional;
using detail::IsVector;

// `nested`: a struct inside an entity's attrs; its `Always` fields are written even when equal
// to the type's defaults, so that a member whose default differs from its type's (a
// replication lag of 100 ms against a distribution's 1 ms) reads back as written.
template <typename T>
Json encodeObject(const T &obj, const std::string &place, bool nested = false);

template <typename F>
Json encode(const F &v, const std::string &place)
{
    if constexpr (std::is_same_v<F, bool> || std::is_same_v<F, std::string>) {
        return Json(v);
    } else if constexpr (std::is_floating_point_v<F>) {
        if (!std::isfinite(v))
            throw StoreError(place, "not a finite number");
        return Json(v);
    } else if constexpr (std::is_integral_v<F>) {
        return Json(v);
    } else if constexpr (NamedEnum<F>) {
        return Json(toString(v));
    } else if constexpr (IsOptional<F>::value) {
        return v ? encode(*v, place) : Json();
    } else if constexpr (IsVector<F>::value) {
        Json a = Json::array();
        for (size_t i = 0; i < v.size(); ++i)
            a.push_back(encode(v[i], place + "/" + std::to_string(i)));
        return a;
    } else if constexpr (std::is_same_v<F, std::map<std::string, std::string>>) {
        return Json(v);
    } else if constexpr (std::is_same_v<F, LogicalType>) {
        return Json(v.toString());
    } else if constexpr (std::is_same_v<F, IndexColumn>) {
        return Json{{"column", v.column}, {"descending", v.descending}};
    } else if constexpr (std::is_same_v<F, DefaultValue>) {
        Json j{{"kind", int(v.kind)}};
        if (v.kind == DefaultValue::Kind::Bool)
            j["value"] = v.boolean;
        else if (v.kind == DefaultValue::Kind::Number)
            j["value"] = encode(v.number, place);
        else if (v.kind == DefaultValue::Kind::String)
            j["value"] = v.text;
        return j;
    } else if constexpr (std::is_same_v<F, JsonText>) {
        Json j = Json::parse(v.text, nullptr, false);
        if (j.is_discarded())
            throw StoreError(place, "not valid JSON");
        return j;
    } else {
        return encodeObject(v, place, true);
    }
}

// Records the attrs encoding of every field of a default-constructed struct.
template <typename T>
struct DefaultsVisitor {
    std::map<std::string, Json, std::less<>> out;
    bool reading() const { return true; } // visit every field, also conditional ones
    template <typename F>
    void operator()(const char *key, const F &member, unsigned)
    {
        if (!isRelational<T>(key))
            out.emplace(key, encode(member, {}));
    }
};

template <typename T>
const std::map<std::string, Json, std::less<>> &defaultsOf()
{
    static const auto defaults = [] {
        DefaultsVisitor<T> c;
        const T def{};
        detail::describe(def, c);
        return std::move(c.out);
    }();
    return defaults;
}

template <typename T>
struct Writer {
    Json &out;
    const std::string &place;
    bool nested = false;
    bool reading() const { return false; }

    template <typename F>
    void operator()(const char *key, const F &v, unsigned flags)
    {
        if (isRelational<T>(key))
            return;
        if constexpr (IsOptional<F>::value) {
            if (!v)
                return;
        }
        Json j = encode(v, place + "/" + key);
        if (nested && (flags & Always)) {
            out[key] = std::move(j);
            return;
        }
        const auto &defaults = defaultsOf<T>();
        auto it = defaults.find(key);
        // A present optional is kept even when it holds the default value.
        if (!IsOptional<F>::value && it != defaults.end() && it->second == j)
            return;
        if (j.is_object() && j.empty() && !IsOptional<F>::value)
            return;
        out[key] = std::move(j);
    }
};

template <typename T>
Json encodeObject(const T &obj, const std::string &place, bool nested)
{
    Json out = Json::object();
    Writer<T> w{out, place, nested};
    detail::describe(obj, w);
    return out;
}

template <typename E>
std::string namesOf()
{
    std::string out;
    for (const auto &n : enumNames<E>())
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

template <typename T>
void decodeObject(const Json &in, T &obj, const std::string &place);

template <typename F>
void decode(const Json &j, F &v, const std::string &place)
{
    if constexpr (std::is_same_v<F, bool>) {
        if (!j.is_boolean())
            throw StoreError(place, "expected true or false");
        v = j.get<bool>();
    } else if constexpr (std::is_same_v<F, std::string>) {
        if (!j.is_string())
            throw StoreError(place, "expected a string");
        v = j.get<std::string>();
    } else if constexpr (std::is_floating_point_v<F>) {
        if (!j.is_number())
            throw StoreError(place, "expected a number");
        v = j.get<F>();
    } else if constexpr (std::is_unsigned_v<F>) {
        if (!j.is_number_unsigned())
            throw StoreError(place, "expected a non-negative integer");
        uint64_t u = j.get<uint64_t>();
        if (u > std::numeric_limits<F>::max())
            throw StoreError(place, "integer out of range");
        v = static_cast<F>(u);
    } else if constexpr (std::is_integral_v<F>) {
        if (!j.is_number_integer() ||
            (j.is_number_unsigned() &&
             j.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())))
            throw StoreError(place, "expected an integer");
        int64_t i = j.get<int64_t>();
        if (i < std::numeric_limits<F>::min() || i > std::numeric_limits<F>::max())
            throw StoreError(place, "integer out of range");
        v = static_cast<F>(i);
    } else if constexpr (NamedEnum<F>) {
        if (!j.is_string() || !fromString(j.get_ref<const std::string &>(), v))
            throw StoreError(place, "unknown value " + j.dump() + "; expected one of " +
                                        namesOf<F>());
    } else if constexpr (IsOptional<F>::value) {
        v.emplace();
        decode(j, *v, place);
    } else if constexpr (IsVector<F>::value) {
        if (!j.is_array())
            throw StoreError(place, "expected an array");
        v.clear();
        for (size_t i = 0; i < j.size(); ++i)
            decode(j[i], v.emplace_back(), place + "/" + std::to_string(i));
    } else if constexpr (std::is_same_v<F, std::map<std::string, std::string>>) {
        if (!j.is_object())
            throw StoreError(place, "expected an object");
        for (const auto &item : j.items())
            decode(item.value(), v[item.key()], place + "/" + item.key());
    } else if constexpr (std::is_same_v<F, LogicalType>) {
        if (!j.is_string())
            throw StoreError(place, "expected a type");
        auto t = LogicalType::parse(j.get_ref<const std::string &>());
        if (!t)
            throw StoreError(place, t.diagnostics().front().message);
        v = t.value();
    } else if constexpr (std::is_same_v<F, IndexColumn>) {
        if (!j.is_object() || !j.contains("column") || !j.contains("descending"))
            throw StoreError(place, "expected an index column");
        decode(j["column"], v.column, place + "/column");
        decode(j["descending"], v.descending, place + "/descending");
    } else if constexpr (std::is_same_v<F, DefaultValue>) {
        int kind = 0;
        if (!j.is_object() || !j.contains("kind"))
            throw StoreError(place, "expected a default value");
        decode(j["kind"], kind, place + "/kind");
        if (kind < 0 || kind > int(DefaultValue::Kind::Now))
            throw StoreError(place, "unknown default kind");
        v.kind = static_cast<DefaultValue::Kind>(kind);
        if (v.kind == DefaultValue::Kind::Bool)
            decode(j.value("value", Json()), v.boolean, place + "/value");
        else if (v.kind == DefaultValue::Kind::Number)
            decode(j.value("value", Json()), v.number, place + "/value");
        else if (v.kind == DefaultValue::Kind::String)
            decode(j.value("value", Json()), v.text, place + "/value");
    } else if constexpr (std::is_same_v<F, JsonText>) {
        if (!j.is_object())
            throw StoreError(place, "expected an object");
        v.text = j.dump();
    } else {
        decodeObject(j, v, place);
    }
}

template <typename T>
struct Reader {
    const Json &in;
    const std::string &place;
    size_t matched = 0;
    bool reading() const { return true; }

    template <typename F>
    void operator()(const char *key, F &member, unsigned)
    {
        if (isRelational<T>(key))
            return;
        auto it = in.find(key);
        if (it == in.end())
            return;
        ++matched;
        decode(*it, member, place + "/" + key);
    }
};

template <typename T>
struct KnownName {
    const std::string &name;
    bool found = false;
    bool reading() const { return true; }
    template <typename F>
    void operator()(const char *key, const F &, unsigned)
    {
        found = found || (name == key && !isRelational<T>(key));
    }
};

template <typename T>
void decodeObject(const Json &in, T &obj, const std::string &place)
{
    if (!in.is_object())
        throw StoreError(place, "expected an object");
    Reader<T> r{in, place};
    detail::describe(obj, r);
    if (r.matched == in.size())
        return;
    const T probe{};
    for (const auto &item : in.items()) {
        KnownName<T> k{item.key()};
        detail::describe(probe, k);
        if (!k.found)
            throw StoreError(place + "/" + item.key(),
                             "unknown attribute '" + item.key() +
                                 "' (written by a newer ArchSim?)");
    }
}

} // namespace

Json modelAttrs(const Model &m) { return encodeObject(m, {}); }
void readModelAttrs(const Json &attrs, Model &m) { decodeObject(attrs, m, {}); }

Json componentAttrs(const Component &c, const std::string &place)
{
    return encodeObject(c, place);
}
Json linkAttrs(const Link &l, const std::string &place) { return encodeObject(l, place); }
Json tableAttrs(const Table &t, const std::string &place) { return encodeObject(t, place); }
Json partitioningAttrs(const Partitioning &p, const std::string &place)
{
    return encodeObject(p, place);
}
Json viewAttrs(const View &v, const std::string &place) { return encodeObject(v, place); }
Json scenarioAttrs(const Scenario &s, const std::string &place)
{
    return encodeObject(s, place);
}
Json eventAttrs(const ScenarioEvent &e, const std::string &place)
{
    return encodeObject(e, place);
}

Json parseAttrs(const std::string &text, const std::string &place)
{
    Json j = Json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        // Say why: "number overflow parsing '1e999'" is a non-finite number, not a typo.
        std::string why;
        try {
            [[maybe_unused]] Json again = Json::parse(text); // throws what failed
        } catch (const Json::exception &e) {
            why = e.what();
            if (auto bracket = why.find("] "); bracket != std::string::npos)
                why = sanitizeUtf8(why.substr(bracket + 2));
            if (why.find("number overflow") != std::string::npos)
                why += " (not a finite number)";
        }
        throw StoreError(place, "attrs is not a JSON object: " + why);
    }
    if (!j.is_object())
        throw StoreError(place, "attrs is not a JSON object");
    return j;
}

void readComponentAttrs(const Json &attrs, Component &c, const std::string &place)
{
    decodeObject(attrs, c, place);
}
void readLinkAttrs(const Json &attrs, Link &l, const std::string &place)
{
    decodeObject(attrs, l, place);
}
void readTableAttrs(const Json &attrs, Table &t, const std::string &place)
{
    decodeObject(attrs, t, place);
}
void readPartitioningAttrs(const Json &attrs, Partitioning &p, const std::string &place)
{
    decodeObject(attrs, p, place);
}
void readViewAttrs(const Json &attrs, View &v, const std::string &place)
{
    decodeObject(attrs, v, place);
}
void readScenarioAttrs(const Json &attrs, Scenario &s, const std::string &place)
{
    decodeObject(attrs, s, place);
}
void readEventAttrs(const Json &attrs, ScenarioEvent &e, const std::string &place)
{
    decodeObject(attrs, e, place);
}

std::string dumpAttrs(const Json &attrs, const std::string &place)
{
    try {
        return attrs.dump();
    } catch (const Json::exception &) {
        throw StoreError(place, "text is not valid UTF-8");
    }
}

} // namespace archsim::model::detail
