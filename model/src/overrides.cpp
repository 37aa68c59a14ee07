#include "archsim/model/overrides.h"

#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include "jsonelement.h"
#include "jsonutil.h"
#include "validator.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>
#include <set>
#include <utility>

namespace archsim::model {

namespace {

using nlohmann::json;

// A place in the merged model and the place in the file that put it there.
struct PlaceMap {
    std::vector<std::pair<std::string, std::string>> prefixes; // merged -> override

    void add(std::string merged, std::string source)
    {
        prefixes.emplace_back(std::move(merged), std::move(source));
    }

    // Returns the override place of a merged place, or "" when no override wrote it.
    std::string find(const std::string &place) const
    {
        // The latest override wins: it wrote the value the reader saw.
        for (auto it = prefixes.rbegin(); it != prefixes.rend(); ++it) {
            const std::string &p = it->first;
            if (place == p || (place.size() > p.size() && place.compare(0, p.size(), p) == 0
                               && place[p.size()] == '/'))
                return it->second + place.substr(p.size());
        }
        return {};
    }
};

std::string at(const std::string &base, size_t i) { return base + "/" + std::to_string(i); }

struct Variant {
    Model model;
    PlaceMap places;
};

// Where an override lands: (is a link, position in model.links or model.components).
using TargetKey = std::pair<bool, size_t>;

// Merges the overrides of scenario `s` into the JSON of their targets, in order: `find(id)`
// returns an id's target (std::nullopt for none), `jsonOf(key)` the JSON object to merge into.
// Fills `places` (merged place -> override place); returns the structural problems: unknown
// target, `set` not an object, a changed id.
template <typename Find, typename JsonOf>
Diagnostics mergeOverrides(const Model &model, size_t s, Find find, JsonOf jsonOf,
                           PlaceMap &places)
{
    const Scenario &sc = model.scenarios[s];
    const std::string base = at("/scenarios", s) + "/overrides";
    Diagnostics diags;
    for (size_t o = 0; o < sc.overrides.size(); ++o) {
        const ScenarioOverride &ov = sc.overrides[o];
        const std::string here = at(base, o);
        const std::optional<TargetKey> key = find(ov.target);
        if (!key) {
            diags.push_back(makeError(here + "/target", "scenario '" + sc.id + "': override "
                                          "targets '" + ov.target +
                                          "', which is neither a component nor a link id"));
            continue;
        }
        json set = json::parse(ov.set.text, nullptr, false);
        if (set.is_discarded() || !set.is_object()) {
            diags.push_back(makeError(here + "/set", "expected an object of fields"));
            continue;
        }
        json &target = jsonOf(*key);
        const std::string merged = at(key->first ? "/links" : "/components", key->second);
        for (auto it = set.begin(); it != set.end(); ++it) {
            const std::string field = here + "/set/" + detail::escapePointer(it.key());
            if (it.key() == "id") {
                diags.push_back(makeError(field, "an override cannot change an id"));
                continue;
            }
            json patch = json::object();
            patch[it.key()] = it.value();
            target.merge_patch(patch); // RFC 7386: objects merge, null removes
            places.add(merged + "/" + detail::escapePointer(it.key()), field);
        }
        places.add(merged, here + "/set");
    }
    return diags;
}

// Returns the problems of reading a variant back, placed at the override that caused them.
Diagnostics readBackProblems(const Model &model, size_t s, const Diagnostics &problems,
                             const PlaceMap &places)
{
    Diagnostics out;
    for (const auto &d : problems) {
        std::string place = places.find(d.place);
        if (place.empty())
            place = at("/scenarios", s) + "/overrides";
        out.push_back(makeError(place, "scenario '" + model.scenarios[s].id + "': " + d.message));
    }
    return out;
}

// Merges the overrides of scenario `s` into the model's JSON and reads it back.
Result<Variant> buildVariant(const Model &model, size_t s)
{
    json root = json::parse(toJson(model));
    for (auto &scenario : root["scenarios"])
        scenario.erase("overrides");
    auto find = [&root](const std::string &id) -> std::optional<TargetKey> {
        for (bool isLink : {false, true}) {
            // find(), not operator[]: that would add a null list to a model without links.
            auto items = root.find(isLink ? "links" : "components");
            for (size_t i = 0; items != root.end() && i < items->size(); ++i)
                if ((*items)[i].value("id", std::string()) == id)
                    return TargetKey{isLink, i};
        }
        return std::nullopt;
    };
    auto jsonOf = [&root](const TargetKey &key) -> json & {
        return root[key.first ? "links" : "components"][key.second];
    };
    PlaceMap places;
    if (Diagnostics diags = mergeOverrides(model, s, find, jsonOf, places); !diags.empty())
        return diags;
    auto reread = parseJson(root.dump());
    if (!reread.ok())
        return readBackProblems(model, s, reread.diagnostics(), places);
    return Variant{std::move(reread).value(), std::move(places)};
}

// The (place, message) pairs of the problems the model has anyway.
class KnownProblems {
public:
    explicit KnownProblems(const Diagnostics &problems)
    {
        for (const Diagnostic &d : problems)
            m_keys.emplace(d.place, d.message);
    }
    bool contains(const Diagnostic &d) const { return m_keys.contains({d.place, d.message}); }

private:
    std::set<std::pair<std::string, std::string>> m_keys;
};

// Appends the problems of scenario `s`'s variant that the model does not have anyway, placed
// at the override that causes them where known.
void report(const Model &model, size_t s, const Diagnostics &problems, const PlaceMap &places,
            const KnownProblems &known, Diagnostics &out)
{
    const std::string who = "scenario '" + model.scenarios[s].id + "': ";
    for (const auto &d : problems) {
        if (known.contains(d))
            continue;
        std::string place = places.find(d.place);
        Diagnostic moved = d;
        moved.message = who + "with its overrides, " + d.message;
        if (place.empty())
            moved.message += " (at " + d.place + ")";
        moved.place = place.empty() ? at("/scenarios", s) + "/overrides" : place;
        out.push_back(std::move(moved));
    }
}

// The reference way: the whole model merged, read back and validated for each scenario. Its
// cost grows with the model's size for every scenario, so it is used only for the models the
// fast way cannot take (VariantChecker).
void checkWhole(const Model &model, size_t s, const KnownProblems &known, Diagnostics &out)
{
    auto variant = buildVariant(model, s);
    if (!variant.ok()) {
        out.insert(out.end(), variant.diagnostics().begin(), variant.diagnostics().end());
        return;
    }
    report(model, s, validate(variant.value().model), variant.value().places, known, out);
}

// Returns true when a JSON value nests deeper than `levels` (a scalar has depth 0, an empty
// object 1); the recursion stops there, so hostile nesting cannot exhaust the stack.
bool deeperThan(const json &j, size_t levels)
{
    if (!j.is_structured())
        return false;
    if (levels == 0)
        return true;
    for (const auto &v : j)
        if (deeperThan(v, levels - 1))
            return true;
    return false;
}

// Checks the variants of a model with work that follows the overrides, not the model's size:
// the model is read back once (as every variant would be) and validated once unit by unit;
// a variant re-reads only the components and links its overrides change, swaps them in and
// checks again only the units that can see them (those elements, the links naming a changed
// component, the events targeting it). The result is the one checkWhole() gives.
class VariantChecker {
public:
    // `base` is `model` written and read back, with every scenario's overrides removed.
    VariantChecker(const Model &model, Model base)
        : m_model(model), m_base(std::move(base)), m_units(m_base)
    {
        for (size_t i = 0; i < m_model.components.size(); ++i)
            m_componentAt.emplace(m_model.components[i].id, i);
        for (size_t i = 0; i < m_model.links.size(); ++i)
            m_linkAt.emplace(m_model.links[i].id, i);
        for (size_t i = 0; i < m_base.links.size(); ++i) {
            const Link &l = m_base.links[i];
            m_linksOf[l.from].push_back(i);
            m_linksOf[l.to].push_back(i);
            for (const auto &c : l.invalidates)
                m_linksOf[c].push_back(i);
        }
        for (size_t s = 0; s < m_base.scenarios.size(); ++s)
            for (size_t e = 0; e < m_base.scenarios[s].events.size(); ++e)
                m_eventsOf[m_base.scenarios[s].events[e].target].emplace_back(s, e);
    }

