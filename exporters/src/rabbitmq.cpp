#include "archsim/exporters/rabbitmq.h"

#include "archsim/exporters/deployspec.h"
#include "archsim/model/validate.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <sstream>

namespace archsim::exporters {

using model::ComponentKind;
using model::LinkKind;
using Json = nlohmann::ordered_json;

namespace {

// RabbitMQ refuses a message TTL above 2^32 - 1 ms (about 49.7 days).
constexpr int64_t kMaxTtlMs = 4294967295LL;
constexpr int kAmqpPort = 5672;

// Replaces @ENV:NAME@ by the variable, escaped for a JSON string, and @URI:NAME@ by the
// variable percent-encoded for a URI's user-info (then JSON-safe too). Byte-wise (LC_ALL=C),
// POSIX awk only (mawk in the image): no gensub, no regex in the replacement.
const char *const kRenderAwk = R"(# ArchSim: renders the RabbitMQ definitions from the environment.
# Usage: LC_ALL=C awk -v out=FILE -f render.awk TEMPLATE
BEGIN { for (i = 0; i < 256; i++) ord[sprintf("%c", i)] = i }
function json(s,    o, i, c) {
    o = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\\" || c == "\"") o = o "\\" c
        else if (ord[c] < 32) o = o sprintf("\\u%04x", ord[c])
        else o = o c
    }
    return o
}
function uri(s,    o, i, c) {
    o = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c ~ /[A-Za-z0-9._~-]/) o = o c
        else o = o sprintf("%%%02X", ord[c])
    }
    return o
}
{
    line = $0
    done = ""
    while (match(line, /@(ENV|URI):[A-Z0-9_]+@/)) {
        name = substr(line, RSTART + 5, RLENGTH - 6)
        if (!(name in ENVIRON) || ENVIRON[name] == "") {
            print "render.awk: " name " is not set" > "/dev/stderr"
            failed = 1
        }
        v = ENVIRON[name]
        kind = substr(line, RSTART + 1, 3)
        v = kind == "ENV" ? json(v) : uri(v)
        done = done substr(line, 1, RSTART - 1) v
        line = substr(line, RSTART + RLENGTH)
    }
    print done line > out
}
END { close(out); if (failed) exit 1 }
)";

std::string pctEncode(const std::string &text)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '.' || c == '_' || c == '~' || c == '-') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// The dead-letter target's variable in the render step: ARCHSIM_DLQ_<ID>_PASS.
std::string dlqPasswordVar(const std::string &id)
{
    std::string name = model::envName("ARCHSIM_DLQ_" + id + "_PASS");
    for (char &ch : name) // ids are lower case; the render step matches [A-Z0-9_]
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return name;
}

std::string overflowName(model::Overflow o)
{
    switch (o) {
    case model::Overflow::DropOldest:
        return "drop-head";
    case model::Overflow::Reject:
    case model::Overflow::Block:
        break;
    }
    return "reject-publish";
}

// The queue's own arguments: what a quorum queue can hold of the model's settings.
Json queueArguments(const model::Component &q, std::vector<std::string> &notes)
{
    Json args = Json::object();
    args["x-queue-type"] = "quorum";
    const auto &s = q.queue ? *q.queue : model::QueueSettings{};
    if (s.max_length > 0) {
        args["x-max-length"] = s.max_length;
        args["x-overflow"] = overflowName(s.overflow);
        if (s.overflow == model::Overflow::Block)
            notes.push_back("queue '" + q.id + "': RabbitMQ cannot block a publisher per queue; "
                            "'reject-publish' nacks the message instead, so publishers must use "
                            "confirms and retry (that wait is the model's 'block')");
    }
    if (s.retention_s > 0) {
        const double ms = std::ceil(s.retention_s * 1000.0);
        const int64_t ttl = ms > double(kMaxTtlMs) ? kMaxTtlMs : static_cast<int64_t>(ms);
        args["x-message-ttl"] = ttl;
        if (ms > double(kMaxTtlMs))
            notes.push_back("queue '" + q.id + "': retention " + std::to_string(s.retention_s)
                            + " s exceeds RabbitMQ's largest message TTL; 4294967295 ms set");
    }
    return args;
}

