// Partition maintenance: a ConfigMap with the SQL of the DDL exporter, a CronJob that runs it
// against the database's primary, and the two network policies that let exactly that job
// reach it.

#include "k8s_internal.h"

#include <sstream>

namespace archsim::exporters {

namespace k8s {

namespace {

Node jobLabels(const Context &ctx, const std::string &name, const DeploySpec &spec)
{
    Node l = selectorLabels(ctx, name);
    const auto colon = spec.image.rfind(':');
    const std::string version =
        colon == std::string::npos ? "" : shortLabel(spec.image.substr(colon + 1), 40);
    l["app.kubernetes.io/version"] = version.empty() ? "unversioned" : version;
    l["app.kubernetes.io/component"] = "partition-maintenance";
    l["app.kubernetes.io/part-of"] = ctx.partOf;
    l["app.kubernetes.io/managed-by"] = "archsim";
    return l;
}

} // namespace

std::vector<Node> maintenanceDocuments(Context &ctx, const model::Component &db,
                                       const std::string &script)
{
    const auto &spec = ctx.spec(db.id);
    const std::string dbName = ctx.name(db.id);
    const std::string jobName = dbName + "-maintenance";
    std::vector<Node> docs;

    Node cm = Node::map();
    cm["apiVersion"] = "v1";
    cm["kind"] = "ConfigMap";
    cm["metadata"]["name"] = jobName;
    cm["metadata"]["namespace"] = ctx.ns;
    cm["metadata"]["labels"] = jobLabels(ctx, jobName, spec);
    cm["data"]["archsim-partition-maintenance.sql"] = Node::literal(script);
    docs.push_back(cm);

    Node container = Node::map();
    container["name"] = "partition-maintenance";
    container["image"] = spec.image;
    container["imagePullPolicy"] = "Always"; // kube-score, Polaris: pull secrets re-checked
    const bool mysql = db.engine == model::DbEngine::Mysql;
    // Pod 0 of the StatefulSet is the primary; partitions are created there.
    const std::string host = dbName + "-0." + dbName;
    if (mysql) // the mysql client reads the script on stdin (it uses DELIMITER)
        container["command"] = Node::strings(
            {"sh", "-c",
             "mysql -h \"$DB_HOST\" -P \"$DB_PORT\" -u root "
             "< /scripts/archsim-partition-maintenance.sql"});
    else
        container["command"] = Node::strings(
            {"psql", "-v", "ON_ERROR_STOP=1", "-f",
             "/scripts/archsim-partition-maintenance.sql"});
    Node &env = container["env"];
    auto plain = [&](const char *k, const std::string &v) {
        Node e = Node::map();
        e["name"] = k;
        e["value"] = v;
        env.push(e);
    };
    plain(mysql ? "DB_HOST" : "PGHOST", host);
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
    job["metadata"]["name"] = jobName;
    job["metadata"]["namespace"] = ctx.ns;
    job["metadata"]["labels"] = jobLabels(ctx, jobName, spec);
    Node &s = job["spec"];
    s["schedule"] = ctx.options.maintenanceSchedule;
    s["timeZone"] = "Etc/UTC";
    s["concurrencyPolicy"] = "Forbid";
    s["startingDeadlineSeconds"] = 3600;
    s["successfulJobsHistoryLimit"] = 3;
    s["failedJobsHistoryLimit"] = 3;
    Node &js = s["jobTemplate"]["spec"];
    js["backoffLimit"] = 2;
    js["activeDeadlineSeconds"] = 1800;
    Node &pt = js["template"];
    pt["metadata"]["labels"] = jobLabels(ctx, jobName, spec);
    Node &ps = pt["spec"];
    ps = jobPodSpec(spec);
    ps["containers"].push(container);
    Node vol = Node::map();
    vol["name"] = "scripts";
    vol["configMap"]["name"] = jobName;
    ps["volumes"].push(vol);
    Node tmpVol = Node::map();
    tmpVol["name"] = "tmp";
    tmpVol["emptyDir"] = Node::map();
    ps["volumes"].push(tmpVol);
    docs.push_back(job);

    const char *purpose = "partition-maintenance";
    docs.push_back(purposePolicy(ctx, jobName + "-egress", purpose, jobName, dbName,
                                 {spec.portName}, false));
    docs.push_back(purposePolicy(ctx, jobName + "-ingress", purpose, dbName, jobName,
                                 {spec.portName}, true));
    return docs;
}

} // namespace k8s

} // namespace archsim::exporters
