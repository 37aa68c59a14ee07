#include "realtime/realtimekernel.h"

#include <string>
#include <algorithm>

namespace archsim::simulator::realtime {

std::vector<model::ClientRate> effectiveClientRates(const model::RealtimeSettings &s)
{
    if (!s.client_rates.empty())
        return s.client_rates;
    // Most browsers on broadband, a tail on a poor mobile link (docs/realtime.md).
    return {{"fast", 0.95, 1e6}, {"slow", 0.05, 16e3}};
}

model::Result<RealtimeNet> compileRealtime(const model::Model &m)
{
    RealtimeNet net;
    model::Diagnostics diags;
    for (size_t i = 0; i < m.components.size(); ++i) {
        const model::Component &c = m.components[i];
        if (c.kind != model::ComponentKind::Realtime)
            continue;
        GatewayDef g;
        g.id = c.id;
        g.node = static_cast<uint32_t>(i);
        g.replicas = std::max(1, c.replicas);
        g.zones = c.zones;
        g.settings = c.realtime.value_or(model::RealtimeSettings{});
        g.settings.client_rates = effectiveClientRates(g.settings);
        const std::string place = "/components/" + std::to_string(i) + "/realtime";
        const model::RealtimeSettings &s = g.settings;
        if (s.connections < 1 || s.connections > kMaxConnections)
            diags.push_back(model::makeError(
                place + "/connections",
                "the simulation follows every connection; it takes 1 to " +
                    std::to_string(kMaxConnections) + " per gateway (the estimate, "
                    "archsim-cli analyze, has no limit)"));
        if (s.channels < 1 || s.channels > 1'000'000 || s.subscriptions < 1 ||
            s.subscriptions > s.channels || s.message_bytes < 1)
            diags.push_back(model::makeError(place, "channels must be in [1, 1e6] in the "
                                                    "simulation, subscriptions in [1, "
                                                    "channels] and message_bytes at least 1"));
        double total = 0;
        for (const auto &r : s.client_rates) {
            total += r.share;
            if (!(r.bytes_per_s > 0))
                diags.push_back(model::makeError(place + "/client_rates",
                                                 "every client rate needs bytes_per_s > 0"));
        }
        if (!(total > 0))
            diags.push_back(model::makeError(place + "/client_rates",
                                             "the client rates' shares sum to zero"));
        net.gateways.push_back(std::move(g));
    }
    if (net.gateways.empty())
        return net;
    // Publish links into a gateway feed it directly; its consume links feed it what its
    // group processed (the stream kernel's Handoffs, with the consumer's lag).
    for (GatewayDef &g : net.gateways) {
        for (size_t i = 0; i < m.links.size(); ++i) {
            const model::Link &l = m.links[i];
            if (l.kind == model::LinkKind::Publish && l.to == g.id)
                g.links.push_back(static_cast<uint32_t>(i));
            else if (l.kind == model::LinkKind::Consume && l.from == g.id)
                g.consumes.push_back(static_cast<uint32_t>(i));
        }
    }
    if (model::hasErrors(diags))
        return diags;
    return net;
}

} // namespace archsim::simulator::realtime
