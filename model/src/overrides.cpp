#include "archsim/model/overrides.h"

#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include "jsonutil.h"

#include <nlohmann/json.hpp>

#include <algorithm>
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

// Merges the overrides of scenario `s` into the model's JSON and reads it back.
Result<Variant> buildVariant(const Model &model, size_t s)
{
    const Scenario &sc = model.scenarios[s];
    const std::string base = at("/scenarios", s) + "/overrides";
    json root = json::parse(toJson(model));
    for (auto &scenario : root["scenarios"])
        scenario.erase("overrides");
    Diagnostics diags;
    PlaceMap places;
    for (size_t o = 0; o < sc.overrides.size(); ++o) {
        const ScenarioOverride &ov = sc.overrides[o];
        const std::string here = at(base, o);
        const char *collection = nullptr;
        size_t index = 0;
        for (const char *coll : {"components", "links"}) {
            const json &items = root[coll];
            for (size_t i = 0; i < items.size() && !collection; ++i)
                if (items[i].value("id", std::string()) == ov.target) {
                    collection = coll;
                    index = i;
                }
        }
        if (!collection) {
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
        json &target = root[collection][index];
        const std::string merged = at(std::string("/") + collection, index);
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
    if (!diags.empty())
        return diags;
    auto reread = parseJson(root.dump());
    if (!reread.ok()) {
        for (const auto &d : reread.diagnostics()) {
            std::string place = places.find(d.place);
            if (place.empty())
                place = base;
            diags.push_back(makeError(place, "scenario '" + sc.id + "': " + d.message));
        }
        return diags;
    }
    return Variant{std::move(reread).value(), std::move(places)};
}

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
    for (size_t s = 0; s < model.scenarios.size(); ++s) {
        if (model.scenarios[s].overrides.empty())
            continue;
        auto variant = buildVariant(model, s);
        if (!variant.ok()) {
            out.insert(out.end(), variant.diagnostics().begin(), variant.diagnostics().end());
            continue;
        }
        const std::string who = "scenario '" + model.scenarios[s].id + "': ";
        for (const auto &d : validate(variant.value().model)) {
            const bool known = std::any_of(baseProblems.begin(), baseProblems.end(),
                                           [&](const Diagnostic &b) {
                                               return b.place == d.place &&
                                                      b.message == d.message;
                                           });
            if (known)
                continue;
            std::string place = variant.value().places.find(d.place);
            Diagnostic moved = d;
            moved.message = who + "with its overrides, " + d.message;
            if (place.empty())
                moved.message += " (at " + d.place + ")";
            moved.place = place.empty() ? at("/scenarios", s) + "/overrides" : place;
            out.push_back(std::move(moved));
        }
    }
    return out;
}

} // namespace archsim::model
