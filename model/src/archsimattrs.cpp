#include "archsimattrs.h"

#include "sqlitedb.h"

#include <cmath>
#include <limits>
#include <optional>
#include <type_traits>

namespace archsim::model::detail {

namespace {

// The scalar fields each struct keeps in attrs, by their JSON names. A field added to types.h
// needs one line here (and the generator sets it, so the round-trip tests notice a miss).
template <typename T>
struct Fields;

template <>
struct Fields<Distribution> {
    template <typename V>
    static void visit(V &v)
    {
        v("dist", &Distribution::dist);
        v("mean_ms", &Distribution::mean_ms);
        v("cv", &Distribution::cv);
        v("k", &Distribution::k);
        v("spread", &Distribution::spread);
    }
};

template <>
struct Fields<Autoscale> {
    template <typename V>
    static void visit(V &v)
    {
        v("min_replicas", &Autoscale::min_replicas);
        v("max_replicas", &Autoscale::max_replicas);
        v("target_utilization", &Autoscale::target_utilization);
        v("scale_up_delay_s", &Autoscale::scale_up_delay_s);
        v("scale_down_delay_s", &Autoscale::scale_down_delay_s);
    }
};

// env and secrets are child rows (component_env, component_secrets), not attrs.
template <>
struct Fields<Deployment> {
    template <typename V>
    static void visit(V &v)
    {
        v("image", &Deployment::image);
        v("port", &Deployment::port);
        v("cpu_millis", &Deployment::cpu_millis);
        v("memory_mib", &Deployment::memory_mib);
        v("hosting", &Deployment::hosting);
        v("health_path", &Deployment::health_path);
        v("autoscale", &Deployment::autoscale);
    }
};

// id, kind, name, description, position, schema and the lists are relational columns/rows.
template <>
struct Fields<Component> {
    template <typename V>
    static void visit(V &v)
    {
        v("rps", &Component::rps);
        v("replicas", &Component::replicas);
        v("workers", &Component::workers);
        v("service_time", &Component::service_time);
        v("queue_limit", &Component::queue_limit);
        v("threading", &Component::threading);
        v("balancing", &Component::balancing);
        v("fanout", &Component::fanout);
        v("mtbf_s", &Component::mtbf_s);
        v("mttr_s", &Component::mttr_s);
        v("load_shedding", &Component::load_shedding);
        v("capacity", &Component::capacity);
        v("value_bytes", &Component::value_bytes);
        v("ttl_s", &Component::ttl_s);
        v("eviction", &Component::eviction);
        v("keys", &Component::keys);
        v("zipf", &Component::zipf);
        v("invalidation", &Component::invalidation);
        v("ttl_refresh_on_hit", &Component::ttl_refresh_on_hit);
        v("coalescing", &Component::coalescing);
        v("public_only", &Component::public_only);
        v("engine", &Component::engine);
        v("read_from", &Component::read_from);
        v("failover_s", &Component::failover_s);
        v("encryption_at_rest", &Component::encryption_at_rest);
        v("deploy", &Component::deploy);
    }
};

template <>
struct Fields<Retries> {
    template <typename V>
    static void visit(V &v)
    {
        v("max", &Retries::max);
        v("backoff_ms", &Retries::backoff_ms);
        v("max_backoff_ms", &Retries::max_backoff_ms);
        v("jitter", &Retries::jitter);
        v("budget", &Retries::budget);
    }
};

template <>
struct Fields<CircuitBreaker> {
    template <typename V>
    static void visit(V &v)
    {
        v("failure_rate", &CircuitBreaker::failure_rate);
        v("window", &CircuitBreaker::window);
        v("min_calls", &CircuitBreaker::min_calls);
        v("open_ms", &CircuitBreaker::open_ms);
        v("half_open_calls", &CircuitBreaker::half_open_calls);
        v("slow_call_ms", &CircuitBreaker::slow_call_ms);
        v("slow_call_rate", &CircuitBreaker::slow_call_rate);
    }
};

// id, from, to, kind, key_class, tables and invalidates are relational.
template <>
struct Fields<Link> {
    template <typename V>
    static void visit(V &v)
    {
        v("probability", &Link::probability);
        v("timeout_ms", &Link::timeout_ms);
        v("retries", &Link::retries);
        v("circuit_breaker", &Link::circuit_breaker);
        v("fallback", &Link::fallback);
        v("tls", &Link::tls);
        v("user_specific", &Link::user_specific);
        v("purpose", &Link::purpose);
        v("deadline_propagation", &Link::deadline_propagation);
    }
};

template <>
struct Fields<Table> {
    template <typename V>
    static void visit(V &v)
    {
        v("comment", &Table::comment);
        v("rows_per_month", &Table::rows_per_month);
        v("rows", &Table::rows);
        v("row_bytes", &Table::row_bytes);
        v("append_only", &Table::append_only);
        v("renamed_from", &Table::renamed_from);
    }
};

// method and column are relational; list partitions are rows.
template <>
struct Fields<Partitioning> {
    template <typename V>
    static void visit(V &v)
    {
        v("interval", &Partitioning::interval);
        v("start", &Partitioning::start);
        v("count", &Partitioning::count);
        v("default_partition", &Partitioning::default_partition);
        v("retention", &Partitioning::retention);
    }
};

template <>
struct Fields<Scenario> {
    template <typename V>
    static void visit(V &v)
    {
        v("duration_s", &Scenario::duration_s);
        v("warmup_s", &Scenario::warmup_s);
        v("seed", &Scenario::seed);
    }
};

// at_s, action and target are relational.
template <>
struct Fields<ScenarioEvent> {
    template <typename V>
    static void visit(V &v)
    {
        v("mode", &ScenarioEvent::mode);
        v("for_s", &ScenarioEvent::for_s);
        v("factor", &ScenarioEvent::factor);
        v("replica", &ScenarioEvent::replica);
        v("note", &ScenarioEvent::note);
    }
};

template <typename T>
concept HasFields = requires { sizeof(Fields<T>); };

template <typename T>
concept NamedEnum = std::is_enum_v<T> && requires(T v) { toString(v); };

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <typename T>
Json encodeObject(const T &obj, const std::string &place);

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
    } else {
        static_assert(HasFields<F>, "no attrs encoding for this type");
        return encodeObject(v, place);
    }
}

