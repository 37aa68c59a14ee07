// Workloads of the Kubernetes exporter: Deployment or StatefulSet, Service, HPA, PDB.

#include "k8s_internal.h"

#include "ddlplan.h"
#include "kafka.h"

#include "archsim/exporters/rabbitmq.h"
#include "archsim/exporters/redisconf.h"
#include "archsim/model/realtimeanalytic.h"
#include "archsim/model/validate.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace archsim::exporters::k8s {

using model::ComponentKind;

namespace {

std::string secretKey(const std::string &key)
{
    std::string out;
    for (char ch : key) {
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
            || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
        out += ok ? ch : '_';
    }
    return out.empty() ? "value" : out.substr(0, 253);
}

Node secretEnv(const std::string &env, const std::string &secret, const std::string &key)
{
    Node e = Node::map();
    e["name"] = model::envName(env);
    Node &ref = e["valueFrom"]["secretKeyRef"];
    ref["name"] = dnsLabel(secret, 253);
    ref["key"] = secretKey(key);
    return e;
}

Node plainEnv(const std::string &name, const std::string &value)
{
    Node e = Node::map();
    e["name"] = model::envName(name);
    e["value"] = value;
    return e;
}

// Secrets the official images need even when the model lists none.
std::vector<model::SecretRef> impliedSecrets(const Context &ctx, const model::Component &c)
{
    const std::string secret = ctx.name(c.id) + "-credentials";
    switch (c.kind) {
    case ComponentKind::Database:
        if (c.engine == model::DbEngine::Mysql)
            return {{"MYSQL_ROOT_PASSWORD", secret, "password"}};
        return {{"POSTGRES_PASSWORD", secret, "password"}};
    case ComponentKind::Cache:
        return {{"REDIS_PASSWORD", secret, "password"}};
    case ComponentKind::Queue:
        return {{"RABBITMQ_DEFAULT_PASS", secret, "password"}};
    default:
        return {};
    }
}

model::SecretRef rabbitPassword(const Context &ctx, const model::Component &q)
{
    return rabbitPasswordSecret(q, impliedSecrets(ctx, q).front().name);
}

RabbitConfig rabbitConfig(const Context &ctx, const model::Component &q)
{
    return rabbitmqConfig(ctx.model, q, [&](const std::string &id) { return ctx.name(id); });
}

// The init container that renders the broker's definitions (its queue, its user, the dead-letter
// shovel) from the ConfigMap's template and the passwords in its secrets. Exec form.
Node rabbitRenderContainer(const Context &ctx, const model::Component &q, const DeploySpec &spec)
{
    const std::string defs = std::string(kRabbitDefinitionsDir) + "/" + kRabbitDefinitionsFile;
    const std::string tmpl = kRabbitTemplateDir;
    Node init = Node::map();
    init["name"] = "render-definitions";
    init["image"] = spec.image;
    init["imagePullPolicy"] = "Always";
    init["command"] = Node::strings({"awk", "-v", "out=" + defs, "-f", tmpl + "/render.awk",
                                     tmpl + "/definitions.json.in"});
    Node env = Node::seq();
    env.push(plainEnv("LC_ALL", "C"));
    env.push(plainEnv("RABBITMQ_DEFAULT_USER", rabbitUser(q)));
    const auto own = rabbitPassword(ctx, q);
    env.push(secretEnv("RABBITMQ_DEFAULT_PASS", own.name, own.key));
    for (const auto &e : rabbitConfig(ctx, q).env)
        if (const auto *other = ctx.index.component(e.broker)) {
            const auto s = rabbitPassword(ctx, *other);
            env.push(secretEnv(e.name, s.name, s.key));
        }
    init["env"] = env;
    Node r = Node::map();
    r["requests"]["cpu"] = "10m";
    r["requests"]["memory"] = "16Mi";
    r["limits"]["cpu"] = "100m";
    r["limits"]["memory"] = "32Mi";
    init["resources"] = r;
    init["securityContext"] = containerSecurityContext();
    for (const auto &[vol, path] : std::vector<std::pair<std::string, std::string>>{
             {"rabbitmq-template", tmpl}, {"rabbitmq-definitions", kRabbitDefinitionsDir}}) {
        Node m = Node::map();
        m["name"] = vol;
        m["mountPath"] = path;
        if (vol == "rabbitmq-template")
            m["readOnly"] = true;
        init["volumeMounts"].push(m);
    }
    return init;
}

Node envList(Context &ctx, const model::Component &c)
{
    Node env = Node::seq();
    std::set<std::string> names;
    for (const auto &[k, v] : c.deploy.env) {
        if (model::envName(k) != k)
            ctx.warn("/components/" + c.id + "/deploy/env",
                     "environment name '" + printableText(k, 40) + "' written as '"
                         + model::envName(k) + "'");
        if (names.insert(model::envName(k)).second)
            env.push(plainEnv(k, v));
    }
    if (c.kind == ComponentKind::Database && c.engine == model::DbEngine::Postgres
        && names.insert("PGDATA").second)
        env.push(plainEnv("PGDATA", "/var/lib/postgresql/data/pgdata"));
    if (c.kind == ComponentKind::Queue && names.insert("RABBITMQ_DEFAULT_USER").second)
        env.push(plainEnv("RABBITMQ_DEFAULT_USER", "archsim"));
    if (runsKafka(ctx, c))
        for (auto &e : kafkaEnv(ctx, c)) // the model's own env keeps precedence
            if (names.insert(e["name"].text()).second)
                env.push(std::move(e));
    auto secrets = c.deploy.secrets;
    for (auto &s : impliedSecrets(ctx, c)) {
        // A password the model already gives (MARIADB_ROOT_PASSWORD for MYSQL_ROOT_...).
        const bool given = std::any_of(secrets.begin(), secrets.end(), [&](const auto &g) {
            return g.env == s.env || g.env.find("PASSWORD") != std::string::npos;
        });
        if (!given) {
            ctx.warn("/components/" + c.id + "/deploy/secrets",
                     "'" + c.id + "' reads " + s.env + " from secret '" + s.name
                         + "' (key '" + s.key + "'): create it before applying");
            secrets.push_back(s);
        }
    }
    for (const auto &s : secrets)
        if (names.insert(model::envName(s.env)).second)
            env.push(secretEnv(s.env, s.name, s.key));
    return env;
}

Node probe(const DeploySpec &spec, bool readiness)
{
    Node p = Node::map();
    if (spec.httpProbe && readiness) {
        p["httpGet"]["path"] = spec.healthPath;
        p["httpGet"]["port"] = spec.portName;
    } else {
        p["tcpSocket"]["port"] = spec.portName;
    }
    p["initialDelaySeconds"] = readiness ? 5 : 15;
    p["periodSeconds"] = readiness ? 5 : 10;
    p["timeoutSeconds"] = readiness ? 2 : 5;
    p["failureThreshold"] = 3;
    return p;
}

Node resources(const DeploySpec &spec)
{
    Node r = Node::map();
    r["requests"]["cpu"] = std::to_string(spec.cpuMillis) + "m";
    r["requests"]["memory"] = std::to_string(spec.memoryMib) + "Mi";
    // CPU may burst to twice the request; memory is capped at the request (no overcommit).
    r["limits"]["cpu"] = std::to_string(spec.cpuMillis * 2) + "m";
    r["limits"]["memory"] = std::to_string(spec.memoryMib) + "Mi";
    return r;
}

// Writable paths the images need with a read-only root filesystem.
std::vector<std::pair<std::string, std::string>> scratchMounts(const model::Component &c)
{
    std::vector<std::pair<std::string, std::string>> m{{"tmp", "/tmp"}};
    if (c.kind == ComponentKind::Database && c.engine == model::DbEngine::Postgres)
        m.emplace_back("run", "/var/run/postgresql");
    if (c.kind == ComponentKind::Database && c.engine == model::DbEngine::Mysql) {
        m.emplace_back("run", "/var/run/mysqld");
        m.emplace_back("files", "/var/lib/mysql-files"); // MySQL's secure-file-priv folder
    }
    if (c.kind == ComponentKind::Queue)
        m.emplace_back("log", "/var/log/rabbitmq");
    if (c.kind == ComponentKind::Stream) {
        // The image writes its server.properties there at start, and its logs.
        m.emplace_back("config", "/opt/kafka/config");
        m.emplace_back("logs", "/opt/kafka/logs");
    }
    return m;
}

std::vector<std::string> zonesOf(const Context &ctx, const model::Component &c)
{
    return c.zones.empty() ? ctx.model.zones : c.zones;
}

Node spreadConstraint(const Context &ctx, const std::string &name, const char *topologyKey)
{
    Node t = Node::map();
    t["maxSkew"] = 1;
    t["topologyKey"] = topologyKey;
    t["whenUnsatisfiable"] = "ScheduleAnyway";
    t["labelSelector"]["matchLabels"] = selectorLabels(ctx, name);
    return t;
}

Node podTemplate(Context &ctx, const model::Component &c)
{
    const auto &spec = ctx.spec(c.id);
    const std::string &name = ctx.name(c.id);
    Node t = Node::map();
    t["metadata"]["labels"] = labels(ctx, c);
    t["metadata"]["annotations"]["archsim.io/component"] = c.id;
    Node &s = t["spec"];
    s["automountServiceAccountToken"] = false;
    s["enableServiceLinks"] = false;
    s["securityContext"] = podSecurityContext(spec, spec.workload == Workload::Stateful);
    Node &spread = s["topologySpreadConstraints"];
    spread = Node::seq();
    const auto zones = zonesOf(ctx, c);
    if (!zones.empty())
        spread.push(spreadConstraint(ctx, name, "topology.kubernetes.io/zone"));
    spread.push(spreadConstraint(ctx, name, "kubernetes.io/hostname"));
    if (c.kind != ComponentKind::Job) { // a job's run-once pods: the spread is enough
        // Replicas prefer different nodes (kube-linter's no-anti-affinity); never required,
        // so a small cluster still schedules every replica.
        Node term = Node::map();
        term["weight"] = 100;
        term["podAffinityTerm"]["topologyKey"] = "kubernetes.io/hostname";
        term["podAffinityTerm"]["labelSelector"]["matchLabels"] = selectorLabels(ctx, name);
        s["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
            .push(term);
    }
    if (!c.zones.empty()) {
        // The component is pinned to its zones; the spread then balances inside them.
        Node expr = Node::map();
        expr["key"] = "topology.kubernetes.io/zone";
        expr["operator"] = "In";
        expr["values"] = Node::strings(c.zones);
        Node term = Node::map();
        term["matchExpressions"].push(expr);
        s["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
         ["nodeSelectorTerms"].push(term);
    }

    Node container = Node::map();
    container["name"] = name;
    container["image"] = spec.image;
    container["imagePullPolicy"] = "Always"; // kube-score, Polaris: pull secrets re-checked
    if (c.kind == ComponentKind::Cache) {
        container["command"] = Node::strings({"redis-server"});
        container["args"] = Node::strings({"/usr/local/etc/redis/redis.conf", "--requirepass",
                                           "$(REDIS_PASSWORD)"});
    }
    Node port = Node::map();
    port["name"] = spec.portName;
    port["containerPort"] = spec.port;
    port["protocol"] = "TCP";
    container["ports"].push(port);
    if (c.kind == ComponentKind::Stream) {
        Node controller = Node::map();
        controller["name"] = "controller";
        controller["containerPort"] = kafka::kControllerPort;
        controller["protocol"] = "TCP";
        container["ports"].push(controller);
    }
    Node env = envList(ctx, c);
    if (!env.isEmpty())
        container["env"] = env;
    container["resources"] = resources(spec);
    if (c.kind != ComponentKind::Job) { // a job's pod serves nothing
        container["readinessProbe"] = probe(spec, true);
        container["livenessProbe"] = probe(spec, false);
    }
    container["securityContext"] = containerSecurityContext();
    Node &mounts = container["volumeMounts"];
    Node &volumes = s["volumes"];
    mounts = Node::seq();
    volumes = Node::seq();
    for (const auto &[vol, path] : scratchMounts(c)) {
        Node m = Node::map();
        m["name"] = vol;
        m["mountPath"] = path;
        mounts.push(m);
        Node v = Node::map();
        v["name"] = vol;
        v["emptyDir"] = Node::map();
        volumes.push(v);
    }
    if (spec.workload == Workload::Stateful) {
        Node m = Node::map();
        m["name"] = "data";
        m["mountPath"] = spec.dataPath;
        mounts.push(m);
        if (c.kind == ComponentKind::Cache) {
            Node v = Node::map(); // a cache keeps nothing across restarts
            v["name"] = "data";
            v["emptyDir"] = Node::map();
            volumes.push(v);
        }
    }
    if (c.kind == ComponentKind::Cache) {
        Node m = Node::map();
        m["name"] = "config";
        m["mountPath"] = "/usr/local/etc/redis";
        m["readOnly"] = true;
        mounts.push(m);
        Node v = Node::map();
        v["name"] = "config";
        v["configMap"]["name"] = name + "-config";
        volumes.push(v);
    }
    if (c.kind == ComponentKind::Queue) {
        // The broker reads its settings from conf.d and its definitions from the file the
        // init container rendered; the template stays out of the broker's container.
        for (const auto &[key, path] : std::vector<std::pair<std::string, std::string>>{
                 {"20-archsim.conf", "/etc/rabbitmq/conf.d/20-archsim.conf"},
                 {"enabled_plugins", "/etc/rabbitmq/enabled_plugins"}}) {
            Node m = Node::map();
            m["name"] = "rabbitmq-config";
            m["mountPath"] = path;
            m["subPath"] = key;
            m["readOnly"] = true;
            mounts.push(m);
        }
        Node m = Node::map();
        m["name"] = "rabbitmq-definitions";
        m["mountPath"] = kRabbitDefinitionsDir;
        m["readOnly"] = true;
        mounts.push(m);
        Node items = Node::seq();
        Node tmplItems = Node::seq();
        for (const char *key : {"20-archsim.conf", "enabled_plugins"}) {
            Node i = Node::map();
            i["key"] = key;
            i["path"] = key;
            items.push(i);
        }
        for (const char *key : {"definitions.json.in", "render.awk"}) {
            Node i = Node::map();
            i["key"] = key;
            i["path"] = key;
            tmplItems.push(i);
        }
        Node config = Node::map();
        config["name"] = "rabbitmq-config";
        config["configMap"]["name"] = name + "-config";
        config["configMap"]["items"] = items;
        volumes.push(config);
        Node tmpl = Node::map();
        tmpl["name"] = "rabbitmq-template";
        tmpl["configMap"]["name"] = name + "-config";
        tmpl["configMap"]["items"] = tmplItems;
        volumes.push(tmpl);
        Node defs = Node::map();
        defs["name"] = "rabbitmq-definitions";
        defs["emptyDir"]["medium"] = "Memory"; // holds passwords: never on the node's disk
        defs["emptyDir"]["sizeLimit"] = "1Mi";
        volumes.push(defs);
        s["initContainers"].push(rabbitRenderContainer(ctx, c, spec));
    }
    s["containers"].push(container);
    s["terminationGracePeriodSeconds"] = 30;
    return t;
}

// Storage for a database: the schema's rows for two years, doubled for indexes, >= 10 GiB.
int storageGi(const Context &ctx, const model::Component &c)
{
    if (c.kind == ComponentKind::Stream)
        return kafkaStorageGi(ctx, c);
    if (c.kind != ComponentKind::Database)
        return 10;
    double bytes = 0;
    if (const auto *schema = ctx.index.schema(c.schema))
        for (const auto &t : schema->tables) {
            const double rows = static_cast<double>(t.rows) + t.rows_per_month * 24;
            bytes += rows * std::max(t.row_bytes, 100) * 2;
        }
    const double gi = std::ceil(bytes / (1024.0 * 1024 * 1024));
    return static_cast<int>(std::clamp(gi, 10.0, 65536.0));
}

// True when a client, CDN, managed load balancer or external system calls the component.
bool calledByOutside(const Context &ctx, const model::Component &c)
{
    for (int li : ctx.index.inLinks(c.id)) {
        const auto &from = ctx.model.links[static_cast<size_t>(li)].from;
        auto it = ctx.specs.find(from);
        const auto *caller = ctx.index.component(from);
        if (caller && caller->kind != ComponentKind::Queue && it != ctx.specs.end()
            && it->second.workload == Workload::None)
            return true;
    }
    return false;
}

Node serviceDocument(const Context &ctx, const model::Component &c)
{
    const auto &spec = ctx.spec(c.id);
    Node d = Node::map();
    d["apiVersion"] = "v1";
    d["kind"] = "Service";
    d["metadata"] = metadata(ctx, c, ctx.name(c.id));
    Node &s = d["spec"];
    if (spec.workload == Workload::Stateful)
        s["clusterIP"] = "None"; // headless: stable per-pod names for the StatefulSet
    else if (c.kind == ComponentKind::Realtime)
        s["type"] = "LoadBalancer"; // the browsers' connections come from outside
    else
        s["type"] = calledByOutside(ctx, c) ? "LoadBalancer" : "ClusterIP";
    if (c.kind == ComponentKind::Realtime) {
        // Long-lived connections: one stays on its pod for its life; affinity sends a client's
        // reconnects and HTTP fallbacks (SSE, long polling) back to the same pod.
        d["metadata"]["annotations"]["archsim.io/connections"] =
            "long-lived WebSocket or SSE, sticky by client IP";
        s["sessionAffinity"] = "ClientIP";
        s["sessionAffinityConfig"]["clientIP"]["timeoutSeconds"] = 10800;
    }
    s["selector"] = selectorLabels(ctx, ctx.name(c.id));
    Node port = Node::map();
    port["name"] = spec.portName;
    port["port"] = spec.port;
    port["targetPort"] = spec.portName;
    port["protocol"] = "TCP";
    s["ports"].push(port);
    return d;
}

} // namespace

int64_t connectionsTarget(const model::Component &c)
{
    const double utilization =
        c.deploy.autoscale ? std::clamp(c.deploy.autoscale->target_utilization, 0.01, 1.0) : 1.0;
    return std::llround(model::kConnectionsPerReplica * utilization);
}

namespace {

int minReplicas(const model::Component &c)
{
    if (c.deploy.autoscale)
        return std::max(1, c.deploy.autoscale->min_replicas);
    return std::max(1, c.replicas);
}

Node hpaDocument(const Context &ctx, const model::Component &c, const std::string &kind)
{
    const auto &a = *c.deploy.autoscale;
    const int minR = minReplicas(c);
    Node d = Node::map();
    d["apiVersion"] = "autoscaling/v2";
    d["kind"] = "HorizontalPodAutoscaler";
    d["metadata"] = metadata(ctx, c, ctx.name(c.id));
    Node &s = d["spec"];
    s["scaleTargetRef"]["apiVersion"] = "apps/v1";
    s["scaleTargetRef"]["kind"] = kind;
    s["scaleTargetRef"]["name"] = ctx.name(c.id);
    s["minReplicas"] = minR;
    s["maxReplicas"] = std::max(minR, a.max_replicas);
    if (c.kind == ComponentKind::Realtime) {
        // Connections per pod, from a custom-metrics adapter (docs/deploy.md): the gateway
        // exports the gauge, prometheus-adapter serves it as a Pods metric.
        d["metadata"]["annotations"]["archsim.io/needs"] =
            "custom metrics API (prometheus-adapter)";
        Node conns = Node::map();
        conns["type"] = "Pods";
        conns["pods"]["metric"]["name"] = kConnectionsMetric;
        conns["pods"]["target"]["type"] = "AverageValue";
        conns["pods"]["target"]["averageValue"] = std::to_string(connectionsTarget(c));
        s["metrics"].push(conns);
    }
    Node metric = Node::map();
    metric["type"] = "Resource";
    metric["resource"]["name"] = "cpu";
    metric["resource"]["target"]["type"] = "Utilization";
    const int percent =
        static_cast<int>(std::lround(std::clamp(a.target_utilization, 0.01, 1.0) * 100));
    metric["resource"]["target"]["averageUtilization"] = percent;
    s["metrics"].push(metric);
    auto window = [](double seconds) {
        return static_cast<int>(std::clamp(std::lround(seconds), 0L, 3600L));
    };
    s["behavior"]["scaleUp"]["stabilizationWindowSeconds"] = window(a.scale_up_delay_s);
    s["behavior"]["scaleDown"]["stabilizationWindowSeconds"] = window(a.scale_down_delay_s);
    // The policies the simulator applies (docs/operations.md), written out even when they
    // are Kubernetes' defaults, so that the manifest says what was simulated.
    auto policies = [](const std::vector<model::ScalingPolicy> &declared,
                       std::vector<model::ScalingPolicy> defaults) {
        Node seq = Node::seq();
        for (const auto &p : declared.empty() ? defaults : declared) {
            Node n = Node::map();
            n["type"] = p.type == model::ScalingPolicyType::Pods ? "Pods" : "Percent";
            n["value"] = p.value;
            n["periodSeconds"] = static_cast<int>(std::lround(p.period_s));
            seq.push(n);
        }
        return seq;
    };
    auto select = [](model::SelectPolicy p) {
        return p == model::SelectPolicy::Max ? "Max"
               : p == model::SelectPolicy::Min ? "Min"
                                               : "Disabled";
    };
    s["behavior"]["scaleUp"]["selectPolicy"] = select(a.scale_up_select);
    s["behavior"]["scaleUp"]["policies"] =
        policies(a.scale_up_policies, {{model::ScalingPolicyType::Pods, 4, 15},
                                       {model::ScalingPolicyType::Percent, 100, 15}});
    s["behavior"]["scaleDown"]["selectPolicy"] = select(a.scale_down_select);
    s["behavior"]["scaleDown"]["policies"] =
        policies(a.scale_down_policies, {{model::ScalingPolicyType::Percent, 100, 15}});
    return d;
}

Node pdbDocument(const Context &ctx, const model::Component &c)
{
    Node d = Node::map();
    d["apiVersion"] = "policy/v1";
    d["kind"] = "PodDisruptionBudget";
    d["metadata"] = metadata(ctx, c, ctx.name(c.id));
    // Below the minimum replica count, so that a node drain can always make progress.
    d["spec"]["minAvailable"] = minReplicas(c) - 1;
    d["spec"]["selector"]["matchLabels"] = selectorLabels(ctx, ctx.name(c.id));
    return d;
}

Node redisConfigMap(const Context &ctx, const model::Component &c)
{
    Node d = Node::map();
    d["apiVersion"] = "v1";
    d["kind"] = "ConfigMap";
    d["metadata"] = metadata(ctx, c, ctx.name(c.id) + "-config");
    d["data"]["redis.conf"] = Node::literal(redisConf(ctx.model, c));
    return d;
}

// The broker's settings, plugins, and the definitions template with its render program.
Node rabbitConfigMap(Context &ctx, const model::Component &c)
{
    const RabbitConfig rc = rabbitConfig(ctx, c);
    for (const auto &n : rc.notes)
        ctx.warn("/components/" + c.id + "/queue", n);
    Node d = Node::map();
    d["apiVersion"] = "v1";
    d["kind"] = "ConfigMap";
    d["metadata"] = metadata(ctx, c, ctx.name(c.id) + "-config");
    d["data"]["20-archsim.conf"] = Node::literal(rc.conf);
    d["data"]["enabled_plugins"] = rc.enabledPlugins;
    d["data"]["definitions.json.in"] = Node::literal(rc.definitions);
    d["data"]["render.awk"] = Node::literal(rc.renderAwk);
    return d;
}

} // namespace

// A scheduled job as a CronJob (docs/data-lifecycle.md, "Jobs"): the schedule from its cron
// line or its interval, a start that finds a run going skipped (concurrencyPolicy Forbid, as
// the simulation does), its pod restarted on failure; nullopt with a warning when no cron
// line gives the interval.
std::optional<Node> jobCronJob(Context &ctx, const model::Component &c)
{
    const model::JobSettings js = c.job.value_or(model::JobSettings{});
    std::string schedule = js.cron;
    if (schedule.empty())
        schedule = detail::periodCron(std::lround(js.interval_s));
    if (schedule.empty() || (js.cron.empty() && js.interval_s != std::round(js.interval_s))) {
        ctx.warn("/components/" + c.id + "/job/interval_s",
                 "job '" + c.id + "' runs every " + std::to_string(js.interval_s) +
                     " s, which no cron line gives (whole minutes dividing an hour, hours "
                     "dividing a day, or a day): no CronJob written; give it a cron line");
        return std::nullopt;
    }
    if (js.offset_s != 0)
        ctx.warn("/components/" + c.id + "/job/offset_s",
                 "job '" + c.id + "': the CronJob runs on the clock, its offset_s is left out");
    Node job = Node::map();
    job["apiVersion"] = "batch/v1";
    job["kind"] = "CronJob";
    job["metadata"] = metadata(ctx, c, ctx.name(c.id));
    Node &s = job["spec"];
    s["schedule"] = schedule;
    s["timeZone"] = "Etc/UTC";
    s["concurrencyPolicy"] = "Forbid";
    s["startingDeadlineSeconds"] = 300; // a start missed by more is skipped, as a busy one
    s["successfulJobsHistoryLimit"] = 3;
    s["failedJobsHistoryLimit"] = 3;
    Node &jt = s["jobTemplate"]["spec"];
    jt["backoffLimit"] = 2;
    // replicas x workers batches in flight: one pod per replica
    jt["parallelism"] = std::max(1, c.replicas);
    jt["completions"] = std::max(1, c.replicas);
    jt["template"] = podTemplate(ctx, c);
    jt["template"]["spec"]["restartPolicy"] = "OnFailure";
    return job;
}

std::vector<Node> componentDocuments(Context &ctx, const model::Component &c)
{
    const auto &spec = ctx.spec(c.id);
    if (spec.workload == Workload::None)
        return {};
    if (!hasExplicitTag(spec.image))
        ctx.warn("/components/" + c.id + "/deploy/image",
                 "image '" + spec.image + "' has no explicit tag: pin a version or a digest");
    std::vector<Node> docs;
    if (c.kind == ComponentKind::Job && !c.job.value_or(model::JobSettings{}).continuous) {
        if (auto cron = jobCronJob(ctx, c))
            docs.push_back(std::move(*cron));
        return docs; // a run-once pod: no Service, autoscaler or disruption budget
    }
    if (c.kind == ComponentKind::Cache)
        docs.push_back(redisConfigMap(ctx, c));
    if (c.kind == ComponentKind::Queue)
        docs.push_back(rabbitConfigMap(ctx, c));
    const bool stateful = spec.workload == Workload::Stateful;
    const std::string kind = stateful ? "StatefulSet" : "Deployment";
    Node w = Node::map();
    w["apiVersion"] = "apps/v1";
    w["kind"] = kind;
    w["metadata"] = metadata(ctx, c, ctx.name(c.id));
    Node &s = w["spec"];
    const bool hpa = !stateful && c.deploy.autoscale.has_value();
    if (!hpa)
        s["replicas"] = std::max(1, c.replicas); // with an HPA the autoscaler owns the count
    s["revisionHistoryLimit"] = 5;
    s["selector"]["matchLabels"] = selectorLabels(ctx, ctx.name(c.id));
    if (runsKafka(ctx, c)) {
        s["serviceName"] = kafkaHeadlessName(ctx, c);
        // Every controller of the quorum must start before any of them can be ready.
        s["podManagementPolicy"] = "Parallel";
    } else if (stateful) {
        s["serviceName"] = ctx.name(c.id);
        s["podManagementPolicy"] = "OrderedReady";
    } else {
        s["strategy"]["type"] = "RollingUpdate";
        s["strategy"]["rollingUpdate"]["maxUnavailable"] = 0;
        s["strategy"]["rollingUpdate"]["maxSurge"] = 1;
    }
    s["template"] = podTemplate(ctx, c);
    if (stateful && c.kind != ComponentKind::Cache) {
        Node claim = Node::map();
        claim["metadata"]["name"] = "data";
        claim["spec"]["accessModes"] = Node::strings({"ReadWriteOnce"});
        claim["spec"]["resources"]["requests"]["storage"] =
            std::to_string(storageGi(ctx, c)) + "Gi";
        s["volumeClaimTemplates"].push(claim);
    }
    docs.push_back(w);
    if (runsKafka(ctx, c)) {
        for (auto &d : kafkaDocuments(ctx, c))
            docs.push_back(std::move(d));
        return docs;
    }
    if (c.kind != ComponentKind::Job) // a continuous job serves nothing
        docs.push_back(serviceDocument(ctx, c));
    if (hpa)
        docs.push_back(hpaDocument(ctx, c, kind));
    if (minReplicas(c) >= 2)
        docs.push_back(pdbDocument(ctx, c));
    else
        ctx.warn("/components/" + c.id,
                 "'" + c.id + "' runs one replica: no PodDisruptionBudget (a drain stops it)");
    return docs;
}

} // namespace archsim::exporters::k8s
