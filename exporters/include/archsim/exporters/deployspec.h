#pragma once

// What a component becomes when deployed: the effective port, image, resources and hosting,
// with the kind's defaults filled in. Shared by the Kubernetes and compose exporters so that
// both describe the same stack.

#include "archsim/model/types.h"

#include <string>
#include <string_view>

namespace archsim::exporters {

enum class Hosting { Cluster, Managed, External };

enum class Workload {
    None,        // nothing to run: clients, cdns, external systems, managed services, sqlite
    Stateless,   // a Deployment (services, gateways, workers, load balancers)
    Stateful,    // a StatefulSet (databases, caches, queues and streams run in the cluster)
};

// The official Kafka image (KRaft mode) that a stream run in the cluster becomes.
inline constexpr std::string_view kKafkaImage = "docker.io/apache/kafka:3.8.0";

struct DeploySpec {
    Workload workload = Workload::None;
    Hosting hosting = Hosting::Cluster;
    std::string image;      // always with an explicit tag when derived
    int port = 0;           // the port callers connect to
    std::string portName;   // IANA service name of the port ("http", "postgres", ...)
    int cpuMillis = 0;      // request
    int memoryMib = 0;      // request
    int runAsUser = 10001;  // numeric uid so that runAsNonRoot can be checked
    std::string dataPath;   // stateful: where the volume is mounted
    bool httpProbe = false; // readiness/liveness over HTTP on health path
    std::string healthPath;
};

// Returns the deployment facts of a component with the kind's defaults applied. `registry`
// prefixes derived images of services ("registry.example.com/shop"), `tag` is their tag.
DeploySpec deploySpec(const model::Component &c, std::string_view registry,
                      std::string_view tag);

// Returns the hosting named by deploy.hosting ("cluster" when empty or unknown).
Hosting hostingOf(const model::Component &c);

// Returns true when an image reference names an explicit tag or digest (not ":latest").
bool hasExplicitTag(std::string_view image);

// Returns a valid DNS-1123 label (lowercase alphanumerics and '-', at most `maxLen`
// characters, starting and ending alphanumeric) made from arbitrary text; long names keep a
// short stable hash suffix so that two different inputs stay different. Never empty.
std::string dnsLabel(std::string_view text, size_t maxLen = 63);

// Returns a valid Kubernetes label value (at most 63 of [A-Za-z0-9_.-], alphanumeric at both
// ends, or empty) made from arbitrary text.
std::string labelValue(std::string_view text);

// Returns `text` cut to at most `maxBytes` bytes without splitting a UTF-8 sequence, with
// control characters replaced by spaces.
std::string printableText(std::string_view text, size_t maxBytes);

} // namespace archsim::exporters
