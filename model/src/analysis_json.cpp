// The JSON form of the graph analysis.

#include "archsim/model/analysis.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace archsim::model {

namespace {

nlohmann::ordered_json pathJson(const Model &model, const CallPath &p, const char *valueKey)
{
    nlohmann::ordered_json j;
    j[valueKey] = std::isfinite(p.value) ? nlohmann::ordered_json(p.value)
                                         : nlohmann::ordered_json(nullptr);
    j["components"] = p.components;
    nlohmann::ordered_json links = nlohmann::ordered_json::array();
    for (int l : p.links)
        links.push_back(model.links[size_t(l)].id);
    j["links"] = std::move(links);
    return j;
}

} // namespace

std::string analysisToJson(const Model &model, const Analysis &a)
{
    nlohmann::ordered_json out;
    nlohmann::ordered_json spofs = nlohmann::ordered_json::array();
    for (const auto &s : a.spofs) {
        nlohmann::ordered_json j;
        j["level"] = s.level == SinglePointOfFailure::Level::Zone ? "zone" : "component";
        j["target"] = s.target;
        j["lost"] = s.lost;
        j["cut_off_count"] = s.cutOffCount;
        j["cut_off"] = s.cutOff;
        j["client_count"] = s.clientCount;
        j["clients"] = s.clients;
        spofs.push_back(std::move(j));
    }
    out["single_points_of_failure"] = std::move(spofs);
    out["sync_cycles"] = a.syncCycles;
    out["retry_amplification"] = pathJson(model, a.worstRetryPath, "attempts");
    nlohmann::ordered_json critical = nlohmann::ordered_json::object();
    for (const auto &[client, p] : a.criticalPath)
        critical[client] = pathJson(model, p, "latency_ms");
    out["critical_paths"] = std::move(critical);
    nlohmann::ordered_json fan = nlohmann::ordered_json::object();
    for (const auto &[client, visits] : a.fanOut) {
        nlohmann::ordered_json v = nlohmann::ordered_json::object();
        for (const auto &[id, n] : visits)
            v[id] = n;
        fan[client] = std::move(v);
    }
    out["fan_out"] = std::move(fan);
    return out.dump(2) + '\n';
}

} // namespace archsim::model
