#include "archsim/exporters/deployspec.h"

#include "archsim/exporters/redisconf.h"

#include <algorithm>
#include <cstdint>

namespace archsim::exporters {

using model::ComponentKind;

Hosting hostingOf(const model::Component &c)
{
    if (c.deploy.hosting == "managed")
        return Hosting::Managed;
    if (c.deploy.hosting == "external")
        return Hosting::External;
    return Hosting::Cluster;
}

bool hasExplicitTag(std::string_view image)
{
    if (image.find('@') != std::string_view::npos)
        return true; // a digest pins the image exactly
    const auto slash = image.rfind('/');
    const auto colon = image.rfind(':');
    if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash))
        return false;
    const auto tag = image.substr(colon + 1);
    return !tag.empty() && tag != "latest";
}

namespace {

void applyOverrides(const model::Component &c, DeploySpec &s)
{
    if (!c.deploy.image.empty())
        s.image = c.deploy.image;
    if (c.deploy.port > 0)
        s.port = c.deploy.port;
    if (c.deploy.cpu_millis > 0)
        s.cpuMillis = c.deploy.cpu_millis;
    if (c.deploy.memory_mib > 0)
        s.memoryMib = c.deploy.memory_mib;
    if (!c.deploy.health_path.empty()) {
        s.httpProbe = true;
        s.healthPath = c.deploy.health_path;
    }
}

int cacheMemoryMib(const model::Component &c)
{
    const int64_t bytes = redisMaxMemoryBytes(c);
    const int64_t mib = (bytes + (1 << 20) - 1) >> 20;
    // Redis needs headroom over maxmemory for buffers and fragmentation.
    return static_cast<int>(std::clamp<int64_t>(mib * 5 / 4 + 32, 64, 1 << 20));
}

} // namespace

DeploySpec deploySpec(const model::Component &c, std::string_view registry, std::string_view tag)
{
    DeploySpec s;
    s.hosting = hostingOf(c);
    const std::string id = dnsLabel(c.id);
    switch (c.kind) {
    case ComponentKind::Client:
    case ComponentKind::Cdn:
    case ComponentKind::External:
        s.workload = Workload::None;
        s.hosting = Hosting::External;
        s.port = 443;
        s.portName = "https";
        break;
    case ComponentKind::Stream:
        if (s.hosting != Hosting::Cluster) {
            // A managed or external log (MSK, Confluent Cloud, Kinesis): callers get egress.
            s.workload = Workload::None;
            s.hosting = Hosting::External;
            s.port = 443;
            s.portName = "https";
            break;
        }
        // A Kafka cluster in KRaft mode (docs/deploy.md): brokers with the controller role.
        s.workload = Workload::Stateful;
        s.image = std::string(kKafkaImage);
        s.port = 9092;
        s.portName = "kafka";
        s.cpuMillis = 1000;
        s.memoryMib = 2048;
        s.runAsUser = 1000; // the apache/kafka image's appuser
        s.dataPath = "/var/lib/kafka/data";
        break;
    case ComponentKind::LoadBalancer:
        s.workload = Workload::Stateless;
        s.image = "docker.io/envoyproxy/envoy:v1.30.2";
        s.port = 8080;
        s.portName = "http";
        s.cpuMillis = 250;
        s.memoryMib = 128;
        s.runAsUser = 101; // the envoy image's user
        break;
    case ComponentKind::Gateway:
    case ComponentKind::Service:
    case ComponentKind::Worker:
    case ComponentKind::Job: // k8s: a CronJob when scheduled (k8s_workload.cpp)
    // A realtime gateway runs as the team's own image for now (docs/realtime.md, Limits).
    case ComponentKind::Realtime:
        s.workload = Workload::Stateless;
        // A short repository name keeps the manifest line under 80 columns.
        s.image = std::string(registry) + "/" + dnsLabel(c.id, 32) + ":" + std::string(tag);
        s.port = 8080;
        s.portName = "http";
        s.cpuMillis = 250;
        s.memoryMib = 256;
        break;
    case ComponentKind::Database:
        s.workload = Workload::Stateful;
        s.cpuMillis = 1000;
        s.memoryMib = 2048;
        s.runAsUser = 999; // the official images' postgres / mysql user
        if (c.engine == model::DbEngine::Mysql) {
            s.image = "docker.io/library/mysql:8.4.0";
            s.port = 3306;
            s.portName = "mysql";
            s.dataPath = "/var/lib/mysql";
        } else if (c.engine == model::DbEngine::Postgres) {
            s.image = "docker.io/library/postgres:16.3";
            s.port = 5432;
            s.portName = "postgres";
            s.dataPath = "/var/lib/postgresql/data";
        } else {
            s.workload = Workload::None; // sqlite lives inside its callers
            s.hosting = Hosting::External;
        }
        break;
    case ComponentKind::Cache:
        s.workload = Workload::Stateful;
        s.image = "docker.io/library/redis:7.2.5";
        s.port = 6379;
        s.portName = "redis";
        s.cpuMillis = 250;
        s.memoryMib = cacheMemoryMib(c);
        s.runAsUser = 999;
        s.dataPath = "/data";
        break;
    case ComponentKind::Queue:
        s.workload = Workload::Stateful;
        s.image = "docker.io/library/rabbitmq:3.13.3";
        s.port = 5672;
        s.portName = "amqp";
        s.cpuMillis = 500;
        s.memoryMib = 512;
        s.runAsUser = 999;
        s.dataPath = "/var/lib/rabbitmq";
        break;
    }
    applyOverrides(c, s);
    if (s.hosting != Hosting::Cluster)
        s.workload = Workload::None;
    return s;
}

