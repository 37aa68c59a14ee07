// A stream run in the cluster becomes a Kafka cluster in KRaft mode (docs/deploy.md): the
// brokers (with the controller role) are the pods of the StatefulSet k8s_workload.cpp writes;
// this file adds their environment, the headless and client Services, the disruption budget,
// the Job that creates the topic as declared, and the policies that let the brokers and that
// Job talk. The links' own policies come from k8s_network.cpp like any other component's.

#include "k8s_internal.h"

#include "kafka.h"

#include "archsim/model/streamanalytic.h"

#include <algorithm>
#include <cmath>

namespace archsim::exporters::k8s {

namespace {

int brokersOf(const model::Component &c) { return std::max(1, c.replicas); }

std::string topicsJobName(const Context &ctx, const model::Component &c)
{
    return ctx.name(c.id) + "-topics";
}

Node envEntry(const std::string &name, const std::string &value)
{
    Node e = Node::map();
    e["name"] = name;
    e["value"] = value;
    return e;
}

Node fieldEnv(const std::string &name, const std::string &fieldPath)
{
    Node e = Node::map();
    e["name"] = name;
    e["valueFrom"]["fieldRef"]["fieldPath"] = fieldPath;
    return e;
}

Node tcpPort(const char *name, int port, bool named)
{
    Node p = Node::map();
    p["name"] = name;
    p["port"] = port;
    if (named)
        p["targetPort"] = name;
    p["protocol"] = "TCP";
    return p;
}

Node service(const Context &ctx, const model::Component &c, const std::string &name,
             bool headless)
{
    const auto &spec = ctx.spec(c.id);
    Node d = Node::map();
    d["apiVersion"] = "v1";
    d["kind"] = "Service";
    d["metadata"] = metadata(ctx, c, name);
    Node &s = d["spec"];
    if (headless) {
        s["clusterIP"] = "None";
        // The controllers must find each other before any of them is ready (the quorum).
        s["publishNotReadyAddresses"] = true;
    } else {
        s["type"] = "ClusterIP";
    }
    s["selector"] = selectorLabels(ctx, ctx.name(c.id));
    s["ports"].push(tcpPort(spec.portName.c_str(), spec.port, true));
    if (headless)
        s["ports"].push(tcpPort("controller", kafka::kControllerPort, true));
    return d;
}

Node disruptionBudget(Context &ctx, const model::Component &c)
{
    const auto topic = kafka::topicOf(c, brokersOf(c));
    // One broker down leaves replication_factor - 1 copies of its partitions; the budget
    // never lets that fall below min.insync.replicas.
    const int room = std::clamp(topic.replicationFactor - topic.minInsyncReplicas, 0, 1);
    if (room == 0)
        ctx.warn("/components/" + c.id + "/stream/replication_factor",
                 "'" + c.id + "' keeps " + std::to_string(topic.replicationFactor)
                     + " cop" + (topic.replicationFactor == 1 ? "y" : "ies")
                     + " of each partition: its PodDisruptionBudget allows no voluntary "
                       "eviction (a drain waits); a replication_factor of 3 allows one");
    Node d = Node::map();
    d["apiVersion"] = "policy/v1";
    d["kind"] = "PodDisruptionBudget";
    d["metadata"] = metadata(ctx, c, ctx.name(c.id));
    d["spec"]["maxUnavailable"] = room;
    d["spec"]["selector"]["matchLabels"] = selectorLabels(ctx, ctx.name(c.id));
    return d;
}

Node jobLabels(const Context &ctx, const model::Component &c, const std::string &name)
{
    Node l = labels(ctx, c);
    l["app.kubernetes.io/name"] = name;
    l["app.kubernetes.io/component"] = "kafka-topics";
    return l;
}

Node topicsJob(const Context &ctx, const model::Component &c)
{
    const auto &spec = ctx.spec(c.id);
    const std::string name = topicsJobName(ctx, c);
    const auto topic = kafka::topicOf(c, brokersOf(c));
    Node container = Node::map();
    container["name"] = "create-topics";
    container["image"] = spec.image;
    container["imagePullPolicy"] = "Always"; // kube-score, Polaris: pull secrets re-checked
    // Exec form: the topic name and its settings reach kafka-topics.sh as arguments.
    container["command"] = Node::strings(kafka::createTopicCommand(
        topic, ctx.name(c.id) + "." + ctx.ns + ".svc:" + std::to_string(spec.port)));
    container["env"].push(envEntry("KAFKA_HEAP_OPTS", "-Xms128m -Xmx128m"));
    container["resources"]["requests"]["cpu"] = "100m";
    container["resources"]["requests"]["memory"] = "256Mi";
    container["resources"]["limits"]["cpu"] = "500m";
    container["resources"]["limits"]["memory"] = "256Mi";
    container["securityContext"] = containerSecurityContext();
    Node job = Node::map();
    job["apiVersion"] = "batch/v1";
    job["kind"] = "Job";
    job["metadata"] = metadata(ctx, c, name);
    job["metadata"]["labels"] = jobLabels(ctx, c, name);
    Node &s = job["spec"];
    // The brokers may still be electing their controller: retry with the Job's back-off.
    s["backoffLimit"] = 10;
    s["activeDeadlineSeconds"] = 1800;
    Node &pt = s["template"];
    pt["metadata"]["labels"] = jobLabels(ctx, c, name);
    Node &pod = pt["spec"];
    pod = jobPodSpec(spec);
    for (const char *vol : {"tmp", "logs"}) {
        Node m = Node::map();
        m["name"] = vol;
        m["mountPath"] = std::string(vol) == "tmp" ? "/tmp" : "/opt/kafka/logs";
        container["volumeMounts"].push(m);
        Node v = Node::map();
        v["name"] = vol;
        v["emptyDir"] = Node::map();
        pod["volumes"].push(v);
    }
    pod["containers"].push(container);
    return job;
}

} // namespace

bool runsKafka(const Context &ctx, const model::Component &c)
{
    return c.kind == model::ComponentKind::Stream
        && ctx.spec(c.id).workload == Workload::Stateful;
}

std::string kafkaHeadlessName(const Context &ctx, const model::Component &c)
{
    return ctx.name(c.id) + "-brokers";
}

std::vector<Node> kafkaEnv(const Context &ctx, const model::Component &c)
{
    const auto &spec = ctx.spec(c.id);
    const int brokers = brokersOf(c);
    const std::string domain = kafkaHeadlessName(ctx, c) + "." + ctx.ns + ".svc";
    std::vector<Node> env;
    env.push_back(fieldEnv("POD_NAME", "metadata.name"));
    // The StatefulSet's pod index (a label since Kubernetes 1.28) is the KRaft node id.
    env.push_back(fieldEnv("KAFKA_NODE_ID", "metadata.labels['apps.kubernetes.io/pod-index']"));
    std::string voters;
    for (int i = 0; i < brokers; ++i)
        voters += (i ? "," : "") + std::to_string(i) + "@" + ctx.name(c.id) + "-"
            + std::to_string(i) + "." + domain + ":" + std::to_string(kafka::kControllerPort);
    env.push_back(envEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", voters));
    // Kubernetes expands $(POD_NAME): each broker advertises its own stable DNS name.
    env.push_back(envEntry("KAFKA_ADVERTISED_LISTENERS",
                           "PLAINTEXT://$(POD_NAME)." + domain + ":" + std::to_string(spec.port)));
    const auto topic = kafka::topicOf(c, brokers);
    env.push_back(envEntry("KAFKA_DEFAULT_REPLICATION_FACTOR",
                           std::to_string(topic.replicationFactor)));
    env.push_back(envEntry("KAFKA_MIN_INSYNC_REPLICAS", std::to_string(topic.minInsyncReplicas)));
    for (const auto &[k, v] :
         kafka::brokerEnv(spec.port, brokers, kafka::clusterId(ctx.ns + "/" + c.id),
                          spec.memoryMib))
        env.push_back(envEntry(k, v));
    return env;
}

int kafkaStorageGi(const Context &ctx, const model::Component &c)
{
    double rps = 0;
    for (const auto &e : model::estimateStreams(ctx.model, model::estimate(ctx.model)))
        if (e.source == c.id)
            rps = std::max(rps, e.publish_rps);
    const double bytes = kafka::retainedBytesPerBroker(c, rps, brokersOf(c));
    if (bytes <= 0)
        return kKafkaDefaultStorageGi;
    // A quarter more for the open segments and the compaction of the internal topics.
    const double gi = std::ceil(bytes * 1.25 / (1024.0 * 1024 * 1024));
    return static_cast<int>(std::clamp(gi, 10.0, 65536.0));
}

std::vector<Node> kafkaDocuments(Context &ctx, const model::Component &c)
{
    std::vector<Node> docs;
    docs.push_back(service(ctx, c, kafkaHeadlessName(ctx, c), true));
    docs.push_back(service(ctx, c, ctx.name(c.id), false));
    if (brokersOf(c) >= 2)
        docs.push_back(disruptionBudget(ctx, c));
    else
        ctx.warn("/components/" + c.id,
                 "'" + c.id + "' runs one broker: no PodDisruptionBudget (a drain stops it)");
    docs.push_back(topicsJob(ctx, c));
    return docs;
}

std::vector<Node> kafkaPolicies(Context &ctx)
{
    std::vector<Node> docs;
    for (const auto &c : ctx.model.components) {
        if (!runsKafka(ctx, c))
            continue;
        const std::string name = ctx.name(c.id);
        const std::string job = topicsJobName(ctx, c);
        const std::string port = ctx.spec(c.id).portName;
        // Replication and the controller quorum: the brokers talk to each other only.
        const std::vector<std::string> both{port, "controller"};
        for (const bool in : {true, false})
            docs.push_back(purposePolicy(ctx, name + (in ? "-brokers-ingress" : "-brokers-egress"),
                                         "kafka-brokers", name, name, both, in));
        docs.push_back(purposePolicy(ctx, job + "-egress", "kafka-topics", job, name, {port},
                                     false));
        docs.push_back(purposePolicy(ctx, job + "-ingress", "kafka-topics", name, job, {port},
                                     true));
    }
    return docs;
}

} // namespace archsim::exporters::k8s
