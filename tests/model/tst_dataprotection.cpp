// Replication, backups, regions and disaster recovery in the model: validation with places,
// both file formats, the analytic RPO/RTO (docs/data-lifecycle.md) and the data lint rules.

#include "archsim/model/dataprotection.h"
#include "archsim/model/io.h"
#include "archsim/model/lint.h"
#include "archsim/model/validate.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace archsim::model;

namespace {

Component db(const std::string &id, int replicas = 1)
{
    Component c;
    c.id = id;
    c.kind = ComponentKind::Database;
    c.replicas = replicas;
    return c;
}

// A client writing to `database` through an app at 100 requests/s.
Model shop(const Component &database)
{
    Model m;
    m.name = "shop";
    Component users;
    users.id = "users";
    users.kind = ComponentKind::Client;
    users.rps = 100;
    Component app;
    app.id = "app";
    app.kind = ComponentKind::Service;
    app.workers = 100;
    m.components = {users, app, database};
    Link in;
    in.id = "users-app";
    in.from = "users";
    in.to = "app";
    Link w;
    w.id = "app-db";
    w.from = "app";
    w.to = database.id;
    w.kind = LinkKind::Write;
    m.links = {in, w};
    return m;
}

bool hasError(const Diagnostics &d, const std::string &place, const std::string &words)
{
    for (const auto &x : d)
        if (x.place == place && x.message.find(words) != std::string::npos)
            return true;
    return false;
}

const DataProtectionEstimate &estimateOf(const Model &m)
{
    static std::vector<DataProtectionEstimate> keep;
    keep = estimateDataProtection(m, estimate(m));
    if (keep.size() != 1)
        qFatal("expected one database");
    return keep.front();
}

std::vector<std::string> rulesFired(const Model &m)
{
    std::vector<std::string> out;
    for (const Finding &f : lint(m).findings)
        out.push_back(f.rule);
    return out;
}

bool fired(const Model &m, const std::string &rule)
{
    const auto rules = rulesFired(m);
    return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

} // namespace

class TestDataProtection : public QObject {
    Q_OBJECT
private slots:
    void validationNamesThePlace();
    void roundTripsBothFormats();
    void oldFilesStayUnchanged();
    void periodicBackupsLoseUpToTheInterval();
    void archivingLosesTheArchiveDelay();
    void restoreTakesSizeOverRate();
    void asyncFailoverLosesWriteRateTimesLag();
    void placementDecidesZoneAndRegionLosses();
    void strategyAddsItsSteps();
    void lintNoBackups();
    void lintBackupsNotOffSite();
    void lintTargetNotMet();
    void lintReplicaReadYourWrites();
};

void TestDataProtection::validationNamesThePlace()
{
    Model m = shop(db("db", 1));
    m.components[1].backup = BackupPolicy{};  // on a service
    m.components[2].replication = Replication{};
    m.components[2].replication->mode = ReplicationMode::SyncOne; // with one instance
    m.components[2].backup = BackupPolicy{};
    m.components[2].backup->full_interval_s = 0; // and no archiving
    m.components[2].rpo_target_s = -1;
    m.zones = {"a"};
    m.regions = {{"eu", {"a", "nowhere"}}, {"us", {"a"}}};
    Scenario sc;
    sc.id = "dr";
    ScenarioEvent out;
    out.action = EventAction::RegionOutage;
    out.target = "mars";
    ScenarioEvent loss;
    loss.action = EventAction::DataLoss;
    loss.target = "app";
    sc.events = {out, loss};
    m.scenarios = {sc};
    const Diagnostics d = validate(m);
    QVERIFY(hasError(d, "/components/1/backup", "belongs to a database"));
    QVERIFY(hasError(d, "/components/2/replication/mode", "replicas 1"));
    QVERIFY(hasError(d, "/components/2/backup/full_interval_s", "or archiving"));
    QVERIFY(hasError(d, "/components/2/rpo_target_s", "at least 0"));
    QVERIFY(hasError(d, "/regions/0/zones/1", "unknown zone 'nowhere'"));
    QVERIFY(hasError(d, "/regions/1/zones/0", "already in region 'eu'"));
    QVERIFY(hasError(d, "/scenarios/0/events/0/target", "unknown region 'mars'"));
    QVERIFY(hasError(d, "/scenarios/0/events/1/target", "not a database"));
}

void TestDataProtection::roundTripsBothFormats()
{
    Component d = db("db", 3);
    d.zones = {"a", "b", "c"};
    d.replication = Replication{ReplicationMode::RemoteApply,
                                {DistKind::Lognormal, 250, 0.5, 2, 0.5}, 800, 2};
    d.backup = BackupPolicy{3600, true, 30, 14, BackupLocation::OtherZone, 2.5e8};
    d.data_bytes = 123456789;
    d.rpo_target_s = 0;
    d.rto_target_s = 300;
    Model m = shop(d);
    m.zones = {"a", "b", "c"};
    m.regions = {{"eu", {"a", "b"}}, {"us", {"c"}}};
    m.disaster_recovery = DisasterRecovery{DrStrategy::PilotLight, 30, 600, 45};
    m.links[1].read_your_writes = true;
    Scenario sc;
    sc.id = "dr";
    ScenarioEvent out;
    out.at_s = 10;
    out.action = EventAction::RegionOutage;
    out.target = "eu";
    ScenarioEvent loss;
    loss.at_s = 20;
    loss.action = EventAction::DataLoss;
    loss.target = "db";
    sc.events = {out, loss};
    m.scenarios = {sc};
    QVERIFY2(validate(m).empty(), validate(m).empty() ? "" : validate(m).front().message.c_str());

    auto back = parseJson(toJson(m));
    QVERIFY2(back.ok(), back.message().c_str());
    QVERIFY(back.value() == m);

    QTemporaryDir dir;
    const std::string path = dir.filePath("dr.archsim").toStdString();
    QVERIFY(writeArchsim(m, path).ok());
    auto stored = readArchsim(path);
    QVERIFY2(stored.ok(), stored.message().c_str());
    QVERIFY(stored.value() == m);
}

void TestDataProtection::oldFilesStayUnchanged()
{
    const std::string text = toJson(shop(db("db")));
    for (const char *key : {"regions", "disaster_recovery", "replication", "backup",
                            "read_your_writes", "rpo_target_s", "data_bytes"})
        QVERIFY2(text.find(key) == std::string::npos, key);
}

// Backups every T: a loss at a uniform instant loses t mod T, worst T, mean T/2.
void TestDataProtection::periodicBackupsLoseUpToTheInterval()
{
    Component d = db("db");
    d.backup = BackupPolicy{};
    d.backup->full_interval_s = 3600;
    const auto &e = estimateOf(shop(d));
    QCOMPARE(e.data.via, std::string("restore"));
    QCOMPARE(e.data.rpo_s, 3600.0);
    QCOMPARE(e.data.rpo_mean_s, 1800.0);
    // 100 writes/s (the client's rate through the app) x the mean loss.
    QCOMPARE(e.write_rps, 100.0);
    QCOMPARE(e.data.lost_writes, 180000.0);
}

void TestDataProtection::archivingLosesTheArchiveDelay()
{
    Component d = db("db");
    d.backup = BackupPolicy{};
    d.backup->archiving = true;
    d.backup->archive_delay_s = 60;
    const auto &e = estimateOf(shop(d));
    QCOMPARE(e.data.rpo_s, 60.0);
    QCOMPARE(e.data.rpo_mean_s, 60.0);
}

// RTO of a restore: detect + S/R, S from the schema's rows x row_bytes when data_bytes is 0.
void TestDataProtection::restoreTakesSizeOverRate()
{
    Component d = db("db");
    d.schema = "shop";
    d.backup = BackupPolicy{};
    d.backup->restore_bytes_per_s = 1e8;
    Model m = shop(d);
    Schema s;
    s.id = "shop";
    Table t;
    t.name = "orders";
    t.rows = 10'000'000;
    t.row_bytes = 200; // 2e9 bytes
    s.tables = {t};
    m.schemas = {s};
    m.disaster_recovery = DisasterRecovery{};
    m.disaster_recovery->detect_s = 120;
    const auto &e = estimateOf(m);
    QCOMPARE(e.data_bytes, 2e9);
    QCOMPARE(e.restore_s, 20.0);
    QCOMPARE(e.data.rto_s, 140.0);
}

// Failover to an async replica loses about the writes of one mean lag.
void TestDataProtection::asyncFailoverLosesWriteRateTimesLag()
{
    Component d = db("db", 2);
    d.replication = Replication{};
    d.replication->lag.mean_ms = 500;
    d.failover_s = 20;
    const auto &e = estimateOf(shop(d));
    QCOMPARE(e.replica.via, std::string("failover"));
    QCOMPARE(e.replica.rpo_mean_s, 0.5);
    QCOMPARE(e.replica.lost_writes, 50.0);
    QCOMPARE(e.replica.rto_s, 20.0);
    d.replication->mode = ReplicationMode::SyncOne;
    QCOMPARE(estimateOf(shop(d)).replica.rpo_s, 0.0);
}

void TestDataProtection::placementDecidesZoneAndRegionLosses()
{
    Component d = db("db", 2);
    d.zones = {"a"}; // both instances in zone a
    d.backup = BackupPolicy{};
    d.backup->location = BackupLocation::SameZone;
    Model m = shop(d);
    m.zones = {"a", "b", "c"};
    m.regions = {{"eu", {"a", "b"}}, {"us", {"c"}}};
    QVERIFY(!estimateOf(m).zone.recoverable);
    QVERIFY(std::isinf(estimateOf(m).zone.rto_s));
    m.components[2].zones = {"a", "b"}; // the replica in another zone of the same region
    QCOMPARE(estimateOf(m).zone.via, std::string("failover"));
    QVERIFY(!estimateOf(m).region.recoverable);
    m.components[2].backup->location = BackupLocation::OtherRegion;
    QCOMPARE(estimateOf(m).region.via, std::string("restore"));
}

void TestDataProtection::strategyAddsItsSteps()
{
    Component d = db("db", 2);
    d.zones = {"a", "c"};
    d.failover_s = 30;
    Model m = shop(d);
    m.zones = {"a", "c"};
    m.regions = {{"eu", {"a"}}, {"us", {"c"}}};
    m.disaster_recovery = DisasterRecovery{DrStrategy::WarmStandby, 60, 900, 45};
    QCOMPARE(estimateOf(m).region.rto_s, 30.0 + 60 + 45);
    m.disaster_recovery->strategy = DrStrategy::ActiveActive;
    QCOMPARE(estimateOf(m).region.rto_s, 30.0 + 45);
    m.disaster_recovery->strategy = DrStrategy::PilotLight;
    QCOMPARE(estimateOf(m).region.rto_s, 30.0 + 60 + 900 + 45);
}

void TestDataProtection::lintNoBackups()
{
    Component d = db("db");
    QVERIFY(fired(shop(d), "data/no-backups"));
    d.backup = BackupPolicy{};
    QVERIFY(!fired(shop(d), "data/no-backups"));
}

void TestDataProtection::lintBackupsNotOffSite()
{
    Component d = db("db");
    d.backup = BackupPolicy{};
    d.backup->location = BackupLocation::SameZone;
    QVERIFY(fired(shop(d), "data/backups-not-off-site"));
    d.backup->location = BackupLocation::OtherZone;
    QVERIFY(!fired(shop(d), "data/backups-not-off-site")); // one region: the best there is
    Model m = shop(d);
    m.zones = {"a", "b"};
    m.regions = {{"eu", {"a"}}, {"us", {"b"}}};
    QVERIFY(fired(m, "data/backups-not-off-site"));
    m.components[2].backup->location = BackupLocation::OtherRegion;
    QVERIFY(!fired(m, "data/backups-not-off-site"));
}

void TestDataProtection::lintTargetNotMet()
{
    Component d = db("db");
    d.backup = BackupPolicy{};
    d.backup->full_interval_s = 86400;
    d.rpo_target_s = 300;
    QVERIFY(fired(shop(d), "data/target-not-met"));
    bool named = false;
    for (const Finding &f : lint(shop(d)).findings)
        named = named || (f.rule == "data/target-not-met" &&
                          f.message.find("86400") != std::string::npos);
    QVERIFY(named); // the estimate and its reason
    d.backup->archiving = true;
    d.backup->archive_delay_s = 60;
    QVERIFY(!fired(shop(d), "data/target-not-met"));
}

void TestDataProtection::lintReplicaReadYourWrites()
{
    Component d = db("db", 2);
    d.read_from = ReadFrom::Replica;
    Model m = shop(d);
    Link r;
    r.id = "app-db-read";
    r.from = "app";
    r.to = "db";
    r.kind = LinkKind::Read;
    r.read_your_writes = true;
    m.links.push_back(r);
    QVERIFY(fired(m, "data/replica-read-your-writes"));
    m.components[2].read_from = ReadFrom::Primary;
    QVERIFY(!fired(m, "data/replica-read-your-writes"));
}

QTEST_GUILESS_MAIN(TestDataProtection)
#include "tst_dataprotection.moc"
