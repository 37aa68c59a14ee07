// Network policies: default deny in both directions, DNS egress, and for every modeled link
// exactly one allow on the side(s) that run in the cluster (a consume link with a dead-letter
// target has a second pair for it), and the subscribers' ingress of each realtime gateway.
// docs/deploy.md explains the direction rules (a queue's consumers connect to it; a cache
// fill is done by its readers).

#include "k8s_internal.h"

#include "archsim/exporters/rabbitmq.h"

#include <algorithm>
#include <set>

namespace archsim::exporters::k8s {

using model::ComponentKind;

namespace {

Node policyBase(const Context &ctx, const std::string &name)
{
    Node d = Node::map();
    d["apiVersion"] = "networking.k8s.io/v1";
    d["kind"] = "NetworkPolicy";
    Node &m = d["metadata"];
    m["name"] = name;
    m["namespace"] = ctx.ns;
    m["labels"]["app.kubernetes.io/part-of"] = ctx.partOf;
    m["labels"]["app.kubernetes.io/managed-by"] = "archsim";
    return d;
}

Node defaultDeny(const Context &ctx)
{
    Node d = policyBase(ctx, "default-deny");
    d["spec"]["podSelector"] = Node::map();
    d["spec"]["policyTypes"] = Node::strings({"Ingress", "Egress"});
    return d;
}

Node dnsEgress(const Context &ctx)
{
    Node d = policyBase(ctx, "allow-dns");
    Node &s = d["spec"];
    s["podSelector"] = Node::map();
    s["policyTypes"] = Node::strings({"Egress"});
    Node peer = Node::map();
    peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] = "kube-system";
    peer["podSelector"]["matchLabels"]["k8s-app"] = "kube-dns";
    Node rule = Node::map();
    rule["to"].push(peer);
    for (const char *proto : {"UDP", "TCP"}) {
        Node p = Node::map();
        p["protocol"] = proto;
        p["port"] = 53;
        rule["ports"].push(p);
    }
    s["egress"].push(rule);
    return d;
}

bool inCluster(const Context &ctx, const std::string &id)
{
    auto it = ctx.specs.find(id);
    return it != ctx.specs.end() && it->second.workload != Workload::None;
}

// A selector of the pods of one or more components.
Node podsSelector(const Context &ctx, const std::vector<std::string> &ids)
{
    Node sel = Node::map();
    if (ids.size() == 1) {
        sel["matchLabels"] = selectorLabels(ctx, ctx.name(ids[0]));
        return sel;
    }
    sel["matchLabels"]["app.kubernetes.io/instance"] = ctx.instance;
    Node expr = Node::map();
    expr["key"] = "app.kubernetes.io/name";
    expr["operator"] = "In";
    std::vector<std::string> names;
    for (const auto &id : ids)
        names.push_back(ctx.name(id));
    expr["values"] = Node::strings(names);
    sel["matchExpressions"].push(expr);
    return sel;
}

Node anywhere()
{
    Node peer = Node::map();
    peer["ipBlock"]["cidr"] = "0.0.0.0/0";
    return peer;
}

Node tcpPort(Node port)
{
    Node p = Node::map();
    p["protocol"] = "TCP";
    p["port"] = std::move(port);
    return p;
}

// Who opens the connection of a link, and to whom.
struct Flow {
    std::vector<std::string> callers; // components whose pods connect
    std::string callee;               // the component that listens
};

Flow flowOf(const Context &ctx, const model::Link &link)
{
    const auto *from = ctx.index.component(link.from);
    if (from && from->kind == ComponentKind::Queue)
        return {{link.to}, link.from}; // consumers connect to the broker
    if (link.kind == model::LinkKind::Fill && from
        && (from->kind == ComponentKind::Cache)) {
        // Cache-aside: the cache's readers load the missing value and store it.
        std::vector<std::string> readers;
        for (int li : ctx.index.inLinks(link.from)) {
            const auto &in = ctx.model.links[static_cast<size_t>(li)];
            if (in.kind != model::LinkKind::Fill
                && std::find(readers.begin(), readers.end(), in.from) == readers.end())
                readers.push_back(in.from);
        }
        if (!readers.empty())
            return {readers, link.to};
    }
    return {{link.from}, link.to};
}

// Names the modeled link a policy allows, one word per annotation (lines stay short). A
// consume link's dead-letter flow names the consumer, the dead-letter target and
// "dead-letter".
void annotateLink(Node &policy, const model::Link &l, const Flow &flow, bool deadLetter)
{
    Node &a = policy["metadata"]["annotations"];
    if (!l.id.empty())
        a["archsim.io/link"] = l.id;
    a["archsim.io/link-from"] = l.from;
    a["archsim.io/link-to"] = deadLetter ? flow.callee : l.to;
    a["archsim.io/link-kind"] = deadLetter ? "dead-letter" : model::toString(l.kind);
}

// True when the consumer's dead letters go from its queue's broker to a queue's broker.
bool brokerMovesDeadLetters(const Context &ctx, const model::Link &consume)
{
    const auto *queue = ctx.index.component(consume.to);
    const auto *target = ctx.index.component(consume.consume->dead_letter);
    return queue && target && queue->kind == ComponentKind::Queue
           && target->kind == ComponentKind::Queue;
}

} // namespace

