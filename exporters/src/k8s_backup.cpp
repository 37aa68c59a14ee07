// Backups of each database run in the cluster (issue 21): a CronJob that dumps the primary on the
// backup policy's full-backup interval (pg_dump, mysqldump or mariadb-dump) to a
// PersistentVolumeClaim (copies kept in the database's zone) or to an object store whose URL and
// credentials come from a Secret (copies in another zone or region). Continuous WAL/binlog
// archiving is server configuration: backupNotes() says what to set.

#include "k8s_internal.h"

#include "ddlplan.h"

#include "archsim/model/dataprotection.h"

#include <algorithm>
#include <cmath>

namespace archsim::exporters::k8s {

namespace {

constexpr const char *kUploadImage = "docker.io/amazon/aws-cli:2.17.0";
constexpr double kGi = 1024.0 * 1024.0 * 1024.0;
constexpr int kUnknownSizeGi = 10; // the claim when the model gives no data size

bool isMariaDb(const DeploySpec &spec) { return spec.image.find("mariadb") != std::string::npos; }

// Returns the cron line of a full backup every `interval` seconds ("" when none gives it).
std::string backupCron(double interval)
{
    if (interval < 60 || interval != std::floor(interval))
        return {};
    const long n = static_cast<long>(interval);
    if (n == 7 * 86400)
        return "0 0 * * 0";
    return detail::periodCron(n);
}

bool toObjectStore(const model::BackupPolicy &b)
{
    return b.location != model::BackupLocation::SameZone;
}

std::string storeSecret(const Context &ctx, const model::Component &db)
{
    return ctx.name(db.id) + "-backup-store";
}

std::string claimName(const Context &ctx, const model::Component &db)
{
    return ctx.name(db.id) + "-backups";
}

// Returns the claim size in GiB: every copy the retention keeps plus the one being written.
int claimGi(const Context &ctx, const model::Component &db, const model::BackupPolicy &b)
{
    const double bytes = model::dataBytes(ctx.model, db);
    if (bytes <= 0)
        return kUnknownSizeGi;
    const double copies = std::ceil(b.retention_days * 86400 / b.full_interval_s) + 1;
    return std::max(1, static_cast<int>(std::ceil(copies * bytes / kGi)));
}

// Returns the shell script that dumps the primary into `dir`: written under a .partial name and
// renamed when complete, so a failed dump never looks like a backup.
std::string dumpScript(const Context &ctx, const model::Component &db, const std::string &dir,
                       double retentionDays, bool prune)
{
    const std::string prefix = ctx.name(db.id);
    const bool mysql = db.engine == model::DbEngine::Mysql;
    const std::string ext = mysql ? ".sql" : ".dump";
    std::string s = "set -eu\n";
    s += "f=" + dir + "/" + prefix + "-$(date -u +%Y%m%dT%H%M%SZ)" + ext + "\n";
    if (mysql) {
        const std::string tool = isMariaDb(ctx.spec(db.id)) ? "mariadb-dump" : "mysqldump";
        s += tool + " --host=\"$DB_HOST\" --port=\"$DB_PORT\" --user=root"
             " --single-transaction --routines --events --triggers --all-databases"
             " --result-file=\"$f.partial\"\n";
    } else {
        s += "pg_dump --format=custom --file=\"$f.partial\"\n";
    }
    s += "mv \"$f.partial\" \"$f\"\n";
    if (prune) {
        const long minutes = std::lround(retentionDays * 1440);
        s += "find " + dir + " -name '" + prefix + "-*" + ext + "' -mmin +"
            + std::to_string(minutes) + " -delete\n";
    }
    return s;
}

Node secretEnvFrom(const std::string &name, const std::string &secret, const std::string &key,
                   bool optional)
{
    Node e = Node::map();
    e["name"] = name;
    e["valueFrom"]["secretKeyRef"]["name"] = secret;
    e["valueFrom"]["secretKeyRef"]["key"] = key;
    if (optional)
        e["valueFrom"]["secretKeyRef"]["optional"] = true;
    return e;
}

Node volumeMount(const std::string &name, const std::string &path)
{
    Node m = Node::map();
    m["name"] = name;
    m["mountPath"] = path;
    return m;
}

Node resources(const char *cpu, const char *memory, const char *cpuLimit, const char *memLimit)
{
    Node r = Node::map();
    r["requests"]["cpu"] = cpu;
    r["requests"]["memory"] = memory;
    r["limits"]["cpu"] = cpuLimit;
    r["limits"]["memory"] = memLimit;
    return r;
}

// Egress from the job's pods to an object store outside the cluster, on HTTPS.
Node storeEgressPolicy(const Context &ctx, const std::string &jobName)
{
    Node d = Node::map();
    d["apiVersion"] = "networking.k8s.io/v1";
    d["kind"] = "NetworkPolicy";
    d["metadata"]["name"] = jobName + "-store-egress";
    d["metadata"]["namespace"] = ctx.ns;
    d["metadata"]["labels"]["app.kubernetes.io/part-of"] = ctx.partOf;
    d["metadata"]["labels"]["app.kubernetes.io/managed-by"] = "archsim";
    d["metadata"]["annotations"]["archsim.io/purpose"] = "backup";
    Node &s = d["spec"];
    s["podSelector"]["matchLabels"] = selectorLabels(ctx, jobName);
    s["policyTypes"] = Node::strings({"Egress"});
    Node peer = Node::map();
    peer["ipBlock"]["cidr"] = "0.0.0.0/0";
    Node port = Node::map();
    port["protocol"] = "TCP";
    port["port"] = 443;
    Node rule = Node::map();
    rule["to"].push(peer);
    rule["ports"].push(port);
    s["egress"].push(rule);
    return d;
}

std::string engineName(const Context &ctx, const model::Component &db)
{
    if (db.engine == model::DbEngine::Postgres)
        return "PostgreSQL";
    return isMariaDb(ctx.spec(db.id)) ? "MariaDB" : "MySQL";
}

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

} // namespace

std::vector<Node> backupDocuments(Context &ctx, const model::Component &db)
{
    std::vector<Node> docs;
    if (!db.backup)
        return docs;
    const auto &b = *db.backup;
    const std::string place = "/components/" + db.id + "/backup";
    if (db.engine == model::DbEngine::Sqlite) {
        ctx.warn(place, "database '" + db.id + "' is SQLite, a file inside its callers: its "
                        "backups are not exported (copy the file with sqlite3 .backup)");
        return docs;
    }
    const auto &spec = ctx.spec(db.id);
    if (spec.workload != Workload::Stateful) {
        ctx.warn(place, "database '" + db.id + "' is not run in the cluster: schedule its "
                        "backups with its provider");
        return docs;
    }
    if (b.full_interval_s <= 0)
        return docs; // archiving only: server configuration, in the notes
    const std::string schedule = backupCron(b.full_interval_s);
    if (schedule.empty()) {
        ctx.warn(place + "/full_interval_s",
                 "database '" + db.id + "' backs up every " + number(b.full_interval_s)
                     + " s, which no CronJob schedule gives (whole minutes or hours that "
                       "divide the next unit, a day or a week): no backup job");
        return docs;
    }
    const std::string jobName = objectName(ctx.name(db.id) + "-backup", 52);
    const std::string purpose = "backup";
    const bool store = toObjectStore(b);
    const std::string dir = store ? "/backup" : "/backups";

    Node dump = Node::map();
    dump["name"] = "dump";
    dump["image"] = spec.image; // the server's own client, same version
    dump["imagePullPolicy"] = "Always";
    dump["command"] =
        Node::strings({"sh", "-c", dumpScript(ctx, db, dir, b.retention_days, !store)});
    dump["env"] = primaryClientEnv(ctx, db);
    if (db.engine == model::DbEngine::Postgres) { // the database the server's image creates
        std::string database = "postgres";
        for (const auto &[k, v] : db.deploy.env)
            if (k == "POSTGRES_DB" && !v.empty())
                database = v;
        Node e = Node::map();
        e["name"] = "PGDATABASE";
        e["value"] = database;
        dump["env"].push(e);
    }
    dump["resources"] = resources("100m", "256Mi", "1", "1Gi");
    dump["securityContext"] = containerSecurityContext();
    dump["volumeMounts"].push(volumeMount("backups", dir));
    dump["volumeMounts"].push(volumeMount("tmp", "/tmp"));

    Node job = Node::map();
    job["apiVersion"] = "batch/v1";
    job["kind"] = "CronJob";
    job["metadata"]["name"] = jobName;
    job["metadata"]["namespace"] = ctx.ns;
    job["metadata"]["labels"] = jobLabels(ctx, jobName, spec, purpose);
    Node &ann = job["metadata"]["annotations"];
    ann["archsim.io/component"] = db.id;
    ann["archsim.io/backup-interval-s"] = number(b.full_interval_s);
    ann["archsim.io/retention-days"] = number(b.retention_days);
    ann["archsim.io/backup-location"] = model::toString(b.location);
    Node &s = job["spec"];
    s["schedule"] = schedule;
    s["timeZone"] = "Etc/UTC";
    s["concurrencyPolicy"] = "Forbid";
    s["startingDeadlineSeconds"] = static_cast<int>(std::min(b.full_interval_s, 3600.0));
    s["successfulJobsHistoryLimit"] = 3;
    s["failedJobsHistoryLimit"] = 3;
    Node &js = s["jobTemplate"]["spec"];
    js["backoffLimit"] = 2;
    // A dump must end before the next is due.
    js["activeDeadlineSeconds"] = static_cast<int>(std::min(b.full_interval_s, 86400.0));
    Node &pt = js["template"];
    pt["metadata"]["labels"] = jobLabels(ctx, jobName, spec, purpose);
    Node &ps = pt["spec"];
    ps = jobPodSpec(spec);
    Node vol = Node::map();
    vol["name"] = "backups";
    if (store) {
        // The dump is written locally first, then uploaded by the second container.
        ps["initContainers"].push(dump);
        Node up = Node::map();
        up["name"] = "upload";
        up["image"] = kUploadImage;
        up["imagePullPolicy"] = "Always";
        up["command"] = Node::strings(
            {"sh", "-c",
             "set -eu\naws s3 cp --recursive --no-progress /backup \"${BACKUP_URL%/}/\"\n"});
        const std::string secret = storeSecret(ctx, db);
        Node &env = up["env"];
        env.push(secretEnvFrom("BACKUP_URL", secret, "url", false));
        env.push(secretEnvFrom("AWS_ACCESS_KEY_ID", secret, "access-key-id", false));
        env.push(secretEnvFrom("AWS_SECRET_ACCESS_KEY", secret, "secret-access-key", false));
        env.push(secretEnvFrom("AWS_ENDPOINT_URL", secret, "endpoint", true));
        env.push(secretEnvFrom("AWS_DEFAULT_REGION", secret, "region", true));
        Node home = Node::map();
        home["name"] = "HOME";
        home["value"] = "/tmp"; // the CLI writes its cache there; the root is read-only
        env.push(home);
        up["resources"] = resources("100m", "128Mi", "500m", "512Mi");
        up["securityContext"] = containerSecurityContext();
        up["volumeMounts"].push(volumeMount("backups", "/backup"));
        up["volumeMounts"].push(volumeMount("tmp", "/tmp"));
        ps["containers"].push(up);
        vol["emptyDir"]["sizeLimit"] = std::to_string(
            std::max(1, static_cast<int>(std::ceil(model::dataBytes(ctx.model, db) / kGi)))
            + 1) + "Gi";
        ann["archsim.io/retention"] = "the bucket's lifecycle rule expires the objects";
        ctx.warn(place, "'" + db.id + "' uploads its backups with secret '" + secret +
                            "' (keys url, access-key-id, secret-access-key): create it before "
                            "applying");
    } else {
        ps["securityContext"] = podSecurityContext(spec, true); // the claim is writable
        ps["containers"].push(dump);
        vol["persistentVolumeClaim"]["claimName"] = claimName(ctx, db);
        ann["archsim.io/retention"] = "dumps older than the retention are deleted";
    }
    ps["volumes"].push(vol);
    Node tmpVol = Node::map();
    tmpVol["name"] = "tmp";
    tmpVol["emptyDir"] = Node::map();
    ps["volumes"].push(tmpVol);

    if (!store) {
        Node pvc = Node::map();
        pvc["apiVersion"] = "v1";
        pvc["kind"] = "PersistentVolumeClaim";
        pvc["metadata"]["name"] = claimName(ctx, db);
        pvc["metadata"]["namespace"] = ctx.ns;
        pvc["metadata"]["labels"] = jobLabels(ctx, jobName, spec, purpose);
        pvc["spec"]["accessModes"] = Node::strings({"ReadWriteOnce"});
        pvc["spec"]["resources"]["requests"]["storage"] =
            std::to_string(claimGi(ctx, db, b)) + "Gi";
        docs.push_back(pvc);
    }
    docs.push_back(job);
    const std::string dbName = ctx.name(db.id);
    docs.push_back(purposePolicy(ctx, jobName + "-egress", purpose, jobName, dbName,
                                 {spec.portName}, false));
    docs.push_back(purposePolicy(ctx, jobName + "-ingress", purpose, dbName, jobName,
                                 {spec.portName}, true));
    if (store)
        docs.push_back(storeEgressPolicy(ctx, jobName));
    return docs;
}

std::string backupNotes(const Context &ctx, const model::Component &db)
{
    if (!db.backup || db.engine == model::DbEngine::Sqlite)
        return {};
    const auto &b = *db.backup;
    const std::string name = ctx.name(db.id);
    const std::string days = number(b.retention_days);
    const bool mysql = db.engine == model::DbEngine::Mysql;
    std::string n = "\n" + name + " (" + engineName(ctx, db) + ", backups "
        + model::toString(b.location) + "):\n";
    if (b.full_interval_s > 0) {
        n += "  a dump every " + number(b.full_interval_s) + " s, kept " + days + " days, ";
        if (toObjectStore(b))
            n += "uploaded to\n  the URL in Secret " + storeSecret(ctx, db)
                + " (keys url, access-key-id,\n  secret-access-key; endpoint, region "
                  "optional). Create it; give\n  the bucket a lifecycle rule that expires "
                  "these objects after " + days + " days.\n";
        else
            n += "on claim " + claimName(ctx, db) + "\n  (older dumps deleted by the job).\n";
        // MariaDB 11's images have no `mysql` command any more: its client is `mariadb`.
        if (mysql)
            n += std::string("  Restore: ") + (isMariaDb(ctx.spec(db.id)) ? "mariadb" : "mysql")
                + " < FILE.sql\n";
        else
            n += "  Restore: pg_restore --dbname=NEW FILE.dump\n";
    }
    if (b.archiving) {
        n += "  Continuous archiving (" + number(b.archive_delay_s)
            + " s) is server configuration, not a job:\n";
        if (mysql)
            n += "  set log_bin = ON, binlog_expire_logs_seconds = "
                + std::to_string(std::lround(b.retention_days * 86400))
                + ",\n  and ship the binlogs to the same store (mysqlbinlog\n"
                  "  --read-from-remote-server --raw --stop-never).\n";
        else
            n += "  set archive_mode = on, archive_timeout = " + number(b.archive_delay_s)
                + " and an\n  archive_command that copies %p to the same store (wal-g,\n"
                  "  pgBackRest); keep the WAL " + days + " days.\n";
    }
    return n;
}

} // namespace archsim::exporters::k8s