template <typename T>
struct Writer {
    const T &obj;
    Json &out;
    const std::string &place;

    template <typename F>
    void operator()(const char *key, F T::*member)
    {
        static const T defaults{};
        const F &v = obj.*member;
        std::string at = place + "/" + key;
        if constexpr (IsOptional<F>::value) {
            if (v)
                out[key] = encode(*v, at);
        } else if constexpr (HasFields<F>) {
            Json nested = encodeObject(v, at);
            if (!nested.empty())
                out[key] = std::move(nested);
        } else if (!(v == defaults.*member)) {
            out[key] = encode(v, at);
        }
    }
};

template <typename T>
Json encodeObject(const T &obj, const std::string &place)
{
    Json out = Json::object();
    Writer<T> w{obj, out, place};
    Fields<T>::visit(w);
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
    } else {
        decodeObject(j, v, place);
    }
}

template <typename T>
struct Reader {
    const Json &in;
    T &obj;
    const std::string &place;
    size_t matched = 0;

    template <typename F>
    void operator()(const char *key, F T::*member)
    {
        auto it = in.find(key);
        if (it == in.end())
            return;
        ++matched;
        decode(*it, obj.*member, place + "/" + key);
    }
};

template <typename T>
struct KnownName {
    const std::string &name;
    bool found = false;
    template <typename F>
    void operator()(const char *key, F T::*)
    {
        found = found || name == key;
    }
};

template <typename T>
void decodeObject(const Json &in, T &obj, const std::string &place)
{
    if (!in.is_object())
        throw StoreError(place, "expected an object");
    Reader<T> r{in, obj, place};
    Fields<T>::visit(r);
    if (r.matched == in.size())
        return;
    for (const auto &item : in.items()) {
        KnownName<T> k{item.key()};
        Fields<T>::visit(k);
        if (!k.found)
            throw StoreError(place + "/" + item.key(),
                             "unknown attribute '" + item.key() +
                                 "' (written by a newer ArchSim?)");
    }
}

} // namespace

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
    if (j.is_discarded() || !j.is_object())
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