    // Appends the problems of scenario `s`'s variant; returns false, having appended nothing,
    // for a variant this way cannot check exactly (then use checkWhole()).
    bool check(size_t s, const KnownProblems &known, Diagnostics &out)
    {
        std::map<TargetKey, json> targets; // the merged elements, in document order
        auto find = [this](const std::string &id) -> std::optional<TargetKey> {
            if (auto c = m_componentAt.find(id); c != m_componentAt.end())
                return TargetKey{false, c->second};
            if (auto l = m_linkAt.find(id); l != m_linkAt.end())
                return TargetKey{true, l->second};
            return std::nullopt;
        };
        auto jsonOf = [&](const TargetKey &key) -> json & {
            auto it = targets.find(key);
            if (it == targets.end()) {
                const std::string text =
                    key.first ? detail::elementJson(m_model.links[key.second])
                              : detail::elementJson(m_model.components[key.second]);
                it = targets.emplace(key, json::parse(text)).first;
            }
            return it->second;
        };
        PlaceMap places;
        if (Diagnostics diags = mergeOverrides(m_model, s, find, jsonOf, places);
            !diags.empty()) {
            out.insert(out.end(), diags.begin(), diags.end());
            return true;
        }
        // Re-read the merged elements, in document order (components first).
        size_t nc = 0, nl = 0;
        for (const auto &[key, j] : targets) {
            // The whole document nests them two levels deeper; past its limit, it fails.
            if (deeperThan(j, 64 - 2))
                return false;
            ++(key.first ? nl : nc);
        }
        std::vector<Component> components(nc);
        std::vector<Link> links(nl);
        std::vector<detail::JsonElement> elements;
        nc = nl = 0;
        for (const auto &[key, j] : targets) {
            detail::JsonElement e;
            e.json = &j;
            e.pointer = at(key.first ? "/links" : "/components", key.second);
            if (key.first)
                e.link = &links[nl++];
            else
                e.component = &components[nc++];
            elements.push_back(std::move(e));
        }
        if (Diagnostics errors = detail::readJsonElements(elements); !errors.empty()) {
            Diagnostics placed = readBackProblems(m_model, s, errors, places);
            out.insert(out.end(), placed.begin(), placed.end());
            return true;
        }
        // Swap the variant's elements in, check the units that can see them, swap back.
        std::vector<size_t> changedComponents, changedLinks;
        std::vector<std::pair<size_t, size_t>> events;
        nc = nl = 0;
        for (const auto &[key, j] : targets) {
            if (key.first) {
                if (links[nl].id != m_base.links[key.second].id)
                    return false;
                changedLinks.push_back(key.second);
                ++nl;
                continue;
            }
            const std::string &id = m_base.components[key.second].id;
            if (components[nc].id != id)
                return false;
            changedComponents.push_back(key.second);
            if (auto l = m_linksOf.find(id); l != m_linksOf.end())
                changedLinks.insert(changedLinks.end(), l->second.begin(), l->second.end());
            if (auto e = m_eventsOf.find(id); e != m_eventsOf.end())
                events.insert(events.end(), e->second.begin(), e->second.end());
            ++nc;
        }
        auto swapIn = [&] {
            size_t c = 0, l = 0;
            for (const auto &entry : targets) {
                const auto &key = entry.first;
                if (key.first)
                    std::swap(m_base.links[key.second], links[l++]);
                else
                    std::swap(m_base.components[key.second], components[c++]);
            }
        };
        swapIn();
        Diagnostics problems =
            m_units.variantProblems(changedComponents, changedLinks, events);
        swapIn(); // swapping again puts the base's elements back
        report(m_model, s, problems, places, known, out);
        return true;
    }

private:
    const Model &m_model;
    Model m_base;
    detail::UnitValidation m_units; // over m_base
    std::unordered_map<std::string, size_t> m_componentAt; // id -> first position
    std::unordered_map<std::string, size_t> m_linkAt;
    std::unordered_map<std::string, std::vector<size_t>> m_linksOf; // component id -> links
    std::unordered_map<std::string, std::vector<std::pair<size_t, size_t>>> m_eventsOf;
};

} // namespace

Result<Model> applyOverrides(const Model &model, const std::string &scenarioId)
{
    const auto it = std::find_if(model.scenarios.begin(), model.scenarios.end(),
                                 [&](const Scenario &s) { return s.id == scenarioId; });
    if (it == model.scenarios.end())
        return Diagnostics{makeError("/scenarios", "unknown scenario '" + scenarioId + "'")};
    auto variant = buildVariant(model, static_cast<size_t>(it - model.scenarios.begin()));
    if (!variant.ok())
        return variant.diagnostics();
    return std::move(variant.value().model);
}

Diagnostics checkOverrides(const Model &model, const Diagnostics &baseProblems)
{
    Diagnostics out;
    if (std::none_of(model.scenarios.begin(), model.scenarios.end(),
                     [](const Scenario &s) { return !s.overrides.empty(); }))
        return out;
    const KnownProblems known(baseProblems);
    // The fast way needs the model to read back as it is written, as every variant is; a link
    // without an id would get one on reading, so such a model takes the whole way.
    std::optional<VariantChecker> fast;
    if (std::none_of(model.links.begin(), model.links.end(),
                     [](const Link &l) { return l.id.empty(); })) {
        // Without the overrides, as the whole way reads it back (a `set` that is not an
        // object, which no file can hold, must not fail the others).
        Model plain = model;
        for (auto &sc : plain.scenarios)
            sc.overrides.clear();
        if (auto reread = parseJson(toJson(plain)); reread.ok())
            fast.emplace(model, std::move(reread).value());
    }
    for (size_t s = 0; s < model.scenarios.size(); ++s) {
        if (model.scenarios[s].overrides.empty())
            continue;
        if (!fast || !fast->check(s, known, out))
            checkWhole(model, s, known, out);
    }
    return out;
}

Diagnostics checkOverridesWhole(const Model &model, const Diagnostics &baseProblems)
{
    Diagnostics out;
    const KnownProblems known(baseProblems);
    for (size_t s = 0; s < model.scenarios.size(); ++s)
        if (!model.scenarios[s].overrides.empty())
            checkWhole(model, s, known, out);
    return out;
}

} // namespace archsim::model
