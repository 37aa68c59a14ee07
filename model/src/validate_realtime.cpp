#include "validate_realtime.h"

#include "archsim/model/realtimevalidate.h"

namespace archsim::model::detail {

namespace {

void checkRealtimeSettings(const std::string &rp, const std::string &who,
                           const RealtimeSettings &r, const ErrorSink &error)
{
    checkRange(error, rp + "/connections", double(r.connections), 1, 1e8, "connections");
    checkRange(error, rp + "/channels", double(r.channels), 1, 1e9, "channels");
    checkRange(error, rp + "/channel_zipf", r.channel_zipf, 0, 10, "channel_zipf");
    checkRange(error, rp + "/subscriptions", r.subscriptions, 1, 1000, "subscriptions");
    if (r.subscriptions > r.channels)
        error(rp + "/subscriptions", who + "each connection subscribes to " +
                                         std::to_string(r.subscriptions) +
                                         " channels; the gateway has " +
                                         std::to_string(r.channels));
    checkRange(error, rp + "/queue_messages", double(r.queue_messages), 0, 1e9,
               "queue_messages");
    checkRange(error, rp + "/queue_bytes", double(r.queue_bytes), 0, 1e12, "queue_bytes");
    checkRange(error, rp + "/history_size", double(r.history_size), 0, 1e9, "history_size");
    checkRange(error, rp + "/history_ttl_s", r.history_ttl_s, 0, 1e8, "history_ttl_s");
    checkRange(error, rp + "/reconnect_delay_s", r.reconnect_delay_s, 0, 3600,
               "reconnect_delay_s");
    checkRange(error, rp + "/reconnect_max_delay_s", r.reconnect_max_delay_s, 0, 86400,
               "reconnect_max_delay_s");
    if (r.reconnect_max_delay_s < r.reconnect_delay_s)
        error(rp + "/reconnect_max_delay_s",
              who + "the backoff cap is below the first reconnect delay");
    checkRange(error, rp + "/message_bytes", double(r.message_bytes), 1, 1e9, "message_bytes");
    if (r.message_bytes > r.queue_bytes && r.queue_bytes > 0)
        error(rp + "/queue_bytes", who + "an outbound queue of " +
                                       std::to_string(r.queue_bytes) +
                                       " bytes cannot hold one message of " +
                                       std::to_string(r.message_bytes));
    for (size_t i = 0; i < r.client_rates.size(); ++i) {
        const ClientRate &c = r.client_rates[i];
        const std::string cp = rp + "/client_rates/" + std::to_string(i);
        checkRange(error, cp + "/share", c.share, 0, 1e9, "share");
        checkRange(error, cp + "/bytes_per_s", c.bytes_per_s, 1, 1e12, "bytes_per_s");
    }
    double total = 0;
    for (const ClientRate &c : r.client_rates)
        total += c.share;
    if (!r.client_rates.empty() && !(total > 0))
        error(rp + "/client_rates", who + "the client rates' shares sum to zero");
}

} // namespace

void checkRealtimeComponent(const std::string &p, const Component &c, const ErrorSink &error)
{
    const std::string who = "component '" + c.id + "': ";
    if (c.realtime) {
        if (c.kind != ComponentKind::Realtime)
            error(p + "/realtime", who + "realtime settings belong to a component of kind "
                                         "realtime, not " + toString(c.kind));
        checkRealtimeSettings(p + "/realtime", who, *c.realtime, error);
    }
    if (c.pubsub) {
        const std::string pp = p + "/pubsub";
        if (c.kind != ComponentKind::Cache && c.kind != ComponentKind::Cdn)
            error(pp, who + "pub/sub invalidation belongs to a cache, not " +
                          toString(c.kind));
        else if (c.invalidation != Invalidation::DeleteOnWrite)
            error(pp, who + "pub/sub delivers deletes: it needs invalidation delete_on_write, "
                            "not " + toString(c.invalidation));
        checkRange(error, pp + "/delay_ms", c.pubsub->delay_ms, 0, 3.6e6, "delay_ms");
        checkRange(error, pp + "/loss", c.pubsub->loss, 0, 1, "loss");
    }
}

} // namespace archsim::model::detail

namespace archsim::model {

Diagnostics validateRealtimeSettings(const Component &c)
{
    Diagnostics out;
    detail::checkRealtimeComponent("", c, [&out](std::string place, std::string message) {
        Diagnostic d;
        d.place = std::move(place);
        d.message = std::move(message);
        out.push_back(std::move(d));
    });
    return out;
}

} // namespace archsim::model
