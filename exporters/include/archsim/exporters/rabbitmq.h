#pragma once

// RabbitMQ configuration per queue component (docs/deploy.md, "RabbitMQ"): the queue as the
// model declares it (a quorum queue with its max length, overflow, message TTL, delivery limit
// and dead letters), declared at boot from a definitions file. The file holds the broker's
// credentials, so it is rendered from a template and the environment (the secrets) by a small
// awk program when the container starts: no password is ever written into a manifest.

#include "archsim/model/types.h"

#include <functional>
#include <string>
#include <vector>

namespace archsim::exporters {

// Where the broker reads the rendered definitions (an emptyDir / tmpfs mounted there).
inline constexpr const char *kRabbitDefinitionsDir = "/etc/rabbitmq/definitions";
// The rendered file inside kRabbitDefinitionsDir.
inline constexpr const char *kRabbitDefinitionsFile = "definitions.json";
// Where the ConfigMap (or the compose bind mounts) put the template and the render program.
inline constexpr const char *kRabbitTemplateDir = "/etc/archsim-rabbitmq";

// An environment variable the render step reads: a broker's password from its secret.
struct RabbitEnv {
    std::string name;   // the variable (RABBITMQ_DEFAULT_PASS, ARCHSIM_DLQ_<ID>_PASS)
    std::string broker; // the queue component whose password it is
};

// Everything one broker needs besides its image.
struct RabbitConfig {
    std::string conf;           // a conf.d fragment: definitions import, consumer timeout
    std::string enabledPlugins; // the enabled_plugins file (Erlang term)
    std::string definitions;    // definitions.json template, @ENV:X@ / @URI:X@ placeholders
    std::string renderAwk;      // awk program: template + environment -> definitions.json
    std::string startScript;    // compose's entrypoint: render, then the image's entrypoint
    std::vector<RabbitEnv> env; // the passwords the render step reads, besides its own user
    std::vector<std::string> notes; // where RabbitMQ differs from the model (also warnings)
};

// The user a queue component's broker creates: its RABBITMQ_DEFAULT_USER, else "archsim".
std::string rabbitUser(const model::Component &queue);

// The secret that holds a queue broker's password: the model's RABBITMQ_DEFAULT_PASS secret,
// else its first password secret, else {RABBITMQ_DEFAULT_PASS, impliedName, "password"}.
model::SecretRef rabbitPasswordSecret(const model::Component &queue,
                                      const std::string &impliedName);

// The queue component a queue's broker moves its dead letters to (a shovel to that broker), or
// empty: its consumers' dead-letter target when that is a queue (the first consume link's).
std::string rabbitDeadLetterQueue(const model::Model &model, const model::Component &queue);

// Returns the configuration of one queue component's broker. host(id) names the network
// address of another queue component's broker (its Service or compose service), used by the
// shovel that moves dead letters to a dead-letter queue that runs as its own broker.
RabbitConfig rabbitmqConfig(const model::Model &model, const model::Component &queue,
                            const std::function<std::string(const std::string &id)> &host);

} // namespace archsim::exporters