// The consume link whose dead-letter route the queue takes: competing consumers of one queue
// share one route, the first link's.
const model::Link *routeLink(const model::Model &model, const model::Component &q,
                             std::vector<std::string> *notes)
{
    const model::Link *consume = nullptr;
    for (const auto &l : model.links) {
        if (l.kind != LinkKind::Consume || l.to != q.id || !l.consume
            || l.consume->dead_letter.empty())
            continue;
        if (!consume) {
            consume = &l;
        } else if (notes && (l.consume->dead_letter != consume->consume->dead_letter
                             || l.consume->max_attempts != consume->consume->max_attempts)) {
            notes->push_back("queue '" + q.id + "': consume links '" + consume->id + "' and '"
                             + l.id + "' ask for different dead letters or attempts; a queue "
                             "has one route, '" + consume->id + "''s is used");
        }
    }
    return consume;
}

const model::Component *componentById(const model::Model &model, const std::string &id)
{
    for (const auto &c : model.components)
        if (c.id == id)
            return &c;
    return nullptr;
}

// One line per top-level key and per array element, compact inside: no line holds a space
// outside its strings, so the file stays readable when a ConfigMap embeds it (YAML linters
// let a long word overflow, not a long sentence).
std::string layout(const Json &defs)
{
    std::string out = "{\n";
    size_t k = 0;
    for (const auto &[key, value] : defs.items()) {
        out += Json(key).dump() + ":[";
        for (size_t i = 0; i < value.size(); ++i)
            out += std::string(i ? ",\n" : "\n") + value[i].dump();
        out += value.empty() ? "]" : "\n]";
        out += ++k < defs.size() ? ",\n" : "\n";
    }
    return out + "}\n";
}

} // namespace

std::string rabbitDeadLetterQueue(const model::Model &model, const model::Component &queue)
{
    const model::Link *l = routeLink(model, queue, nullptr);
    const model::Component *dl = l ? componentById(model, l->consume->dead_letter) : nullptr;
    return dl && dl->kind == ComponentKind::Queue ? dl->id : std::string();
}

model::SecretRef rabbitPasswordSecret(const model::Component &q, const std::string &impliedName)
{
    for (const auto &s : q.deploy.secrets)
        if (model::envName(s.env) == "RABBITMQ_DEFAULT_PASS")
            return s;
    for (const auto &s : q.deploy.secrets)
        if (s.env.find("PASSWORD") != std::string::npos)
            return s;
    return {"RABBITMQ_DEFAULT_PASS", impliedName, "password"};
}

std::string rabbitUser(const model::Component &queue)
{
    for (const auto &[k, v] : queue.deploy.env)
        if (model::envName(k) == "RABBITMQ_DEFAULT_USER" && !v.empty())
            return v;
    return "archsim";
}