namespace {

uint32_t fnv1a(std::string_view text)
{
    uint32_t h = 2166136261u;
    for (unsigned char ch : text) {
        h ^= ch;
        h *= 16777619u;
    }
    return h;
}

std::string hex6(uint32_t h)
{
    static const char digits[] = "0123456789abcdef";
    std::string out(6, '0');
    for (int i = 5; i >= 0; --i, h >>= 4)
        out[static_cast<size_t>(i)] = digits[h & 0xf];
    return out;
}

bool isAlnumLower(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); }

} // namespace

std::string dnsLabel(std::string_view text, size_t maxLen)
{
    std::string out;
    bool changed = false;
    for (char raw : text) {
        char ch = raw;
        if (ch >= 'A' && ch <= 'Z') {
            ch = static_cast<char>(ch - 'A' + 'a');
            changed = true;
        }
        if (isAlnumLower(ch) || ch == '-') {
            out += ch;
        } else {
            changed = true;
            if (!out.empty() && out.back() != '-')
                out += '-';
        }
    }
    const size_t before = out.size();
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    size_t start = 0;
    while (start < out.size() && out[start] == '-')
        ++start;
    out.erase(0, start);
    changed = changed || out.size() != before;
    maxLen = std::max<size_t>(maxLen, 8);
    if (out.empty() || changed || out.size() > maxLen) {
        // Keep a hash of the original so that "a b" and "a-b" do not collide.
        const std::string suffix = hex6(fnv1a(text));
        out.resize(std::min(out.size(), maxLen - 7));
        while (!out.empty() && out.back() == '-')
            out.pop_back();
        out += (out.empty() ? "x-" : "-") + suffix;
    }
    return out;
}

std::string labelValue(std::string_view text)
{
    std::string out;
    for (char ch : text) {
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
            || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
        if (ok)
            out += ch;
        else if (!out.empty() && out.back() != '-')
            out += '-';
        if (out.size() >= 63)
            break;
    }
    auto alnum = [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    };
    while (!out.empty() && !alnum(out.back()))
        out.pop_back();
    size_t start = 0;
    while (start < out.size() && !alnum(out[start]))
        ++start;
    return out.substr(start);
}

std::string printableText(std::string_view text, size_t maxBytes)
{
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const auto ch = static_cast<unsigned char>(text[i]);
        size_t len = 1;
        if (ch >= 0xf0)
            len = 4;
        else if (ch >= 0xe0)
            len = 3;
        else if (ch >= 0xc0)
            len = 2;
        if (i + len > text.size())
            break; // a truncated sequence at the end
        if (out.size() + len > maxBytes)
            break;
        if (ch < 0x20 || ch == 0x7f)
            out += ' ';
        else
            out.append(text.substr(i, len));
        i += len;
    }
    return out;
}

} // namespace archsim::exporters
