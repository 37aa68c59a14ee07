// Backup CronJobs of the Kubernetes export (issue 21, docs/deploy.md "Backups"): the schedule
// from the backup policy's interval, the dump command per engine, a claim or an object store
// named by a Secret, retention, the notes on continuous archiving, and strict validation.

#include "archsim/exporters/k8s.h"
#include "archsim/model/io.h"

#include "deploytestutil.h"

#include <QFileInfo>
#include <QTest>

using namespace archsim;
using namespace deploytest;

namespace {

std::string name(const YAML::Node &d) { return str(d["metadata"]["name"]); }

const YAML::Node *find(const std::vector<YAML::Node> &all, const std::string &kind,
                       const std::string &n)
{
    for (const auto &d : all)
        if (str(d["kind"]) == kind && name(d) == n)
            return &d;
    return nullptr;
}

model::Model ecommerce() { return loadExample("ecommerce.json"); }

model::Component &shopDb(model::Model &m) { return component(m, "shop-db"); }

exporters::Bundle exportOrFail(const model::Model &m)
{
    auto r = exporters::exportKubernetes(m, {});
    if (!r.ok())
        qWarning("%s", r.message().c_str());
    return r.ok() ? r.value() : exporters::Bundle{};
}

// Returns the validator's complaints about the bundle's files ("" when every document is OK).
QString validate(const exporters::Bundle &bundle)
{
    const QString python = QStringLiteral(ARCHSIM_PYTHON3);
    if (!QFileInfo(python).isExecutable())
        return "no Python 3 with jsonschema and yaml (scripts/deps.sh test)";
    QTemporaryDir dir;
    const QStringList files = writeTo(bundle, dir.path());
    const auto r = run(python, QStringList{QStringLiteral(ARCHSIM_K8S_VALIDATE),
                                           QStringLiteral(ARCHSIM_K8S_SCHEMAS)} + files);
    QStringList problems;
    for (const auto &line : r.output.split('\n'))
        if (!line.isEmpty() && !line.endsWith(": OK"))
            problems << line;
    if (!r.started || r.exitCode != 0)
        return problems.join('\n') + r.output.left(problems.isEmpty() ? 2000 : 0);
    const auto lint = run("yamllint", QStringList{"-f", "parsable"} + files);
    if (!lint.started || lint.output.contains("[error]"))
        return lint.output;
    return {};
}

bool warnedAbout(const exporters::Bundle &b, const std::string &text)
{
    for (const auto &w : b.warnings)
        if (w.message.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestK8sBackup : public QObject {
    Q_OBJECT

private slots:
    void schedule_data();
    void schedule();
    void dumpPerEngine_data();
    void dumpPerEngine();
    void objectStoreBySecret();
    void claimAndRetention();
    void archivingNotes();
    void notExported();
};

// Oracle: a CronJob ticks once a minute at most; an interval of whole minutes or hours that
// divides the next unit, a day or a week is a cron line; anything else has no job (a warning).
void TestK8sBackup::schedule_data()
{
    QTest::addColumn<double>("interval");
    QTest::addColumn<QString>("cron"); // "" = no job
    QTest::newRow("daily") << 86400.0 << "0 0 * * *";
    QTest::newRow("hourly") << 3600.0 << "0 * * * *";
    QTest::newRow("6 h") << 21600.0 << "0 */6 * * *";
    QTest::newRow("15 min") << 900.0 << "*/15 * * * *";
    QTest::newRow("weekly") << 604800.0 << "0 0 * * 0";
    QTest::newRow("7 h") << 25200.0 << "";
    QTest::newRow("30 s") << 30.0 << "";
}

void TestK8sBackup::schedule()
{
    QFETCH(double, interval);
    QFETCH(QString, cron);
    auto m = ecommerce();
    shopDb(m).backup->full_interval_s = interval;
    const auto bundle = exportOrFail(m);
    const auto docs = documents(bundle);
    const auto *job = find(docs, "CronJob", "shop-db-backup");
    if (cron.isEmpty()) {
        QVERIFY(!job);
        QVERIFY(warnedAbout(bundle, "no backup job"));
        return;
    }
    QVERIFY(job);
    QCOMPARE(QString::fromStdString(str((*job)["spec"]["schedule"])), cron);
    QCOMPARE(str((*job)["spec"]["concurrencyPolicy"]), std::string("Forbid"));
    // A dump must end before the next one is due.
    QVERIFY((*job)["spec"]["jobTemplate"]["spec"]["activeDeadlineSeconds"].as<double>()
            <= interval);
}

void TestK8sBackup::dumpPerEngine_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("image"); // "" = the exporter's default
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QString>("secretEnv");
    QTest::newRow("PostgreSQL") << "postgres" << "" << "pg_dump --format=custom" << "PGPASSWORD";
    QTest::newRow("MySQL") << "mysql" << "" << "mysqldump --host=\"$DB_HOST\"" << "MYSQL_PWD";
    QTest::newRow("MariaDB") << "mysql" << "docker.io/library/mariadb:11.4.2"
                             << "mariadb-dump --host=\"$DB_HOST\"" << "MYSQL_PWD";
}

void TestK8sBackup::dumpPerEngine()
{
    QFETCH(QString, engine);
    QFETCH(QString, image);
    QFETCH(QString, tool);
    QFETCH(QString, secretEnv);
    auto m = ecommerce();
    for (auto &c : m.components)
        if (c.schema == "shop") { // the replica follows its primary's engine
            c.engine = engine == "mysql" ? model::DbEngine::Mysql : model::DbEngine::Postgres;
            if (engine == "mysql") {
                c.deploy.image = image.isEmpty() ? "" : image.toStdString();
                c.deploy.port = 3306;
                c.deploy.secrets = {{"MYSQL_ROOT_PASSWORD", "shop-db-credentials", "password"}};
            }
        }
    for (auto location : {model::BackupLocation::SameZone, model::BackupLocation::OtherRegion}) {
        shopDb(m).backup->location = location;
        const auto bundle = exportOrFail(m);
        const auto docs = documents(bundle);
        const auto *job = find(docs, "CronJob", "shop-db-backup");
        QVERIFY(job);
        const auto pod = (*job)["spec"]["jobTemplate"]["spec"]["template"]["spec"];
        const bool store = location != model::BackupLocation::SameZone;
        const auto dump = store ? pod["initContainers"][0] : pod["containers"][0];
        QCOMPARE(str(dump["name"]), std::string("dump"));
        const QString script = QString::fromStdString(str(dump["command"][2]));
        QVERIFY2(script.contains(tool), qPrintable(script));
        // Written under a temporary name, renamed when complete.
        QVERIFY2(script.contains("mv \"$f.partial\" \"$f\""), qPrintable(script));
        // The primary (pod 0), with the superuser password from the database's secret.
        bool password = false;
        for (const auto &e : dump["env"]) {
            if (str(e["name"]) == "PGHOST" || str(e["name"]) == "DB_HOST")
                QCOMPARE(str(e["value"]), std::string("shop-db-0.shop-db"));
            if (str(e["name"]) == secretEnv.toStdString()) {
                QVERIFY(!e["value"]);
                QCOMPARE(str(e["valueFrom"]["secretKeyRef"]["name"]),
                         std::string("shop-db-credentials"));
                password = true;
            }
        }
        QVERIFY(password);
        // Restricted, with requests and limits, like every other workload.
        for (const auto &ctr : {dump, pod["containers"][0]}) {
            QVERIFY(!ctr["securityContext"]["allowPrivilegeEscalation"].as<bool>());
            QVERIFY(ctr["securityContext"]["readOnlyRootFilesystem"].as<bool>());
            QCOMPARE(str(ctr["securityContext"]["capabilities"]["drop"][0]), std::string("ALL"));
            QVERIFY(ctr["resources"]["limits"]["memory"] && ctr["resources"]["requests"]["cpu"]);
        }
        QVERIFY(pod["securityContext"]["runAsNonRoot"].as<bool>());
        QCOMPARE(str(pod["securityContext"]["seccompProfile"]["type"]),
                 std::string("RuntimeDefault"));
        // Only the job reaches the database for it.
        QVERIFY(find(docs, "NetworkPolicy", "shop-db-backup-egress"));
        QVERIFY(find(docs, "NetworkPolicy", "shop-db-backup-ingress"));
        // No job for the read replica's component, which receives no writes.
        QVERIFY(!find(docs, "CronJob", "shop-db-replica-backup"));
        const QString problems = validate(bundle);
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
    }
}

// The e-commerce example keeps its backups in another region: an object store whose URL and
// credentials come from a Secret by name, never inline.
void TestK8sBackup::objectStoreBySecret()
{
    auto m = ecommerce();
    QCOMPARE(shopDb(m).backup->location, model::BackupLocation::OtherRegion);
    const auto bundle = exportOrFail(m);
    const auto docs = documents(bundle);
    const auto *job = find(docs, "CronJob", "shop-db-backup");
    QVERIFY(job);
    const auto pod = (*job)["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    const auto upload = pod["containers"][0];
    QCOMPARE(str(upload["name"]), std::string("upload"));
    QVERIFY(str(upload["command"][2]).find("aws s3 cp") != std::string::npos);
    std::map<std::string, std::string> keys; // env -> secret key
    for (const auto &e : upload["env"]) {
        if (!e["valueFrom"])
            continue;
        QCOMPARE(str(e["valueFrom"]["secretKeyRef"]["name"]), std::string("shop-db-backup-store"));
        keys[str(e["name"])] = str(e["valueFrom"]["secretKeyRef"]["key"]);
    }
    QCOMPARE(keys["BACKUP_URL"], std::string("url"));
    QCOMPARE(keys["AWS_ACCESS_KEY_ID"], std::string("access-key-id"));
    QCOMPARE(keys["AWS_SECRET_ACCESS_KEY"], std::string("secret-access-key"));
    // Like the other secrets the manifests read, the export says to create it.
    QVERIFY(warnedAbout(bundle, "secret 'shop-db-backup-store'"));
    // No claim: the copies leave the cluster. The pod may reach HTTPS outside.
    QVERIFY(!find(docs, "PersistentVolumeClaim", "shop-db-backups"));
    const auto *egress = find(docs, "NetworkPolicy", "shop-db-backup-store-egress");
    QVERIFY(egress);
    QCOMPARE((*egress)["spec"]["egress"][0]["ports"][0]["port"].as<int>(), 443);
    // Retention is the bucket's lifecycle, said in the file (14 days in the example).
    const auto *file = bundle.find("backups.yaml");
    QVERIFY(file);
    QVERIFY2(file->text.find("lifecycle rule that expires these objects after 14 days")
                 != std::string::npos, file->text.c_str());
    QVERIFY2(file->text.find("# shop-db (PostgreSQL, backups other_region):")
                 != std::string::npos, file->text.c_str());
}

// Backups kept in the database's zone go to a claim sized for what the retention keeps, and
// the job deletes dumps older than the retention.
void TestK8sBackup::claimAndRetention()
{
    auto m = ecommerce();
    auto &db = shopDb(m);
    db.backup->location = model::BackupLocation::SameZone;
    db.backup->retention_days = 3;
    db.backup->full_interval_s = 86400;
    db.data_bytes = int64_t(2) * 1024 * 1024 * 1024; // 2 GiB
    const auto docs = documents(exportOrFail(m));
    const auto *pvc = find(docs, "PersistentVolumeClaim", "shop-db-backups");
    QVERIFY(pvc);
    // Oracle: ceil(3 days / 1 day) + 1 copies (the one being written) of 2 GiB = 8 GiB.
    QCOMPARE(str((*pvc)["spec"]["resources"]["requests"]["storage"]), std::string("8Gi"));
    const auto *job = find(docs, "CronJob", "shop-db-backup");
    QVERIFY(job);
    const auto pod = (*job)["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    QCOMPARE(str(pod["volumes"][0]["persistentVolumeClaim"]["claimName"]),
             std::string("shop-db-backups"));
    const std::string script = str(pod["containers"][0]["command"][2]);
    // 3 days = 4320 minutes.
    QVERIFY2(script.find("find /backups -name 'shop-db-*.dump' -mmin +4320 -delete")
                 != std::string::npos, script.c_str());
    QVERIFY(pod["securityContext"]["fsGroup"]); // the claim is writable by the job's user
}

// Continuous archiving is the server's configuration: the file says what to set.
void TestK8sBackup::archivingNotes()
{
    auto m = ecommerce();
    QVERIFY(shopDb(m).backup->archiving);
    auto text = exportOrFail(m).find("backups.yaml")->text;
    QVERIFY2(text.find("archive_mode = on, archive_timeout = 60") != std::string::npos,
             text.c_str());
    QVERIFY(text.find("archive_command") != std::string::npos);
    for (auto &c : m.components)
        if (c.schema == "shop")
            c.engine = model::DbEngine::Mysql;
    text = exportOrFail(m).find("backups.yaml")->text;
    // 14 days of binlogs.
    QVERIFY2(text.find("binlog_expire_logs_seconds = 1209600") != std::string::npos,
             text.c_str());
    // Archiving only (no full backups): the notes, no job.
    shopDb(m).backup->full_interval_s = 0;
    const auto bundle = exportOrFail(m);
    QVERIFY(bundle.find("backups.yaml"));
    QVERIFY(!find(documents(bundle), "CronJob", "shop-db-backup"));
}

// SQLite and databases outside the cluster: no job, a warning saying why.
void TestK8sBackup::notExported()
{
    auto m = ecommerce();
    shopDb(m).engine = model::DbEngine::Sqlite;
    auto bundle = exportOrFail(m);
    QVERIFY(!find(documents(bundle), "CronJob", "shop-db-backup"));
    QVERIFY(warnedAbout(bundle, "is SQLite"));
    m = ecommerce();
    shopDb(m).deploy.hosting = "managed";
    bundle = exportOrFail(m);
    QVERIFY(!find(documents(bundle), "CronJob", "shop-db-backup"));
    QVERIFY(warnedAbout(bundle, "with its provider"));
    // Without a backup policy there is nothing.
    m = ecommerce();
    shopDb(m).backup.reset();
    QVERIFY(!exportOrFail(m).find("backups.yaml"));
}

QTEST_GUILESS_MAIN(TestK8sBackup)
#include "tst_k8s_backup.moc"
