// Jobs that run SQL on a database's primary on a schedule: partition maintenance (the DDL
// exporter's maintenance script) and the refresh of each materialized view (issue 21). Each is
// a ConfigMap with the SQL, a CronJob that runs it, and the two network policies that let
// exactly that job reach the database.

#include "k8s_internal.h"

#include "ddlplan.h"

#include <cmath>
#include <sstream>

namespace archsim::exporters {

namespace k8s {

Node jobLabels(const Context &ctx, const std::string &name, const DeploySpec &spec,
               const std::string &purpose)
{
    Node l = selectorLabels(ctx, name);
    const auto colon = spec.image.rfind(':');
    const std::string version =
        colon == std::string::npos ? "" : shortLabel(spec.image.substr(colon + 1), 40);
    l["app.kubernetes.io/version"] = version.empty() ? "unversioned" : version;
    l["app.kubernetes.io/component"] = purpose;
    l["app.kubernetes.io/part-of"] = ctx.partOf;
    l["app.kubernetes.io/managed-by"] = "archsim";
    return l;
}

Node primaryClientEnv(const Context &ctx, const model::Component &db)
{
    const auto &spec = ctx.spec(db.id);
    const std::string dbName = ctx.name(db.id);
    const bool mysql = db.engine == model::DbEngine::Mysql;
    Node env = Node::seq();
    auto plain = [&](const char *k, const std::string &v) {
        Node e = Node::map();
        e["name"] = k;
        e["value"] = v;
        env.push(e);
    };
    // Pod 0 of the StatefulSet is the primary.
    plain(mysql ? "DB_HOST" : "PGHOST", dbName + "-0." + dbName);
    plain(mysql ? "DB_PORT" : "PGPORT", std::to_string(spec.port));
    if (!mysql)
        plain("PGUSER", "postgres");
    Node pass = Node::map();
    pass["name"] = mysql ? "MYSQL_PWD" : "PGPASSWORD";
    // The superuser password the database itself reads.
    std::string secret = dbName + "-credentials", key = "password";
    for (const auto &s : db.deploy.secrets)
        if (s.env.find("PASSWORD") != std::string::npos
            && (!mysql || s.env.find("ROOT") != std::string::npos)) {
            secret = dnsLabel(s.name, 253);
            key = s.key;
            break;
        }
    pass["valueFrom"]["secretKeyRef"]["name"] = secret;
    pass["valueFrom"]["secretKeyRef"]["key"] = key;
    env.push(pass);
    return env;
}

namespace {

// A scheduled SQL job: `repeat` runs per tick of `schedule`, `pause` seconds apart (a refresh
// every 30 s is a job every minute that refreshes twice).
struct SqlCronJob {
    std::string name;     // of the CronJob, its ConfigMap and policies
    std::string purpose;  // component label, container name, policies' purpose annotation
    std::string schedule; // five-field cron line
    std::string file;     // the script's key in the ConfigMap
    std::string script;
    int repeat = 1;
    int pause = 0;
    int deadline = 1800; // activeDeadlineSeconds
};

std::vector<Node> sqlCronJobDocuments(Context &ctx, const model::Component &db,
                                      const SqlCronJob &j)
{
    const auto &spec = ctx.spec(db.id);
    const std::string dbName = ctx.name(db.id);
    std::vector<Node> docs;

    Node cm = Node::map();
    cm["apiVersion"] = "v1";
    cm["kind"] = "ConfigMap";
    cm["metadata"]["name"] = j.name;
    cm["metadata"]["namespace"] = ctx.ns;
    cm["metadata"]["labels"] = jobLabels(ctx, j.name, spec, j.purpose);
    cm["data"][j.file] = Node::literal(j.script);
    docs.push_back(cm);

    Node container = Node::map();
    container["name"] = j.purpose;
    container["image"] = spec.image;
    container["imagePullPolicy"] = "Always"; // kube-score, Polaris: pull secrets re-checked
    const bool mysql = db.engine == model::DbEngine::Mysql;
    const std::string path = "/scripts/" + j.file;
    const std::string once = mysql ? "mysql -h \"$DB_HOST\" -P \"$DB_PORT\" -u root < " + path
                                   : "psql -v ON_ERROR_STOP=1 -f " + path;
    if (j.repeat > 1) {
        const std::string n = std::to_string(j.repeat);
        container["command"] = Node::strings(
            {"sh", "-c",
             "i=0; while [ \"$i\" -lt " + n + " ]; do " + once + " || exit 1; i=$((i + 1)); "
             "if [ \"$i\" -lt " + n + " ]; then sleep " + std::to_string(j.pause) +
                 "; fi; done"});
    } else if (mysql) { // the mysql client reads the script on stdin (it uses DELIMITER)
        container["command"] = Node::strings({"sh", "-c", once});
    } else {
        container["command"] = Node::strings({"psql", "-v", "ON_ERROR_STOP=1", "-f", path});
    }
    container["env"] = primaryClientEnv(ctx, db);
    container["resources"]["requests"]["cpu"] = "50m";
    container["resources"]["requests"]["memory"] = "64Mi";
    container["resources"]["limits"]["cpu"] = "200m";
    container["resources"]["limits"]["memory"] = "128Mi";
    container["securityContext"] = containerSecurityContext();
    Node mount = Node::map();
    mount["name"] = "scripts";
    mount["mountPath"] = "/scripts";
    mount["readOnly"] = true;
    container["volumeMounts"].push(mount);
    Node tmp = Node::map();
    tmp["name"] = "tmp";
    tmp["mountPath"] = "/tmp";
    container["volumeMounts"].push(tmp);

    Node job = Node::map();
    job["apiVersion"] = "batch/v1";
    job["kind"] = "CronJob";
    job["metadata"]["name"] = j.name;
    job["metadata"]["namespace"] = ctx.ns;
    job["metadata"]["labels"] = jobLabels(ctx, j.name, spec, j.purpose);
    Node &s = job["spec"];
    s["schedule"] = j.schedule;
    s["timeZone"] = "Etc/UTC";
    s["concurrencyPolicy"] = "Forbid";
    s["startingDeadlineSeconds"] = j.repeat > 1 ? 30 : 3600; // a late tick is skipped
    s["successfulJobsHistoryLimit"] = 3;
    s["failedJobsHistoryLimit"] = 3;
    Node &js = s["jobTemplate"]["spec"];
    js["backoffLimit"] = 2;
    js["activeDeadlineSeconds"] = j.deadline;
    Node &pt = js["template"];
    pt["metadata"]["labels"] = jobLabels(ctx, j.name, spec, j.purpose);
    Node &ps = pt["spec"];
    ps = jobPodSpec(spec);
    ps["containers"].push(container);
    Node vol = Node::map();
    vol["name"] = "scripts";
    vol["configMap"]["name"] = j.name;
    ps["volumes"].push(vol);
    Node tmpVol = Node::map();
    tmpVol["name"] = "tmp";
    tmpVol["emptyDir"] = Node::map();
    ps["volumes"].push(tmpVol);
    docs.push_back(job);

    docs.push_back(purposePolicy(ctx, j.name + "-egress", j.purpose, j.name, dbName,
                                 {spec.portName}, false));
    docs.push_back(purposePolicy(ctx, j.name + "-ingress", j.purpose, dbName, j.name,
                                 {spec.portName}, true));
    return docs;
}

} // namespace

std::vector<Node> maintenanceDocuments(Context &ctx, const model::Component &db,
                                       const std::string &script)
{
    SqlCronJob j;
    j.name = ctx.name(db.id) + "-maintenance";
    j.purpose = "partition-maintenance";
    j.schedule = ctx.options.maintenanceSchedule;
    j.file = "archsim-partition-maintenance.sql";
    j.script = script;
    return sqlCronJobDocuments(ctx, db, j);
}

std::optional<RefreshSchedule> refreshSchedule(const model::ViewRefresh &r)
{
    if (!r.cron.empty())
        return RefreshSchedule{r.cron, 1, 0};
    const double s = r.every_s;
    if (s != std::floor(s) || s < 1)
        return std::nullopt;
    const long n = static_cast<long>(s);
    if (n < 60 && 60 % n == 0) // a CronJob ticks once a minute at most
        return RefreshSchedule{"* * * * *", int(60 / n), int(n)};
    const std::string cron = detail::periodCron(n); // the DDL's pg_cron mapping
    if (cron.empty())
        return std::nullopt;
    return RefreshSchedule{cron, 1, 0};
}

std::vector<Node> viewRefreshDocuments(Context &ctx, const model::Component &db)
{
    using namespace archsim::exporters::detail;
    std::vector<Node> docs;
    const auto &schemas = ctx.model.schemas;
    int index = -1;
    for (size_t i = 0; i < schemas.size(); ++i)
        if (schemas[i].id == db.schema)
            index = int(i);
    if (index < 0)
        return docs;
    const bool mysql = db.engine == model::DbEngine::Mysql;
    const Dialect d = mysql ? Dialect::Mysql : Dialect::Postgres;
    model::Diagnostics ignored; // the DDL export reports the schema's problems
    const PlannedSchema plan = planSchema(d, ctx.model, index, ignored);
    for (const model::View *v : viewOrder(schemas[size_t(index)])) {
        if (v->kind != model::ViewKind::Materialized || !v->refresh)
            continue;
        // MySQL's event (in the DDL) runs every N seconds; only a cron line needs a job.
        if (mysql && v->refresh->cron.empty())
            continue;
        const auto when = refreshSchedule(*v->refresh);
        if (!when) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.6g", v->refresh->every_s);
            ctx.warn("/schemas/" + std::to_string(index) + "/views",
                     "view '" + v->name + "' refreshes every " + buf + " s, which no CronJob "
                     "schedule gives (whole minutes, hours or days that divide the next unit, "
                     "or seconds that divide a minute): no refresh job");
            continue;
        }
        SqlCronJob j;
        j.name = objectName(ctx.name(db.id) + "-refresh-" + v->name, 52);
        j.purpose = "view-refresh";
        j.schedule = when->schedule;
        j.file = "refresh.sql";
        j.script = viewRefreshJob(d, plan, *v);
        j.repeat = when->repeat;
        j.pause = when->pause;
        j.deadline = when->repeat > 1 ? 58 : 1800;
        for (auto &doc : sqlCronJobDocuments(ctx, db, j))
            docs.push_back(std::move(doc));
    }
    return docs;
}

} // namespace k8s

} // namespace archsim::exporters
