#pragma once

// Helpers for the figure structs of the message kernels (streams, realtime): each lists its
// estimates through forEachEstimate(figures, prefix, fn(name, estimate)), found by argument-
// dependent lookup, and these fold them over replications and write and read them as flat JSON
// objects with their intervals under "ci95".

#include "archsim/simulator/stats.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace archsim::simulator {

// Sets every estimate of `target` to the mean and 95% interval of the replications' values.
template <typename Figures>
void foldEstimates(Figures &target, const std::vector<Figures *> &reps)
{
    std::vector<Estimate *> dst;
    forEachEstimate(target, std::string(), [&](const std::string &, Estimate &e) {
        dst.push_back(&e);
    });
    std::vector<std::vector<double>> samples(dst.size());
    for (Figures *r : reps) {
        size_t i = 0;
        forEachEstimate(*r, std::string(), [&](const std::string &, Estimate &e) {
            samples[i++].push_back(e.value);
        });
    }
    for (size_t i = 0; i < dst.size(); ++i)
        *dst[i] = estimateFrom(samples[i]);
}

// Returns the estimates as one JSON object; their intervals go to `ci` under `path` + name.
template <typename Figures>
nlohmann::ordered_json flatEstimates(Figures &f, const std::string &path,
                                     nlohmann::ordered_json &ci)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    forEachEstimate(f, std::string(), [&](const std::string &name, Estimate &e) {
        out[name] = e.value;
        if (e.hasInterval)
            ci[path + name] = nlohmann::ordered_json::array({e.low, e.high});
    });
    return out;
}

// Reads what flatEstimates() wrote; a missing figure stays as it is.
template <typename Figures>
void readFlatEstimates(Figures &f, const nlohmann::ordered_json &obj, const std::string &path,
                       const nlohmann::ordered_json &ci)
{
    forEachEstimate(f, std::string(), [&](const std::string &name, Estimate &e) {
        const auto v = obj.find(name);
        if (v != obj.end() && v->is_number())
            e.value = v->get<double>();
        const auto it = ci.find(path + name);
        if (it != ci.end() && it->is_array() && it->size() == 2 && (*it)[0].is_number() &&
            (*it)[1].is_number()) {
            e.low = (*it)[0].get<double>();
            e.high = (*it)[1].get<double>();
            e.hasInterval = true;
        }
    });
}

} // namespace archsim::simulator