Node purposePolicy(const Context &ctx, const std::string &policyName, const std::string &purpose,
                   const std::string &selected, const std::string &other,
                   const std::vector<std::string> &ports, bool ingress)
{
    Node d = policyBase(ctx, policyName);
    d["metadata"]["annotations"]["archsim.io/purpose"] = purpose;
    Node &s = d["spec"];
    s["podSelector"]["matchLabels"] = selectorLabels(ctx, selected);
    s["policyTypes"] = Node::strings({ingress ? "Ingress" : "Egress"});
    Node peer = Node::map();
    peer["podSelector"]["matchLabels"] = selectorLabels(ctx, other);
    Node rule = Node::map();
    rule[ingress ? "from" : "to"].push(peer);
    for (const auto &p : ports)
        rule["ports"].push(tcpPort(p));
    s[ingress ? "ingress" : "egress"].push(rule);
    return d;
}

std::vector<Node> networkPolicies(Context &ctx)
{
    std::vector<Node> docs{defaultDeny(ctx), dnsEgress(ctx)};
    std::set<std::string> used{"default-deny", "allow-dns"};
    // NetworkPolicy names are limited to 63 characters; the direction suffix always stays.
    auto uniqueName = [&](const std::string &base, const std::string &suffix) {
        const size_t room = 63 - suffix.size();
        std::string name = objectName(base, room) + suffix;
        for (int n = 2; !used.insert(name).second; ++n)
            name = objectName(base + "-" + std::to_string(n), room) + suffix;
        return name;
    };
    auto allowFlow = [&](const model::Link &link, const Flow &flow, const std::string &base,
                         bool deadLetter) {
        const auto *callee = ctx.index.component(flow.callee);
        if (!callee)
            return;
        const auto &calleeSpec = ctx.spec(flow.callee);
        if (calleeSpec.port == 0 || (callee->kind == ComponentKind::Database
                                     && callee->engine == model::DbEngine::Sqlite))
            return; // embedded: no network traffic
        std::vector<std::string> podCallers;
        bool outsideCaller = false;
        for (const auto &id : flow.callers) {
            if (inCluster(ctx, id))
                podCallers.push_back(id);
            else
                outsideCaller = true;
        }
        if (inCluster(ctx, flow.callee)) {
            Node d = policyBase(ctx, uniqueName(base, "-ingress"));
            annotateLink(d, link, flow, deadLetter);
            Node &s = d["spec"];
            s["podSelector"] = podsSelector(ctx, {flow.callee});
            s["policyTypes"] = Node::strings({"Ingress"});
            Node rule = Node::map();
            if (!podCallers.empty()) {
                Node peer = Node::map();
                peer["podSelector"] = podsSelector(ctx, podCallers);
                rule["from"].push(peer);
            }
            if (outsideCaller)
                rule["from"].push(anywhere()); // clients, CDNs and external systems
            rule["ports"].push(tcpPort(calleeSpec.portName));
            s["ingress"].push(rule);
            docs.push_back(d);
        }
        if (!podCallers.empty()) {
            Node d = policyBase(ctx, uniqueName(base, "-egress"));
            annotateLink(d, link, flow, deadLetter);
            Node &s = d["spec"];
            s["podSelector"] = podsSelector(ctx, podCallers);
            s["policyTypes"] = Node::strings({"Egress"});
            Node rule = Node::map();
            if (inCluster(ctx, flow.callee)) {
                Node peer = Node::map();
                peer["podSelector"] = podsSelector(ctx, {flow.callee});
                rule["to"].push(peer);
                rule["ports"].push(tcpPort(calleeSpec.portName));
            } else {
                rule["to"].push(anywhere()); // a managed or external service
                rule["ports"].push(tcpPort(calleeSpec.port));
            }
            s["egress"].push(rule);
            docs.push_back(d);
        }
    };
    for (const auto &link : ctx.model.links) {
        const std::string base =
            "link-" + (link.id.empty() ? link.from + "-" + link.to : link.id);
        allowFlow(link, flowOf(ctx, link), base, false);
        // A consumer publishes what fails max_attempts times to its dead-letter target; a
        // queue's broker moves them itself when the target is a queue (its shovel).
        if (link.kind == model::LinkKind::Consume && link.consume
            && !link.consume->dead_letter.empty() && !brokerMovesDeadLetters(ctx, link))
            allowFlow(link, {{link.from}, link.consume->dead_letter}, base + "-dlq", true);
    }
    for (const auto &c : ctx.model.components) {
        if (c.kind != ComponentKind::Queue)
            continue;
        const std::string target = rabbitDeadLetterQueue(ctx.model, c);
        if (target.empty())
            continue;
        model::Link shovel;
        shovel.id = "shovel-" + c.id + "-" + target;
        shovel.from = c.id;
        shovel.to = target;
        allowFlow(shovel, {{c.id}, target}, "shovel-" + c.id + "-" + target, true);
    }
    // A realtime gateway's subscribers (browsers) are not modeled as links: they connect
    // from anywhere to its port.
    for (const auto &c : ctx.model.components) {
        if (c.kind != ComponentKind::Realtime || !inCluster(ctx, c.id))
            continue;
        Node d = policyBase(ctx, uniqueName(c.id + "-subscribers", "-ingress"));
        d["metadata"]["annotations"]["archsim.io/purpose"] = "subscribers";
        Node &s = d["spec"];
        s["podSelector"] = podsSelector(ctx, {c.id});
        s["policyTypes"] = Node::strings({"Ingress"});
        Node rule = Node::map();
        rule["from"].push(anywhere());
        rule["ports"].push(tcpPort(ctx.spec(c.id).portName));
        s["ingress"].push(rule);
        docs.push_back(d);
    }
    for (auto &d : kafkaPolicies(ctx))
        docs.push_back(std::move(d));
    return docs;
}

} // namespace archsim::exporters::k8s