RabbitConfig rabbitmqConfig(const model::Model &model, const model::Component &q,
                            const std::function<std::string(const std::string &id)> &host)
{
    RabbitConfig out;
    const auto &settings = q.queue ? *q.queue : model::QueueSettings{};

    const model::Link *consume = routeLink(model, q, &out.notes);
    Json defs = Json::object();
    defs["users"] = Json::array({{{"name", "@ENV:RABBITMQ_DEFAULT_USER@"},
                                  {"password", "@ENV:RABBITMQ_DEFAULT_PASS@"},
                                  {"tags", "administrator"}}});
    defs["vhosts"] = Json::array({{{"name", "/"}}});
    defs["permissions"] = Json::array({{{"user", "@ENV:RABBITMQ_DEFAULT_USER@"},
                                        {"vhost", "/"},
                                        {"configure", ".*"},
                                        {"write", ".*"},
                                        {"read", ".*"}}});
    Json queues = Json::array();
    Json parameters = Json::array();
    Json args = queueArguments(q, out.notes);
    bool shovel = false;
    if (consume) {
        const auto &c = *consume->consume;
        const model::Component *dl = componentById(model, c.dead_letter);
        if (dl && dl->kind == ComponentKind::Queue) {
            // Rejected max_attempts times: dead-lettered through the default exchange into a
            // local queue named after the target, which a shovel empties into the target's
            // own broker (it runs as its own component).
            args["x-delivery-limit"] = std::max(0, c.max_attempts - 1);
            args["x-dead-letter-exchange"] = "";
            args["x-dead-letter-routing-key"] = dl->id;
            Json local = {{"name", dl->id},
                          {"vhost", "/"},
                          {"durable", true},
                          {"auto_delete", false},
                          {"arguments", {{"x-queue-type", "quorum"}}}};
            const std::string var = dlqPasswordVar(dl->id);
            out.env.push_back({var, dl->id});
            const std::string dest = "amqp://" + pctEncode(rabbitUser(*dl)) + ":@URI:" + var
                                     + "@@" + host(dl->id) + ":" + std::to_string(kAmqpPort);
            Json value = {{"src-protocol", "amqp091"},
                          {"src-uri", "amqp://"},
                          {"src-queue", dl->id},
                          {"dest-protocol", "amqp091"},
                          {"dest-uri", dest},
                          {"dest-exchange", ""},
                          {"dest-exchange-key", dl->id},
                          {"ack-mode", "on-confirm"},
                          {"reconnect-delay", 5}};
            parameters.push_back({{"vhost", "/"},
                                  {"component", "shovel"},
                                  {"name", "dead-letters-to-" + dl->id},
                                  {"value", value}});
            queues.push_back({{"name", q.id},
                              {"vhost", "/"},
                              {"durable", true},
                              {"auto_delete", false},
                              {"arguments", args}});
            queues.push_back(local);
            shovel = true;
        } else if (dl) {
            out.notes.push_back("queue '" + q.id + "': dead letters go to '" + dl->id
                                + "', a " + model::toString(dl->kind) + ", which RabbitMQ "
                                "cannot route to: the consumer must publish a message there "
                                "after " + std::to_string(c.max_attempts) + " attempts and "
                                "acknowledge it (no delivery limit is set, so none is lost)");
        }
    }
    if (queues.empty())
        queues.push_back({{"name", q.id},
                          {"vhost", "/"},
                          {"durable", true},
                          {"auto_delete", false},
                          {"arguments", args}});
    defs["queues"] = queues;
    defs["parameters"] = parameters;
    out.definitions = layout(defs);
    out.renderAwk = kRenderAwk;
    out.startScript = std::string("#!/bin/sh\n# ArchSim: render the definitions (tmpfs), then start the broker.\n"
                                  "set -e\numask 077\n")
                      + "LC_ALL=C awk -v out=" + kRabbitDefinitionsDir + "/"
                      + kRabbitDefinitionsFile + " \\\n    -f " + kRabbitTemplateDir
                      + "/render.awk " + kRabbitTemplateDir + "/definitions.json.in\n"
                      + "chown rabbitmq:rabbitmq " + kRabbitDefinitionsDir + "/"
                      + kRabbitDefinitionsFile + "\nexec docker-entrypoint.sh rabbitmq-server\n";

    std::ostringstream conf;
    conf << "# RabbitMQ settings for queue '" << printableText(q.id, 48) << "' (ArchSim).\n"
         << "# The queue and its user are declared at boot from the rendered definitions.\n"
         << "definitions.import_backend = local_filesystem\n"
         << "definitions.local.path = " << kRabbitDefinitionsDir << '/'
         << kRabbitDefinitionsFile << '\n';
    // An unacknowledged delivery is returned to the queue after the visibility timeout: the
    // broker closes the consumer's channel. RabbitMQ checks once a minute by default.
    const double visibilityMs = std::max(1.0, std::round(settings.visibility_timeout_s * 1000));
    conf << "# visibility timeout " << settings.visibility_timeout_s
         << " s: an unacknowledged delivery\n# is returned (checked about once a minute).\n"
         << "consumer_timeout = " << static_cast<int64_t>(visibilityMs) << '\n';
    if (settings.visibility_timeout_s < 60)
        out.notes.push_back("queue '" + q.id + "': RabbitMQ checks consumer timeouts about once "
                            "a minute, so a visibility timeout below 60 s acts up to a minute "
                            "late");
    out.conf = conf.str();
    out.enabledPlugins = shovel ? "[rabbitmq_prometheus,rabbitmq_shovel].\n"
                                : "[rabbitmq_prometheus].\n";
    return out;
}

} // namespace archsim::exporters
