// The canonical JSON writer: field order from describe.h, 2-space indent, trailing newline,
// fields equal to their default left out, integral numbers written as integers.

#include "describe.h"
#include "typetraits.h"
#include "jsonelement.h"
#include "jsonutil.h"

#include "archsim/model/io.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <type_traits>

namespace archsim::model {

namespace {

using ojson = nlohmann::ordered_json;
using detail::Always;

using detail::IsOptional;
using detail::IsVector;

template <typename T>
ojson toValue(const T &v);

template <typename T>
ojson writeStruct(const T &obj);

using Defaults = std::map<std::string, ojson, std::less<>>;

// Visits every field of a default-constructed struct and records its JSON.
struct CollectVisitor {
    Defaults out;
    bool reading() const { return true; } // visit every field
    template <typename F>
    void operator()(const char *key, const F &member, unsigned)
    {
        out.emplace(key, toValue(member));
    }
};

// Writes the fields that differ from their default (or are marked Always).
struct WriteVisitor {
    ojson out = ojson::object();
    const Defaults &defaults;
    bool reading() const { return false; }
    template <typename F>
    void operator()(const char *key, const F &member, unsigned flags)
    {
        if constexpr (IsOptional<F>::value) {
            // An absent optional is left out; a present one is written even when its JSON
            // equals null ("default": null is a value).
            if (!member.has_value() && !(flags & Always))
                return;
            if (member.has_value()) {
                out[key] = toValue(member);
                return;
            }
        }
        ojson v = toValue(member);
        if (!(flags & Always)) {
            auto it = defaults.find(key);
            if (it != defaults.end() && it->second == v)
                return;
        }
        out[key] = std::move(v);
    }
};

// Returns the JSON of every field of a default-constructed T, to leave defaults out.
template <typename T>
const Defaults &defaultsOf()
{
    static const Defaults defaults = [] {
        CollectVisitor c;
        const T def{};
        detail::describe(def, c);
        return std::move(c.out);
    }();
    return defaults;
}

template <typename T>
ojson writeStruct(const T &obj)
{
    WriteVisitor w{ojson::object(), defaultsOf<T>()};
    detail::describe(obj, w);
    return std::move(w.out);
}

ojson numberValue(double d)
{
    if (d == 0)
        return 0; // also folds -0.0
    if (std::floor(d) == d && std::fabs(d) < 1e15)
        return static_cast<int64_t>(d);
    return d;
}

template <typename T>
ojson toValue(const T &v)
{
    if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool>) {
        return v;
    } else if constexpr (std::is_same_v<T, double>) {
        return numberValue(v);
    } else if constexpr (std::is_integral_v<T>) {
        return v;
    } else if constexpr (std::is_enum_v<T>) {
        return toString(v);
    } else if constexpr (IsOptional<T>::value) {
        return v ? toValue(*v) : ojson();
    } else if constexpr (IsVector<T>::value) {
        ojson a = ojson::array();
        for (const auto &e : v)
            a.push_back(toValue(e));
        return a;
    } else if constexpr (std::is_same_v<T, std::map<std::string, std::string>>) {
        ojson o = ojson::object();
        for (const auto &[k, val] : v)
            o[k] = val;
        return o;
    } else if constexpr (std::is_same_v<T, LogicalType>) {
        return v.toString();
    } else if constexpr (std::is_same_v<T, IndexColumn>) {
        return detail::formatIndexColumn(v);
    } else if constexpr (std::is_same_v<T, DefaultValue>) {
        switch (v.kind) {
        case DefaultValue::Kind::Null:
            return nullptr;
        case DefaultValue::Kind::Bool:
            return v.boolean;
        case DefaultValue::Kind::Number:
            return numberValue(v.number);
        case DefaultValue::Kind::String:
            return v.text;
        case DefaultValue::Kind::Now:
            return "now";
        }
        return nullptr;
    } else if constexpr (std::is_same_v<T, JsonText>) {
        ojson j = ojson::parse(v.text, nullptr, false);
        return j.is_discarded() ? ojson::object() : j;
    } else {
        return writeStruct(v);
    }
}

} // namespace

std::string toJson(const Model &model)
{
    ojson root = ojson::object();
    root["format"] = "archsim";
    root["version"] = kFormatVersion;
    ojson body = writeStruct(model);
    for (auto &[k, v] : body.items())
        root[k] = std::move(v);
    std::string out = root.dump(2, ' ', false, ojson::error_handler_t::replace);
    out += '\n';
    return out;
}

namespace detail {

std::string elementJson(const Component &c)
{
    return writeStruct(c).dump(-1, ' ', false, ojson::error_handler_t::replace);
}

std::string elementJson(const Link &l)
{
    return writeStruct(l).dump(-1, ' ', false, ojson::error_handler_t::replace);
}

} // namespace detail

} // namespace archsim::model
