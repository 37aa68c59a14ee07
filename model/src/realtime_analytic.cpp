// The analytic estimate of realtime gateways (docs/realtime.md, "The estimate").

#include "archsim/model/realtimeanalytic.h"
#include "archsim/model/streamanalytic.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace archsim::model {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<ClientRate> ratesOf(const RealtimeSettings &s)
{
    if (!s.client_rates.empty())
        return s.client_rates;
    return {{"fast", 0.95, 1e6}, {"slow", 0.05, 16e3}}; // as the simulation's default
}

} // namespace

double pubsubStaleRatio(double r, double w, double D, double loss, double ttl)
{
    if (!(w > 0) || !(r > 0))
        return 0.0;
    const double T = ttl > 0 ? ttl : kInf;
    D = std::max(0.0, D);
    const double ls = w * (1 - std::clamp(loss, 0.0, 1.0));
    if (ls <= 0) {
        if (!std::isfinite(T))
            return 1.0; // nothing ever removes a stale entry
        // TTL only: a present period of T after each fill, then an absent wait of 1 / r.
        return (T + std::expm1(-w * T) / w) / (T + 1 / r);
    }
    // ls h(ls) = ls r / (ls + r (1 - e^(-ls T))); I1 as above.
    const double oneMinus = std::isfinite(T) ? -std::expm1(-ls * T) : 1.0;
    const double pref = ls * r / (ls + r * oneMinus);
    const double i1 = oneMinus / ls;
    const double m = std::min(T, D);
    double i2 = -std::expm1(-(w + ls) * m) / (w + ls);
    if (T > D)
        i2 += std::exp(-ls * D) * (std::exp(-w * D) - (std::isfinite(T) ? std::exp(-w * T) : 0))
              / w;
    return std::clamp(pref * (i1 - i2), 0.0, 1.0);
}

std::vector<double> channelShares(int64_t channels, double zipf, int64_t limit)
{
    const int64_t n = std::max<int64_t>(1, std::min(channels, limit));
    std::vector<double> p(static_cast<size_t>(n));
    double h = 0;
    for (int64_t c = 0; c < n; ++c)
        h += p[size_t(c)] = std::pow(double(c + 1), -zipf);
    // The tail beyond `limit` by the integral of x^-s (it only matters for huge counts).
    if (channels > n) {
        const double a = double(n) + 0.5, b = double(channels) + 0.5;
        h += std::abs(zipf - 1) < 1e-9 ? std::log(b / a)
                                       : (std::pow(b, 1 - zipf) - std::pow(a, 1 - zipf))
                                             / (1 - zipf);
    }
    for (double &x : p)
        x /= h;
    return p;
}

