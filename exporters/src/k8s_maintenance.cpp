// Partition maintenance: a ConfigMap with the SQL, a CronJob that runs it against the
// database's primary, and the two network policies that let exactly that job reach it.

#include "k8s_internal.h"

#include <sstream>

namespace archsim::exporters {

namespace {

std::string sqlLiteral(const std::string &text)
{
    std::string out = "'";
    for (char ch : text) {
        out += ch;
        if (ch == '\'')
            out += '\'';
    }
    return out + "'";
}

const char *intervalWord(model::PartitionInterval i)
{
    switch (i) {
    case model::PartitionInterval::Day:
        return "day";
    case model::PartitionInterval::Year:
        return "year";
    case model::PartitionInterval::Month:
        break;
    }
    return "month";
}

const char *suffixFormat(model::PartitionInterval i)
{
    switch (i) {
    case model::PartitionInterval::Day:
        return "YYYY_MM_DD";
    case model::PartitionInterval::Year:
        return "YYYY";
    case model::PartitionInterval::Month:
        break;
    }
    return "YYYY_MM";
}

void tableBlock(std::ostringstream &sql, const std::string &schema, const model::Table &t,
                int ahead)
{
    const auto &p = *t.partitioning;
    const std::string unit = intervalWord(p.interval);
    sql << "\n-- " << printableText(schema, 60) << "." << printableText(t.name, 60) << ": "
        << unit << "ly range partitions,\n-- " << ahead << " ahead, "
        << (p.retention > 0 ? "keep " + std::to_string(p.retention) : std::string("keep all"))
        << ".\n";
    sql << "DO $archsim$\nDECLARE\n"
        << "    sch text := " << sqlLiteral(schema) << ";\n"
        << "    tbl text := " << sqlLiteral(t.name) << ";\n"
        << "    parent regclass;\n"
        << "    step interval := interval '1 " << unit << "';\n"
        << "    base timestamptz := date_trunc('" << unit << "', now());\n"
        << "    keep int := " << p.retention << ";\n"
        << "    lo timestamptz;\n    hi timestamptz;\n    part record;\n"
        << "BEGIN\n"
        << "    parent := format('%I.%I', sch, tbl)::regclass;\n"
        << "    FOR i IN 0.." << ahead << " LOOP\n"
        << "        lo := base + step * i;\n"
        << "        hi := lo + step;\n"
        << "        -- Skip ranges an existing partition covers, whatever its name.\n"
        << "        IF NOT EXISTS (\n"
        << "            SELECT 1 FROM pg_temp.archsim_partition_bounds(parent) b\n"
        << "            WHERE b.lo < hi AND lo < b.hi) THEN\n"
        << "            EXECUTE format(\n"
        << "                'CREATE TABLE %I.%I PARTITION OF %I.%I '\n"
        << "                'FOR VALUES FROM (%L) TO (%L)',\n"
        << "                sch, tbl || '_p' || to_char(lo, '" << suffixFormat(p.interval)
        << "'),\n"
        << "                sch, tbl, to_char(lo, 'YYYY-MM-DD'),\n"
        << "                to_char(hi, 'YYYY-MM-DD'));\n"
        << "        END IF;\n"
        << "    END LOOP;\n"
        << "    IF keep > 0 THEN\n"
        << "        FOR part IN SELECT * FROM pg_temp.archsim_partition_bounds(parent) b\n"
        << "                    WHERE b.hi <= base - step * (keep - 1) LOOP\n"
        << "            EXECUTE format('ALTER TABLE %s DETACH PARTITION %s',\n"
        << "                           parent, part.rel);\n"
        << "            EXECUTE format('DROP TABLE %s', part.rel);\n"
        << "        END LOOP;\n"
        << "    END IF;\n"
        << "END\n$archsim$;\n";
}

} // namespace

std::string partitionMaintenanceSql(const model::Model &model, const model::Component &db,
                                    int ahead)
{
    std::ostringstream sql;
    bool any = false;
    for (const auto &s : model.schemas) {
        if (s.id != db.schema)
            continue;
        const std::string schema = s.name.empty() ? s.id : s.name;
        for (const auto &t : s.tables) {
            if (!t.partitioning || t.partitioning->method != model::PartitionMethod::Range)
                continue;
            if (!any) {
                sql << "-- ArchSim partition maintenance for database "
                    << printableText(db.id, 40) << " (PostgreSQL).\n"
                    << "-- Run with: psql -v ON_ERROR_STOP=1 -f maintain.sql\n"
                    << "SET TIME ZONE 'UTC';\n\n"
                    << "-- The bounds of a table's range partitions (default partition\n"
                    << "-- and MINVALUE/MAXVALUE bounds left out).\n"
                    << "CREATE OR REPLACE FUNCTION pg_temp.archsim_partition_bounds(\n"
                    << "    parent regclass)\n"
                    << "RETURNS TABLE (rel regclass, lo timestamptz, hi timestamptz)\n"
                    << "LANGUAGE sql AS $fn$\n"
                    << "    SELECT c.oid::regclass,\n"
                    << "           (regexp_match(e.b, 'FROM \\(''([^'']+)''\\)'))[1]"
                    << "::timestamptz,\n"
                    << "           (regexp_match(e.b, 'TO \\(''([^'']+)''\\)'))[1]"
                    << "::timestamptz\n"
                    << "    FROM pg_inherits i\n"
                    << "    JOIN pg_class c ON c.oid = i.inhrelid\n"
                    << "    CROSS JOIN LATERAL\n"
                    << "        (SELECT pg_get_expr(c.relpartbound, c.oid) AS b) e\n"
                    << "    WHERE i.inhparent = parent\n"
                    << "      AND e.b ~ 'FROM \\(''[^'']+''\\) TO \\(''[^'']+''\\)'\n"
                    << "$fn$;\n";
                any = true;
            }
            tableBlock(sql, schema, t, ahead);
        }
    }
    return any ? sql.str() : std::string();
}

namespace k8s {

namespace {

Node jobLabels(const Context &ctx, const std::string &name, const DeploySpec &spec)
{
    Node l = selectorLabels(ctx, name);
    const auto colon = spec.image.rfind(':');
    const std::string version =
        colon == std::string::npos ? "" : labelValue(spec.image.substr(colon + 1));
    l["app.kubernetes.io/version"] = version.empty() ? "unversioned" : version;
    l["app.kubernetes.io/component"] = "partition-maintenance";
    l["app.kubernetes.io/part-of"] = ctx.partOf;
    l["app.kubernetes.io/managed-by"] = "archsim";
    return l;
}

Node jobPolicy(const Context &ctx, const std::string &name, const std::string &dbName,
               const std::string &jobName, const std::string &portName, bool ingress)
{
    Node d = Node::map();
    d["apiVersion"] = "networking.k8s.io/v1";
    d["kind"] = "NetworkPolicy";
    d["metadata"]["name"] = name;
    d["metadata"]["namespace"] = ctx.ns;
    d["metadata"]["labels"]["app.kubernetes.io/part-of"] = ctx.partOf;
    d["metadata"]["labels"]["app.kubernetes.io/managed-by"] = "archsim";
    d["metadata"]["annotations"]["archsim.io/purpose"] = "partition-maintenance";
    Node &s = d["spec"];
    s["podSelector"]["matchLabels"] = selectorLabels(ctx, ingress ? dbName : jobName);
    s["policyTypes"] = Node::strings({ingress ? "Ingress" : "Egress"});
    Node peer = Node::map();
    peer["podSelector"]["matchLabels"] = selectorLabels(ctx, ingress ? jobName : dbName);
    Node rule = Node::map();
    rule[ingress ? "from" : "to"].push(peer);
    Node port = Node::map();
    port["protocol"] = "TCP";
    port["port"] = portName;
    rule["ports"].push(port);
    s[ingress ? "ingress" : "egress"].push(rule);
    return d;
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
    container["imagePullPolicy"] = "IfNotPresent";
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
    // Pod 0 of the StatefulSet is the primary; partitions are created there.
    plain("PGHOST", dbName + "-0." + dbName);
    plain("PGPORT", std::to_string(spec.port));
    plain("PGUSER", "postgres");
    Node pass = Node::map();
    pass["name"] = "PGPASSWORD";
    std::string secret = dbName + "-credentials", key = "password";
    for (const auto &s : db.deploy.secrets)
        if (s.env == "POSTGRES_PASSWORD") {
            secret = dnsLabel(s.name, 253);
            key = s.key;
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
    ps["restartPolicy"] = "OnFailure";
    ps["automountServiceAccountToken"] = false;
    ps["enableServiceLinks"] = false;
    ps["securityContext"] = podSecurityContext(spec, false);
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

    docs.push_back(jobPolicy(ctx, jobName + "-egress", dbName, jobName, spec.portName, false));
    docs.push_back(jobPolicy(ctx, jobName + "-ingress", dbName, jobName, spec.portName, true));
    return docs;
}

} // namespace k8s

} // namespace archsim::exporters
