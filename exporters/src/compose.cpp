#include "archsim/exporters/compose.h"

#include "archsim/exporters/ddl.h"
#include "archsim/exporters/deployspec.h"
#include "archsim/exporters/rabbitmq.h"
#include "archsim/exporters/redisconf.h"
#include "archsim/model/index.h"
#include "archsim/model/validate.h"
#include "kafka.h"
#include "yamltree.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace archsim::exporters {

using model::ComponentKind;
using yaml::Node;

namespace {

struct Ctx {
    const model::Model &model;
    const ComposeOptions &options;
    model::ModelIndex index;
    std::map<std::string, DeploySpec> specs;
    std::map<std::string, std::string> dotenv; // variable -> local placeholder
    std::set<int> hostPorts;                   // published on the host, one service each
    Bundle bundle;

    Ctx(const model::Model &m, const ComposeOptions &o) : model(m), options(o), index(m)
    {
        for (const auto &c : m.components)
            specs.emplace(c.id, deploySpec(c, o.registry, o.tag));
    }
    bool runs(const std::string &id) const
    {
        auto it = specs.find(id);
        return it != specs.end() && it->second.workload != Workload::None;
    }
    // True for a stream that runs locally as a single Kafka broker.
    bool runsKafka(const std::string &id) const
    {
        const auto *c = index.component(id);
        return c && c->kind == ComponentKind::Stream && runs(id);
    }
    void warn(const std::string &place, const std::string &message)
    {
        model::Diagnostic d;
        d.severity = model::Diagnostic::Severity::Warning;
        d.place = place;
        d.message = message;
        bundle.warnings.push_back(d);
    }
};

// Compose interpolates "$": a literal dollar is written "$$".
std::string escapeDollar(const std::string &s)
{
    std::string out;
    for (char ch : s) {
        out += ch;
        if (ch == '$')
            out += '$';
    }
    return out;
}

std::string upper(std::string s)
{
    for (auto &ch : s)
        if (ch >= 'a' && ch <= 'z')
            ch = static_cast<char>(ch - 'a' + 'A');
    return s;
}

// A secret becomes a variable from .env: "${SHOP_DB_CREDENTIALS_PASSWORD}".
std::string secretVariable(Ctx &ctx, const std::string &secret, const std::string &key)
{
    const std::string var = model::envName(upper(secret + "_" + key));
    ctx.dotenv.emplace(var, "local-only-change-me");
    return "${" + var + "}";
}

Node healthcheck(const model::Component &c, const DeploySpec &spec)
{
    // Fixed commands run in the image's shell (CMD-SHELL); the HTTP probe, the only one that
    // holds text from the model, uses the exec form, so its path reaches wget as one argument
    // and no shell ever reads it (issue 15: "/health; touch x" ran in the container).
    std::vector<std::string> test;
    auto shell = [&](std::string command) { test = {"CMD-SHELL", std::move(command)}; };
    switch (c.kind) {
    case ComponentKind::Database:
        if (c.engine == model::DbEngine::Mysql) {
            shell(spec.image.find("mariadb") != std::string::npos
                      ? "healthcheck.sh --connect --innodb_initialized"
                      : "mysqladmin ping -h 127.0.0.1 --silent");
        } else {
            shell("pg_isready -U postgres -h 127.0.0.1 -p " + std::to_string(spec.port));
        }
        break;
    case ComponentKind::Cache:
        shell("redis-cli ping | grep -q PONG"); // REDISCLI_AUTH holds the password
        break;
    case ComponentKind::Queue:
        shell("rabbitmq-diagnostics -q ping");
        break;
    case ComponentKind::Stream: // the broker answers a client's API-versions request
        test = {"CMD", "/opt/kafka/bin/kafka-broker-api-versions.sh", "--bootstrap-server",
                "127.0.0.1:" + std::to_string(spec.port)};
        break;
    default:
        // The image must ship wget (busybox, alpine and distroless-debug images do).
        if (spec.httpProbe)
            test = {"CMD", "wget", "-q", "-O", "/dev/null",
                    "http://127.0.0.1:" + std::to_string(spec.port)
                        + escapeDollar(spec.healthPath)};
        else
            shell("nc -z 127.0.0.1 " + std::to_string(spec.port));
        break;
    }
    Node h = Node::map();
    h["test"] = Node::strings(test);
    h["interval"] = "10s";
    // The Kafka check starts a JVM.
    h["timeout"] = c.kind == ComponentKind::Stream ? "20s" : "5s";
    h["retries"] = 6;
    h["start_period"] = "30s";
    return h;
}

// Out-links that make `id` depend on another running service (queue consumers connect to
// the broker; a cache fill is done by the cache's readers, so it adds no dependency).
std::vector<std::string> dependencies(const Ctx &ctx, const model::Component &c)
{
    std::vector<std::string> deps;
    auto add = [&](const std::string &id) {
        if (ctx.runs(id) && id != c.id && std::find(deps.begin(), deps.end(), id) == deps.end())
            deps.push_back(id);
    };
    for (int li : ctx.index.outLinks(c.id)) {
        const auto &l = ctx.model.links[static_cast<size_t>(li)];
        if (c.kind == ComponentKind::Queue || c.kind == ComponentKind::Cache)
            continue;
        add(l.to);
        // A consumer publishes what fails max_attempts times to its dead-letter target, unless
        // its queue's broker moves them to a queue itself (below).
        const auto *queue = ctx.index.component(l.to);
        const auto *dlq = l.consume ? ctx.index.component(l.consume->dead_letter) : nullptr;
        if (l.kind == model::LinkKind::Consume && dlq
            && !(queue && queue->kind == ComponentKind::Queue
                 && dlq->kind == ComponentKind::Queue))
            add(dlq->id);
        // Readers of a cache also talk to what fills it.
        const auto *to = ctx.index.component(l.to);
        if (to && to->kind == ComponentKind::Cache)
            for (int fi : ctx.index.outLinks(l.to))
                if (ctx.model.links[static_cast<size_t>(fi)].kind == model::LinkKind::Fill)
                    add(ctx.model.links[static_cast<size_t>(fi)].to);
    }
    for (int li : ctx.index.inLinks(c.id)) {
        const auto *from = ctx.index.component(ctx.model.links[static_cast<size_t>(li)].from);
        if (from && from->kind == ComponentKind::Queue)
            add(from->id);
    }
    if (c.kind == ComponentKind::Queue) // its shovel connects to the dead-letter queue
        add(rabbitDeadLetterQueue(ctx.model, c));
    return deps;
}

// depends_on must be acyclic; a cycle of calls keeps the edges that do not close it.
std::map<std::string, std::vector<std::string>> acyclicDependencies(Ctx &ctx)
{
    std::map<std::string, std::vector<std::string>> all, kept;
    for (const auto &c : ctx.model.components)
        if (ctx.runs(c.id))
            all[c.id] = dependencies(ctx, c);
    std::map<std::string, int> state; // 0 new, 1 on stack, 2 done
    std::function<void(const std::string &)> visit = [&](const std::string &id) {
        state[id] = 1;
        for (const auto &d : all[id]) {
            if (state[d] == 1) {
                ctx.warn("/components/" + id,
                         "calls form a cycle through '" + id + "' and '" + d
                             + "': compose starts them without waiting for each other");
                continue;
            }
            kept[id].push_back(d);
            if (state[d] == 0)
                visit(d);
        }
        state[id] = 2;
    };
    for (const auto &[id, deps] : all)
        if (state[id] == 0)
            visit(id);
    return kept;
}

// The DDL that initialises a database: the option's, else the DDL exporter's for its schema.
std::string schemaDdl(Ctx &ctx, const model::Component &c)
{
    if (ctx.options.ddl)
        return ctx.options.ddl(ctx.model, c);
    if (c.schema.empty() || !ctx.index.schema(c.schema))
        return {};
    DdlOptions options;
    options.schema = c.schema;
    const Dialect dialect =
        c.engine == model::DbEngine::Mysql ? Dialect::Mysql : Dialect::Postgres;
    auto sql = exportDdl(ctx.model, dialect, options);
    if (!sql.ok()) {
        ctx.warn("/components/" + c.id, "no DDL for '" + c.id + "': " + sql.message());
        return {};
    }
    return sql.value();
}

// A broker declares its queue, user and dead-letter shovel at boot from definitions that its
// entrypoint renders from the template and the passwords in its environment, in a tmpfs. The
// shell string is fixed: no text from the model reaches it.
void rabbitService(Ctx &ctx, const model::Component &c, Node &s, Node &env)
{
    const std::string id = dnsLabel(c.id);
    const RabbitConfig rc =
        rabbitmqConfig(ctx.model, c, [](const std::string &other) { return dnsLabel(other); });
    for (const auto &n : rc.notes)
        ctx.warn("/components/" + c.id + "/queue", n);
    const std::string dir = "rabbitmq/" + id + "/";
    ctx.bundle.files.push_back({dir + "20-archsim.conf", rc.conf});
    ctx.bundle.files.push_back({dir + "enabled_plugins", rc.enabledPlugins});
    ctx.bundle.files.push_back({dir + "definitions.json.in", rc.definitions});
    ctx.bundle.files.push_back({dir + "render.awk", rc.renderAwk});
    ctx.bundle.files.push_back({dir + "start.sh", rc.startScript});
    s["entrypoint"] = Node::strings({"sh", std::string(kRabbitTemplateDir) + "/start.sh"});
    s["tmpfs"] = Node::strings({kRabbitDefinitionsDir});
    const auto &keys = env.keys();
    if (std::find(keys.begin(), keys.end(), "RABBITMQ_DEFAULT_USER") == keys.end())
        env["RABBITMQ_DEFAULT_USER"] = escapeDollar(rabbitUser(c));
    const auto own = rabbitPasswordSecret(c, id + "-credentials");
    env["RABBITMQ_DEFAULT_PASS"] = secretVariable(ctx, own.name, own.key);
    for (const auto &e : rc.env)
        if (const auto *other = ctx.index.component(e.broker)) {
            const auto p = rabbitPasswordSecret(*other, dnsLabel(other->id) + "-credentials");
            env[e.name] = secretVariable(ctx, p.name, p.key);
        }
}

Node serviceNode(Ctx &ctx, const model::Component &c,
                 const std::vector<std::string> &deps, const std::set<std::string> &networks)
{
    const auto &spec = ctx.specs.at(c.id);
    const std::string id = dnsLabel(c.id);
    Node s = Node::map();
    s["image"] = spec.image;
    Node env = Node::map();
    for (const auto &[k, v] : c.deploy.env)
        env[model::envName(k)] = escapeDollar(v);
    auto secrets = c.deploy.secrets;
    auto implied = [&](const char *var) {
        const bool given = std::any_of(secrets.begin(), secrets.end(), [](const auto &g) {
            return g.env.find("PASSWORD") != std::string::npos;
        });
        if (!given)
            secrets.push_back({var, id + "-credentials", "password"});
    };
    if (c.kind == ComponentKind::Database)
        implied(c.engine == model::DbEngine::Mysql ? "MYSQL_ROOT_PASSWORD" : "POSTGRES_PASSWORD");
    if (c.kind == ComponentKind::Cache)
        implied("REDIS_PASSWORD");
    if (c.kind == ComponentKind::Queue)
        implied("RABBITMQ_DEFAULT_PASS");
    if (ctx.runsKafka(c.id)) {
        // One local broker (KRaft, broker and controller roles): the docs' single-node setup.
        auto setDefault = [&](const std::string &k, const std::string &v) {
            bool given = false;
            for (const auto &[mk, mv] : c.deploy.env)
                given = given || model::envName(mk) == k;
            if (!given)
                env[k] = escapeDollar(v);
        };
        setDefault("KAFKA_NODE_ID", "1");
        setDefault("KAFKA_CONTROLLER_QUORUM_VOTERS",
                   "1@localhost:" + std::to_string(kafka::kControllerPort));
        setDefault("KAFKA_ADVERTISED_LISTENERS",
                   "PLAINTEXT://" + id + ":" + std::to_string(spec.port));
        for (const auto &[k, v] : kafka::brokerEnv(
                 spec.port, 1, kafka::clusterId("compose/" + c.id), spec.memoryMib))
            setDefault(k, v);
    }
    std::string password; // the variable holding the cache's password
    for (const auto &sr : secrets) {
        env[model::envName(sr.env)] = secretVariable(ctx, sr.name, sr.key);
        if (password.empty() && sr.env.find("PASSWORD") != std::string::npos)
            password = model::envName(sr.env);
    }
    if (c.kind == ComponentKind::Cache) { // compose fills in the value from .env
        s["command"] = Node::strings({"redis-server", "/usr/local/etc/redis/redis.conf",
                                      "--requirepass", env[password].text()});
        env["REDISCLI_AUTH"] = env[password].text();
    }
    if (c.kind == ComponentKind::Queue)
        rabbitService(ctx, c, s, env);
    if (!env.isEmpty())
        s["environment"] = env;
    const bool entry = [&] {
        if (c.kind == ComponentKind::Realtime)
            return true; // the browsers' WebSocket/SSE connections come straight to it
        for (int li : ctx.index.inLinks(c.id))
            if (!ctx.runs(ctx.model.links[static_cast<size_t>(li)].from))
                return true;
        return false;
    }();
    if (entry) {
        // Each entry point gets its own host port: its container port, or the next free one.
        int host = spec.port;
        while (!ctx.hostPorts.insert(host).second)
            ++host;
        s["ports"] = Node::strings({"127.0.0.1:" + std::to_string(host) + ":"
                                    + std::to_string(spec.port)});
    }
    // A scheduled job is a one-shot (docs/deploy.md): not started by `up`, run by the host's
    // scheduler with `docker-compose run --rm <job>`; a continuous one is a service.
    const bool oneShot = c.kind == ComponentKind::Job &&
                         !c.job.value_or(model::JobSettings{}).continuous;
    if (oneShot)
        s["profiles"] = Node::strings({"jobs"});
    else
        s["healthcheck"] = healthcheck(c, spec);
    if (!deps.empty()) {
        Node &d = s["depends_on"];
        for (const auto &dep : deps) {
            // Publishers and consumers of a stream wait until its topic exists.
            if (ctx.runsKafka(dep) && c.kind != ComponentKind::Stream)
                d[dnsLabel(dep) + "-topics"]["condition"] = "service_completed_successfully";
            else
                d[dnsLabel(dep)]["condition"] = "service_healthy";
        }
    }
    s["networks"] = Node::strings({networks.begin(), networks.end()});
    Node volumes = Node::seq();
    if (c.kind == ComponentKind::Cache)
        volumes.push("./redis/" + id + ".conf:/usr/local/etc/redis/redis.conf:ro");
    if (c.kind == ComponentKind::Database) {
        volumes.push(id + "-data:" + spec.dataPath);
        const std::string sql = schemaDdl(ctx, c);
        if (!sql.empty()) {
            ctx.bundle.files.push_back({"initdb/" + id + ".sql", sql});
            volumes.push("./initdb/" + id + ".sql:/docker-entrypoint-initdb.d/10-schema.sql:ro");
        } else if (!c.schema.empty()) {
            ctx.warn("/components/" + c.id,
                     "database '" + c.id + "' starts empty: no DDL was given for its schema");
        }
    }
    if (c.kind == ComponentKind::Queue || c.kind == ComponentKind::Stream)
        volumes.push(id + "-data:" + spec.dataPath);
    if (c.kind == ComponentKind::Queue) {
        const std::string dir = "./rabbitmq/" + id + "/";
        volumes.push(dir + "20-archsim.conf:/etc/rabbitmq/conf.d/20-archsim.conf:ro");
        volumes.push(dir + "enabled_plugins:/etc/rabbitmq/enabled_plugins:ro");
        for (const char *f : {"definitions.json.in", "render.awk", "start.sh"})
            volumes.push(dir + f + ":" + kRabbitTemplateDir + "/" + f + ":ro");
    }
    if (!volumes.isEmpty())
        s["volumes"] = volumes;
    if (spec.workload == Workload::Stateless) {
        // The same hardening as the Kubernetes manifests, where compose can express it.
        s["user"] = std::to_string(spec.runAsUser) + ":" + std::to_string(spec.runAsUser);
        s["read_only"] = true;
        s["tmpfs"] = Node::strings({"/tmp"});
        s["cap_drop"] = Node::strings({"ALL"});
        s["security_opt"] = Node::strings({"no-new-privileges:true"});
    }
    s["mem_limit"] = std::to_string(spec.memoryMib) + "m";
    s["cpus"] = static_cast<double>(spec.cpuMillis * 2) / 1000.0;
    s["restart"] = oneShot ? "no" : "unless-stopped";
    return s;
}

// The one-shot service that creates a stream's topic as declared (one copy: one broker), once
// the broker is healthy. Exec form: no shell reads the topic name or its settings.
Node topicsNode(const Ctx &ctx, const model::Component &c, const std::string &network)
{
    const auto &spec = ctx.specs.at(c.id);
    const std::string id = dnsLabel(c.id);
    std::vector<std::string> command;
    for (const auto &arg : kafka::createTopicCommand(kafka::topicOf(c, 1),
                                                     id + ":" + std::to_string(spec.port)))
        command.push_back(escapeDollar(arg));
    Node s = Node::map();
    s["image"] = spec.image;
    s["command"] = Node::strings(command);
    s["environment"]["KAFKA_HEAP_OPTS"] = "-Xms128m -Xmx128m";
    s["depends_on"][id]["condition"] = "service_healthy";
    s["networks"] = Node::strings({network});
    s["read_only"] = true;
    s["tmpfs"] = Node::strings({"/tmp", "/opt/kafka/logs"});
    s["cap_drop"] = Node::strings({"ALL"});
    s["security_opt"] = Node::strings({"no-new-privileges:true"});
    s["mem_limit"] = "256m";
    s["cpus"] = 0.5;
    s["restart"] = "no"; // it runs once; its dependents wait for it to complete
    return s;
}

} // namespace