std::vector<RealtimeEstimate> estimateRealtime(const Model &m, const AnalyticEstimate &base)
{
    std::vector<RealtimeEstimate> out;
    bool any = false;
    for (const Component &c : m.components)
        any = any || c.kind == ComponentKind::Realtime;
    if (!any)
        return out;
    const std::map<std::string, double> published = publishRates(m, base);
    for (const Component &c : m.components) {
        if (c.kind != ComponentKind::Realtime)
            continue;
        const RealtimeSettings s = c.realtime.value_or(RealtimeSettings{});
        RealtimeEstimate e;
        e.id = c.id;
        e.replicas = std::max(1, c.replicas);
        e.connections = double(s.connections);
        // Its own publish links and the streams it consumes.
        e.publish_rps = published.count(c.id) ? published.at(c.id) : 0.0;
        for (const Link &l : m.links)
            if (l.kind == LinkKind::Consume && l.from == c.id && published.count(l.to))
                e.publish_rps += published.at(l.to);
        const std::vector<double> p = channelShares(s.channels, s.channel_zipf);
        const int k = std::max(1, s.subscriptions);
        // A connection draws k distinct channels; P(subscribed to c) ~ 1 - (1 - p_c)^k
        // (exact for k = 1). Messages pick channel c with p_c too.
        double subs = 0;
        for (double pc : p)
            subs += pc * std::min(1.0, 1.0 - std::pow(1.0 - pc, k));
        e.subscribers_per_message = e.connections * subs;
        e.deliveries_rps = e.publish_rps * e.subscribers_per_message;
        const double bytes = double(s.message_bytes);
        e.mbps_per_replica = e.deliveries_rps * bytes / e.replicas / 1e6;
        e.connections_per_replica = e.connections / e.replicas;
        e.connections_after_loss = e.replicas > 1 ? e.connections / (e.replicas - 1)
                                                  : e.connections;
        e.over_connection_limit = e.connections_after_loss > kConnectionsPerReplica;
        double limit = kInf;
        if (s.queue_bytes > 0)
            limit = double(s.queue_bytes);
        if (s.queue_messages > 0)
            limit = std::min(limit, double(s.queue_messages) * bytes);
        e.queue_bytes_limit = limit;
        e.queue_memory_bytes = e.connections * limit;
        // History: per channel with messages, the last history_size (or ttl x its rate).
        if (s.history_size > 0) {
            double total = 0;
            for (double pc : p) {
                double held = double(s.history_size);
                if (s.history_ttl_s > 0)
                    held = std::min(held, s.history_ttl_s * e.publish_rps * pc);
                total += held;
            }
            e.history_memory_bytes = total * bytes;
        }
        // The busiest connection: subscribed to the k hottest channels.
        double hottest = 0;
        for (int i = 0; i < k && size_t(i) < p.size(); ++i)
            hottest += p[size_t(i)];
        const std::vector<ClientRate> rates = ratesOf(s);
        double shares = 0;
        for (const ClientRate &r : rates)
            shares += r.share;
        for (const ClientRate &r : rates) {
            RealtimeClassEstimate ce;
            ce.name = r.name;
            ce.bytes_per_s = r.bytes_per_s;
            ce.connections = shares > 0 ? e.connections * r.share / shares : 0;
            ce.inbound_bps = e.publish_rps * hottest * bytes;
            ce.slow = ce.inbound_bps > r.bytes_per_s;
            ce.time_to_limit_s = ce.slow && std::isfinite(limit)
                                     ? limit / (ce.inbound_bps - r.bytes_per_s)
                                     : kInf;
            e.classes.push_back(std::move(ce));
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::string realtimeEstimatesToJson(const std::vector<RealtimeEstimate> &estimates)
{
    using Json = nlohmann::ordered_json;
    auto num = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
    Json arr = Json::array();
    for (const RealtimeEstimate &e : estimates) {
        Json o;
        o["id"] = e.id;
        o["replicas"] = e.replicas;
        o["connections"] = e.connections;
        o["publish_rps"] = num(e.publish_rps);
        o["subscribers_per_message"] = num(e.subscribers_per_message);
        o["deliveries_rps"] = num(e.deliveries_rps);
        o["mbps_per_replica"] = num(e.mbps_per_replica);
        o["connections_per_replica"] = num(e.connections_per_replica);
        o["connections_after_loss"] = num(e.connections_after_loss);
        o["over_connection_limit"] = e.over_connection_limit;
        o["queue_bytes_limit"] = num(e.queue_bytes_limit);
        o["queue_memory_bytes"] = num(e.queue_memory_bytes);
        o["history_memory_bytes"] = num(e.history_memory_bytes);
        Json classes = Json::array();
        for (const RealtimeClassEstimate &c : e.classes) {
            Json co;
            co["name"] = c.name;
            co["bytes_per_s"] = c.bytes_per_s;
            co["connections"] = c.connections;
            co["inbound_bps"] = num(c.inbound_bps);
            co["slow"] = c.slow;
            co["time_to_limit_s"] = num(c.time_to_limit_s);
            classes.push_back(std::move(co));
        }
        o["classes"] = std::move(classes);
        arr.push_back(std::move(o));
    }
    return arr.dump(2);
}

std::string realtimeEstimatesToText(const std::vector<RealtimeEstimate> &estimates)
{
    if (estimates.empty())
        return {};
    std::string out;
    char line[400];
    auto mib = [](double b) { return std::isfinite(b) ? b / 1048576.0 : kInf; };
    std::snprintf(line, sizeof line, "\n%-20s %9s %9s %10s %11s %9s %10s %9s %11s %10s\n",
                  "realtime gateway", "conns", "msgs/s", "subs/msg", "deliv/s", "MB/s/repl",
                  "conns/repl", "-1 repl", "queues MiB", "hist MiB");
    out += line;
    for (const RealtimeEstimate &e : estimates) {
        std::snprintf(line, sizeof line,
                      "%-20s %9.0f %9.1f %10.1f %11.1f %9.2f %10.0f %9.0f %11.1f %10.1f%s\n",
                      e.id.c_str(), e.connections, e.publish_rps, e.subscribers_per_message,
                      e.deliveries_rps, e.mbps_per_replica, e.connections_per_replica,
                      e.connections_after_loss, mib(e.queue_memory_bytes),
                      mib(e.history_memory_bytes),
                      e.over_connection_limit ? "  << above 100k connections per replica"
                                              : "");
        out += line;
        for (const RealtimeClassEstimate &c : e.classes) {
            std::snprintf(line, sizeof line,
                          "  class %-12s %9.0f conns at %.0f B/s; busiest gets %.0f B/s%s",
                          c.name.c_str(), c.connections, c.bytes_per_s, c.inbound_bps,
                          c.slow ? ": slow" : "");
            out += line;
            if (c.slow && std::isfinite(c.time_to_limit_s)) {
                std::snprintf(line, sizeof line, ", queue full after %.1f s\n",
                              c.time_to_limit_s);
                out += line;
            } else {
                out += "\n";
            }
        }
    }
    return out;
}

} // namespace archsim::model
