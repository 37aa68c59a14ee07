#pragma once

// What a stream becomes as a Kafka cluster in KRaft mode, shared by the Kubernetes and compose
// exporters (docs/deploy.md): the topic it declares, the broker settings of the official
// apache/kafka image (its documented KAFKA_* environment variables) and the disk it needs.

#include "archsim/model/types.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace archsim::exporters::kafka {

using Env = std::vector<std::pair<std::string, std::string>>;

// The port of the KRaft controller listener (brokers carry the controller role too).
inline constexpr int kControllerPort = 9093;

// A topic as kafka-topics.sh creates it.
struct Topic {
    std::string name;
    int partitions = 1;
    int replicationFactor = 1;
    int64_t retentionMs = -1;    // -1 = kept forever
    int64_t retentionBytes = -1; // per partition; -1 = no size limit
    int minInsyncReplicas = 1;   // min(2, replication factor)
};

// Returns the topic a stream declares, named after the stream, with its replication factor
// capped at `brokers` (a single local broker holds one copy).
Topic topicOf(const model::Component &stream, int brokers);

// Returns the argument vector of kafka-topics.sh that creates the topic if it is missing
// (exec form: no shell reads any of it).
std::vector<std::string> createTopicCommand(const Topic &topic, const std::string &bootstrap);

// Returns a stable KRaft cluster id (22 characters of base64url, 16 bytes) derived from
// `seed`, so that regenerating the manifests keeps the id the brokers' storage was formatted
// with.
std::string clusterId(std::string_view seed);

// Returns the broker settings shared by every export: combined broker and controller roles,
// the listeners on `port` and kControllerPort, the cluster id, no topic auto-creation, the
// replication of the internal topics for `brokers` brokers, and a heap of half `memoryMib`.
Env brokerEnv(int port, int brokers, const std::string &clusterId, int memoryMib);

// Returns the bytes one broker keeps: publish rate x message size x retention x replication
// / brokers, capped by retention_bytes x partitions x replication / brokers; 0 when the
// model gives no finite figure (no publish rate, or kept forever without a size limit).
double retainedBytesPerBroker(const model::Component &stream, double publishRps, int brokers);

} // namespace archsim::exporters::kafka