Bundle exportCompose(const model::Model &model, const ComposeOptions &options)
{
    Ctx ctx(model, options);
    const auto deps = acyclicDependencies(ctx);

    // One internal network per listening component, joined by it and by its callers.
    std::map<std::string, std::set<std::string>> nets; // component -> networks
    std::set<std::string> declared;
    for (const auto &c : model.components) {
        if (!ctx.runs(c.id))
            continue;
        nets[c.id]; // every running service is on at least one network
        for (const auto &d : deps.count(c.id) ? deps.at(c.id) : std::vector<std::string>{}) {
            const std::string n = "to-" + dnsLabel(d);
            nets[c.id].insert(n);
            nets[d].insert(n);
            declared.insert(n);
        }
    }
    bool needEdge = false, needEgress = false;
    for (const auto &l : model.links) {
        if (ctx.runs(l.to) && !ctx.runs(l.from)) {
            nets[l.to].insert("edge");
            needEdge = true;
        }
        const auto *from = ctx.index.component(l.from);
        if (ctx.runs(l.from) && !ctx.runs(l.to) && from && from->kind != ComponentKind::Queue) {
            const auto *to = ctx.index.component(l.to);
            if (to && !(to->kind == ComponentKind::Database
                        && to->engine == model::DbEngine::Sqlite)) {
                nets[l.from].insert("egress");
                needEgress = true;
            }
        }
    }
    for (const auto &c : model.components)
        if (c.kind == ComponentKind::Realtime && ctx.runs(c.id)) {
            nets[c.id].insert("edge"); // its subscribers are outside
            needEdge = true;
        }
    for (const auto &c : model.components)
        if (ctx.runsKafka(c.id)) { // the broker and its topic service meet here
            nets[c.id].insert("to-" + dnsLabel(c.id));
            declared.insert("to-" + dnsLabel(c.id));
        }
    for (auto &[id, n] : nets)
        if (n.empty()) {
            n.insert("isolated"); // runs, but nothing modeled talks to it
            declared.insert("isolated");
        }

    Node doc = Node::map();
    Node &services = doc["services"];
    std::set<std::string> dataVolumes;
    for (const auto &c : model.components) {
        if (!ctx.runs(c.id))
            continue;
        const auto d = deps.count(c.id) ? deps.at(c.id) : std::vector<std::string>{};
        services[dnsLabel(c.id)] = serviceNode(ctx, c, d, nets[c.id]);
        if (ctx.runsKafka(c.id))
            services[dnsLabel(c.id) + "-topics"] = topicsNode(ctx, c, "to-" + dnsLabel(c.id));
        if (c.kind == ComponentKind::Database || c.kind == ComponentKind::Queue
            || c.kind == ComponentKind::Stream)
            dataVolumes.insert(dnsLabel(c.id) + "-data");
        if (c.kind == ComponentKind::Cache)
            ctx.bundle.files.push_back({"redis/" + dnsLabel(c.id) + ".conf", redisConf(model, c)});
    }
    Node &networks = doc["networks"];
    for (const auto &n : declared)
        networks[n]["internal"] = true; // no route out: only the modeled callers meet here
    if (needEdge)
        networks["edge"] = Node::map();
    if (needEgress)
        networks["egress"] = Node::map();
    if (!dataVolumes.empty()) {
        Node &volumes = doc["volumes"];
        for (const auto &v : dataVolumes)
            volumes[v] = Node::map();
    }
    if (services.isEmpty())
        ctx.warn("/components", "no component runs locally: the compose file is empty");

    const std::string header =
        "Local stack for \"" + printableText(model.name, 30) + "\", generated by ArchSim.\n"
        "Start: docker-compose up -d   (secrets come from .env, local use only)\n"
        "Services with an HTTP health path need wget in their image.";
    std::string text = yaml::emitDocuments({doc}, header);
    ctx.bundle.files.insert(ctx.bundle.files.begin(), {"docker-compose.yml", text});
    std::string dotenv = "# Local-only placeholder secrets for docker-compose. Never commit\n"
                         "# real values; production reads them from Kubernetes secrets.\n";
    for (const auto &[k, v] : ctx.dotenv)
        dotenv += k + "=" + v + "\n";
    ctx.bundle.files.insert(ctx.bundle.files.begin() + 1, {".env", dotenv});
    return std::move(ctx.bundle);
}

} // namespace archsim::exporters
