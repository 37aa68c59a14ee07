#include "kafka.h"

#include <algorithm>
#include <cmath>

namespace archsim::exporters::kafka {

Topic topicOf(const model::Component &stream, int brokers)
{
    const auto s = stream.stream.value_or(model::StreamSettings{});
    Topic t;
    t.name = stream.id; // ids are [a-z0-9-], valid Kafka topic names
    t.partitions = std::max(1, s.partitions);
    t.replicationFactor = std::clamp(s.replication_factor, 1, std::max(1, brokers));
    t.retentionMs = s.retention_s > 0 ? static_cast<int64_t>(std::llround(s.retention_s * 1000))
                                      : -1;
    t.retentionBytes = s.retention_bytes > 0 ? s.retention_bytes : -1;
    t.minInsyncReplicas = std::min(2, t.replicationFactor);
    return t;
}

std::vector<std::string> createTopicCommand(const Topic &topic, const std::string &bootstrap)
{
    std::vector<std::string> cmd{"/opt/kafka/bin/kafka-topics.sh",
                                 "--bootstrap-server", bootstrap,
                                 "--create", "--if-not-exists",
                                 "--topic", topic.name,
                                 "--partitions", std::to_string(topic.partitions),
                                 "--replication-factor", std::to_string(topic.replicationFactor),
                                 "--config", "retention.ms=" + std::to_string(topic.retentionMs)};
    if (topic.retentionBytes > 0) {
        cmd.push_back("--config");
        cmd.push_back("retention.bytes=" + std::to_string(topic.retentionBytes));
    }
    cmd.push_back("--config");
    cmd.push_back("min.insync.replicas=" + std::to_string(topic.minInsyncReplicas));
    return cmd;
}

namespace {

uint32_t fnv1a(std::string_view text, uint32_t h)
{
    for (unsigned char ch : text) {
        h ^= ch;
        h *= 16777619u;
    }
    return h;
}

} // namespace

std::string clusterId(std::string_view seed)
{
    uint8_t bytes[16];
    for (int i = 0; i < 4; ++i) {
        // Four differently seeded hashes fill the 16 bytes.
        const uint32_t h = fnv1a(seed, 2166136261u ^ (0x9e3779b9u * static_cast<uint32_t>(i + 1)));
        for (int b = 0; b < 4; ++b)
            bytes[i * 4 + b] = static_cast<uint8_t>(h >> (8 * b));
    }
    bytes[0] |= 0x40; // never one of Kafka's reserved ids (all zero, or zero but the last bit)
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (uint8_t b : bytes) {
        buffer = (buffer << 8) | b;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0)
        out += alphabet[(buffer << (6 - bits)) & 0x3f];
    return out; // 128 bits: 22 characters, unpadded like Kafka's Uuid.toString()
}

Env brokerEnv(int port, int brokers, const std::string &clusterId, int memoryMib)
{
    const int internalRf = std::clamp(brokers, 1, 3);
    const int heap = std::max(256, memoryMib / 2);
    return {
        {"KAFKA_PROCESS_ROLES", "broker,controller"},
        {"KAFKA_LISTENERS", "PLAINTEXT://:" + std::to_string(port)
                                + ",CONTROLLER://:" + std::to_string(kControllerPort)},
        {"KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"},
        {"KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"},
        {"KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT"},
        {"CLUSTER_ID", clusterId},
        {"KAFKA_LOG_DIRS", "/var/lib/kafka/data/logs"},
        {"KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false"}, // topics are created as declared
        {"KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", std::to_string(internalRf)},
        {"KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", std::to_string(internalRf)},
        {"KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", std::to_string(std::min(2, internalRf))},
        {"KAFKA_HEAP_OPTS", "-Xms" + std::to_string(heap) + "m -Xmx" + std::to_string(heap)
                                + "m"},
    };
}

double retainedBytesPerBroker(const model::Component &stream, double publishRps, int brokers)
{
    const auto s = stream.stream.value_or(model::StreamSettings{});
    const double copies = static_cast<double>(std::clamp(s.replication_factor, 1,
                                                         std::max(1, brokers)))
        / std::max(1, brokers);
    double bytes = 0;
    if (s.retention_s > 0 && publishRps > 0)
        bytes = publishRps * static_cast<double>(s.message_bytes) * s.retention_s * copies;
    if (s.retention_bytes > 0) {
        const double cap = static_cast<double>(s.retention_bytes) * std::max(1, s.partitions)
            * copies;
        bytes = bytes > 0 ? std::min(bytes, cap) : cap;
    }
    return bytes;
}

} // namespace archsim::exporters::kafka
