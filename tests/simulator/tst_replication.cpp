// Replication lag, read-your-writes, backups and data losses against their oracles
// (docs/data-lifecycle.md): the RPO of periodic backups over many loss instants, the writes
// lost at a primary crash under async replication (write rate x mean lag), the restore time
// (detect + S/R), and the share of stale replica reads against the closed form L / (L + D).

#include "simtestutil.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace archsim;
using namespace simtest;

namespace {

model::Component database(const std::string &id, int replicas, double serviceMs = 1)
{
    model::Component c;
    c.id = id;
    c.kind = model::ComponentKind::Database;
    c.replicas = replicas;
    c.workers = 1000; // no queueing: the oracles below are about data, not waits
    c.service_time = constant(serviceMs);
    return c;
}

model::Link writeLink(const std::string &from, const std::string &to)
{
    model::Link l = edge(from, to);
    l.id = from + "-" + to + "-write";
    l.kind = model::LinkKind::Write;
    return l;
}

model::Link readLink(const std::string &from, const std::string &to)
{
    model::Link l = edge(from, to);
    l.id = from + "-" + to + "-read";
    l.kind = model::LinkKind::Read;
    return l;
}

// A client at `rps` whose every request writes to `db` through service `app`.
model::Model writer(double rps, const model::Component &db)
{
    model::Model m;
    m.name = "writer";
    m.components = {client("users", rps), station("app", constant(1), 1000), db};
    m.links = {edge("users", "app"), writeLink("app", db.id)};
    return m;
}

// Loss instants spread over [from, to): a fixed low-discrepancy sequence (golden ratio), so
// the instants fall everywhere in a backup interval without a random draw in the test.
std::vector<double> instants(int n, double from, double to)
{
    std::vector<double> t;
    double u = 0.5;
    for (int i = 0; i < n; ++i) {
        u = std::fmod(u + 0.6180339887498949, 1.0);
        t.push_back(from + (to - from) * (i + u) / n);
    }
    std::sort(t.begin(), t.end());
    return t;
}

} // namespace

class TestReplication : public QObject {
    Q_OBJECT
private slots:
    void periodicBackupRpo();
    void archivingRpoIsTheArchiveDelay();
    void restoreTakesDetectPlusSizeOverRate();
    void asyncCrashLosesWriteRateTimesLag();
    void syncOneLosesNothingAndAddsTheRoundTrip();
    void readYourWritesViolationShare_data();
    void readYourWritesViolationShare();
    void applyRateQueuesTheReplica();
    void regionOutageFailsOverAcrossRegions();
    void regionOutageRestoresInTheOtherRegion();
    void regionReturningFirstMovesNothing();
    void regionOutageWithoutRemoteBackupWaitsForTheRegion();
};

// Full backups every T = 10 s from t = 0, 100 data_loss events spread over 1000 s, 200
// writes/s. Oracle: a loss at t loses the writes since the last backup floor(t/T) T, so its
// span is t mod T (within the gap to the first write after the backup, Exp(1/200 s): below
// 0.05 s with probability 1 - e^-10); over instants uniform in the interval the mean span is
// T/2 (sample mean of t mod T of these instants, within 0.05 s) and the worst is under T.
// Lost writes: 200/s x span, Poisson: the total within 4 standard deviations.
void TestReplication::periodicBackupRpo()
{
    const double T = 10;
    model::Component db = database("db", 1);
    db.backup = model::BackupPolicy{};
    db.backup->full_interval_s = T;
    db.backup->restore_bytes_per_s = 1e9;
    db.data_bytes = 1000; // restore in 1 us
    model::Model m = writer(200, db);
    m.disaster_recovery = model::DisasterRecovery{};
    m.disaster_recovery->detect_s = 0;
    std::vector<model::ScenarioEvent> events;
    const std::vector<double> at = instants(100, 20, 1020);
    for (double t : at)
        events.push_back(makeEvent(model::EventAction::DataLoss, "db", t, 0));
    const auto r = runScenario(m, events, 1030, 0, 1, 7);
    QCOMPARE(r.losses.size(), at.size());
    double spanSum = 0, oracleSum = 0, worst = 0, lost = 0;
    for (size_t i = 0; i < at.size(); ++i) {
        const simulator::DataLoss &l = r.losses[i];
        QCOMPARE(l.cause, std::string("data_loss"));
        QVERIFY(std::abs(l.t_s - at[i]) < 1e-9);
        const double oracle = std::fmod(at[i], T);
        QVERIFY2(l.lost_span_s <= oracle + 1e-9 && l.lost_span_s > oracle - 0.05,
                 qPrintable(QString("loss at %1: span %2, t mod T %3")
                                .arg(at[i]).arg(l.lost_span_s).arg(oracle)));
        QCOMPARE(l.rpo_estimate_s, T / 2); // the analytic mean
        spanSum += l.lost_span_s;
        oracleSum += oracle;
        worst = std::max(worst, l.lost_span_s);
        lost += double(l.lost_writes);
    }
    const double meanSpan = spanSum / double(at.size());
    std::printf("VALIDATION | periodic backups T=10 s: mean RPO | %.4g | %.4g |\n", T / 2,
                meanSpan);
    QVERIFY(std::abs(meanSpan - T / 2) < 0.25); // instants of one run: t mod T averages 5
    QVERIFY(std::abs(meanSpan - oracleSum / double(at.size())) < 0.05);
    QVERIFY(worst <= T && worst > 0.9 * T);
    const double expected = 200 * spanSum;
    QVERIFY2(std::abs(lost - expected) < 4 * std::sqrt(expected),
             qPrintable(QString("lost %1 writes, expected %2").arg(lost).arg(expected)));
}

// Archiving with a 5 s delay (and daily full backups): a loss loses the last 5 s of writes.
void TestReplication::archivingRpoIsTheArchiveDelay()
{
    model::Component db = database("db", 1);
    db.backup = model::BackupPolicy{};
    db.backup->archiving = true;
    db.backup->archive_delay_s = 5;
    db.data_bytes = 1000;
    const auto r = runScenario(writer(200, db),
                               {makeEvent(model::EventAction::DataLoss, "db", 100, 0)}, 200, 0,
                               1, 3);
    QCOMPARE(r.losses.size(), size_t(1));
    QVERIFY2(std::abs(r.losses[0].lost_span_s - 5) < 0.05,
             qPrintable(QString::number(r.losses[0].lost_span_s)));
    QCOMPARE(r.losses[0].rpo_estimate_s, 5.0);
}

// S = 5e8 bytes at R = 1e8 bytes/s after detect_s = 10: the database refuses writes for
// 10 + 5 = 15 s; the measured RTO (until the next committed write, 200 writes/s) is 15 s plus
// a gap below 0.05 s.
void TestReplication::restoreTakesDetectPlusSizeOverRate()
{
    model::Component db = database("db", 1);
    db.backup = model::BackupPolicy{};
    db.backup->full_interval_s = 60;
    db.backup->restore_bytes_per_s = 1e8;
    db.data_bytes = 500'000'000;
    model::Model m = writer(200, db);
    m.disaster_recovery = model::DisasterRecovery{};
    m.disaster_recovery->detect_s = 10;
    const auto r = runScenario(m, {makeEvent(model::EventAction::DataLoss, "db", 100, 0)}, 200,
                               0, 1, 5);
    QCOMPARE(r.losses.size(), size_t(1));
    const double rto = r.losses[0].rto_s;
    std::printf("VALIDATION | restore detect 10 s + 5e8 B / 1e8 B/s | 15 | %.4g |\n", rto);
    QVERIFY2(rto >= 15 && rto < 15.05, qPrintable(QString::number(rto)));
    QCOMPARE(r.losses[0].rto_estimate_s, 15.0);
}

// Async replication, two instances, lag Exp(mean L = 200 ms), Poisson writes at 500/s, the
// primary crashes at t = 50 s. Oracle: the writes committed before the crash that the replica
// had not applied are the Poisson writes thinned by P(lag > age): a Poisson count of mean
// lambda x integral P(lag > s) ds = lambda L = 100. Mean over 30 replications, 95% interval.
void TestReplication::asyncCrashLosesWriteRateTimesLag()
{
    model::Component db = database("db", 2);
    db.replication = model::Replication{};
    db.replication->lag = expo(200);
    db.failover_s = 1;
    model::ScenarioEvent crash = makeEvent(model::EventAction::Crash, "db", 50, 0);
    crash.replica = 0;
    const auto r = runScenario(writer(500, db), {crash}, 60, 0, 30, 11);
    QCOMPARE(r.databases.size(), size_t(1));
    QVERIFY(agrees("async crash: lost writes = lambda L", r.databases[0].lost_writes, 100,
                   0.2));
    QCOMPARE(r.losses.size(), size_t(1));
    QCOMPARE(r.losses[0].cause, std::string("primary_crash"));
    // Back once the replica is promoted (failover_s) and the next write commits.
    QVERIFY(r.losses[0].rto_s >= 1 && r.losses[0].rto_s < 1.05);
    QCOMPARE(r.losses[0].rpo_estimate_s, 0.2);
}

// sync_one: a commit waits one round trip (5 ms) for the standby, which then has every
// acknowledged write: the crash loses none. Oracle for the wait: the database's visit time is
// its constant 1 ms service plus the 5 ms round trip.
void TestReplication::syncOneLosesNothingAndAddsTheRoundTrip()
{
    model::Component db = database("db", 2);
    db.replication = model::Replication{};
    db.replication->mode = model::ReplicationMode::SyncOne;
    db.replication->lag = expo(200);
    db.replication->round_trip_ms = 5;
    db.failover_s = 1;
    model::ScenarioEvent crash = makeEvent(model::EventAction::Crash, "db", 50, 0);
    crash.replica = 0;
    const auto r = runScenario(writer(500, db), {crash}, 60, 0, 4, 13);
    QCOMPARE(r.databases[0].lost_writes.value, 0.0);
    QCOMPARE(r.losses.size(), size_t(1));
    QCOMPARE(r.losses[0].lost_writes, uint64_t(0));
    const auto calm = run(writer(500, db), 60, 0, 2, 13);
    QVERIFY2(std::abs(component(calm, "db").latency_ms.mean.value - 6.0) < 0.01,
             qPrintable(QString::number(component(calm, "db").latency_ms.mean.value)));
}

void TestReplication::readYourWritesViolationShare_data()
{
    QTest::addColumn<double>("lagMs");
    QTest::addColumn<double>("delayMs");
    QTest::newRow("L = D = 100 ms") << 100.0 << 100.0;
    QTest::newRow("L = 50 ms, D = 150 ms") << 50.0 << 150.0;
    QTest::newRow("L = 300 ms, D = 30 ms") << 300.0 << 30.0;
}

// A request writes, waits d ~ Exp(mean D) in another service, then reads a replica whose lag
// is Exp(mean L), independent per write. The read is stale when lag > d:
//   P(stale) = E[exp(-d/L)] = integral (1/D) e^{-x/D} e^{-x/L} dx = L / (L + D).
// (docs/data-lifecycle.md, "Read-your-writes".) 200 requests/s for 200 s, 4 replications.
void TestReplication::readYourWritesViolationShare()
{
    QFETCH(double, lagMs);
    QFETCH(double, delayMs);
    model::Component db = database("db", 2);
    db.read_from = model::ReadFrom::Replica;
    db.replication = model::Replication{};
    db.replication->lag = expo(lagMs);
    model::Model m;
    m.name = "ryw";
    m.components = {client("users", 200), station("app", constant(1), 1000),
                    station("think", expo(delayMs), 100000), db};
    m.links = {edge("users", "app"), writeLink("app", "db"), edge("app", "think"),
               readLink("app", "db")};
    const auto r = run(m, 200, 10, 4, 17);
    const simulator::DatabaseDataFigures &f = r.databases[0];
    QVERIFY(f.replica_reads.value > 30000);
    const double oracle = lagMs / (lagMs + delayMs);
    QVERIFY(agrees("read-your-writes: stale share = L/(L+D)", f.stale_share, oracle, 0.05));
    // The lag figure: the mean of Exp(L).
    QVERIFY(agrees("replica lag mean", f.lag_ms_mean, lagMs, 0.05));
    bool lagOverTime = false;
    for (const auto &p : r.timeline)
        lagOverTime = lagOverTime || (p.replica_lag_ms.size() == 1 && p.replica_lag_ms[0] > 0);
    QVERIFY(lagOverTime);
    // The stale-read share per second (the timeline's stale_read_share): with the same load
    // every second (about 200 replica reads each), the mean of the seconds' shares over the
    // window is the window's share, within 5% of it (the ratio of means vs the mean of ratios
    // differs by O(1/200)).
    double sum = 0;
    int seconds = 0;
    for (const auto &p : r.timeline) {
        QCOMPARE(p.stale_read_share.size(), size_t(1));
        if (p.t_s >= 10) {
            sum += p.stale_read_share[0];
            ++seconds;
        }
    }
    QCOMPARE(seconds, 190);
    QVERIFY2(std::abs(sum / seconds - f.stale_share.value) < 0.05 * f.stale_share.value,
             (std::to_string(sum / seconds) + " vs " + std::to_string(f.stale_share.value))
                 .c_str());
}

// An apply rate makes each replica a FIFO server with a constant apply time 1/mu behind the
// lag: with a constant 0 lag and Poisson writes at lambda = 400/s, mu = 500/s, the apply delay
// is the M/D/1 sojourn, 1/mu + rho/(2 mu (1 - rho)) = 2 ms + 4 ms = 6 ms (Pollaczek-Khinchine).
void TestReplication::applyRateQueuesTheReplica()
{
    model::Component db = database("db", 2, 0.01);
    db.replication = model::Replication{};
    db.replication->lag = constant(0);
    db.replication->apply_rate_wps = 500;
    const auto r = run(writer(400, db), 200, 10, 4, 19);
    QVERIFY(agrees("apply rate: M/D/1 sojourn", r.databases[0].lag_ms_mean, 6.0, 0.05));
}

// The primary lives in region eu (zone eu-a), the replica in us (zone us-a): a region_outage
// of eu fails over to us after failover_s; the loss is measured like a crash of the primary.
void TestReplication::regionOutageFailsOverAcrossRegions()
{
    model::Component db = database("db", 2);
    db.zones = {"eu-a", "us-a"};
    db.failover_s = 2;
    db.replication = model::Replication{};
    db.replication->lag = expo(100);
    model::Model m = writer(300, db);
    m.zones = {"eu-a", "us-a"};
    m.regions = {{"eu", {"eu-a"}}, {"us", {"us-a"}}};
    const auto r = runScenario(m, {makeEvent(model::EventAction::RegionOutage, "eu", 30, 0)},
                               40, 0, 1, 23);
    QCOMPARE(r.losses.size(), size_t(1));
    QCOMPARE(r.losses[0].t_s, 30.0);
    QVERIFY(r.losses[0].rto_s >= 2 && r.losses[0].rto_s < 2.05);
    QVERIFY(r.losses[0].lost_writes > 0); // about 300/s x 0.1 s = 30
    bool failover = false;
    for (const auto &c : r.changes)
        failover = failover || (c.kind == "failover" && c.target == "db");
    QVERIFY(failover);
}

namespace {

// Region eu (zone eu-a) holds the app and its database; region dr (zone dr-a) holds nothing
// but the backups. Backup-and-restore plan: detect 10 s, provision 20 s, switch 5 s; the
// database's S/R is 5e8 B / 1e8 B/s = 5 s, archiving every 5 s to `where`.
model::Model backupRestoreModel(model::BackupLocation where)
{
    model::Component db = database("db", 1);
    db.zones = {"eu-a"};
    db.backup = model::BackupPolicy{};
    db.backup->archiving = true;
    db.backup->archive_delay_s = 5;
    db.backup->location = where;
    db.backup->restore_bytes_per_s = 1e8;
    db.data_bytes = 500'000'000;
    model::Model m = writer(200, db);
    for (auto &c : m.components)
        if (c.id == "app")
            c.zones = {"eu-a"};
    m.zones = {"eu-a", "dr-a"};
    m.regions = {{"eu", {"eu-a"}}, {"dr", {"dr-a"}}};
    m.disaster_recovery = model::DisasterRecovery{};
    m.disaster_recovery->detect_s = 10;
    m.disaster_recovery->provision_s = 20;
    m.disaster_recovery->switch_s = 5;
    return m;
}

double changeAt(const simulator::SimulationResult &r, const std::string &kind,
                const std::string &target)
{
    for (const auto &c : r.changes)
        if (c.kind == kind && c.target == target)
            return c.t_s;
    return -1;
}

} // namespace

// The region eu is lost for good at t = 30. Oracle (docs/data-lifecycle.md, the estimate's
// region row for backup_restore): the stack comes up in the other region after detect +
// provision + switch = 35 s (t = 65) and the database after that + S/R = 40 s (t = 70): the
// measured RTO (until the next commit, 200 writes/s) is 40 s plus a gap below 0.05 s. The
// restore holds what was archived by t = 30: the writes of the last archive delay (5 s) are
// lost, 5 x 200 = 1000 Poisson writes (+-15%, more than 4 standard deviations).
void TestReplication::regionOutageRestoresInTheOtherRegion()
{
    const auto r = runScenario(backupRestoreModel(model::BackupLocation::OtherRegion),
                               {makeEvent(model::EventAction::RegionOutage, "eu", 30, 0)}, 150,
                               0, 1, 29);
    QCOMPARE(changeAt(r, "recovered_elsewhere", "app"), 65.0);
    QCOMPARE(changeAt(r, "restored_elsewhere", "db"), 70.0);
    QCOMPARE(r.losses.size(), size_t(1));
    const auto &loss = r.losses[0];
    QCOMPARE(QString::fromStdString(loss.cause), QString("region_restore"));
    QCOMPARE(loss.t_s, 30.0);
    QCOMPARE(loss.rto_estimate_s, 40.0);
    std::printf("VALIDATION | region restore RTO detect 10 + provision 20 + switch 5 + S/R 5 "
                "| 40 | %.4g |\n", loss.rto_s);
    QVERIFY2(loss.rto_s >= 40 && loss.rto_s < 40.05, qPrintable(QString::number(loss.rto_s)));
    QVERIFY2(std::abs(loss.lost_span_s - 5) < 0.05, qPrintable(QString::number(loss.lost_span_s)));
    QVERIFY2(loss.lost_writes > 850 && loss.lost_writes < 1150,
             qPrintable(QString::number(loss.lost_writes)));
    // After the restore the shop serves again: the client's last seconds succeed.
    QVERIFY(!r.timeline.empty());
    QVERIFY2(r.timeline.back().error_rate < 0.01,
             qPrintable(QString::number(r.timeline.back().error_rate)));
}

// The region returns at t = 50, before the stack could be up elsewhere (t = 65): nothing
// moves, the database comes back with its data, as before this recovery existed.
void TestReplication::regionReturningFirstMovesNothing()
{
    const auto r = runScenario(backupRestoreModel(model::BackupLocation::OtherRegion),
                               {makeEvent(model::EventAction::RegionOutage, "eu", 30, 20)}, 150,
                               0, 1, 29);
    QCOMPARE(changeAt(r, "recovered_elsewhere", "app"), -1.0);
    QCOMPARE(changeAt(r, "restored_elsewhere", "db"), -1.0);
    QCOMPARE(changeAt(r, "zone_restored", "eu-a"), 50.0);
    for (const auto &loss : r.losses)
        QCOMPARE(loss.lost_writes, uint64_t(0));
}

// Backups kept in the primary's own zone do not survive the region: the stack comes up in the
// other region (t = 65) but the database waits for its region, so every write still fails.
void TestReplication::regionOutageWithoutRemoteBackupWaitsForTheRegion()
{
    const auto r = runScenario(backupRestoreModel(model::BackupLocation::SameZone),
                               {makeEvent(model::EventAction::RegionOutage, "eu", 30, 0)}, 150,
                               0, 1, 29);
    QCOMPARE(changeAt(r, "recovered_elsewhere", "app"), 65.0);
    QCOMPARE(changeAt(r, "restored_elsewhere", "db"), -1.0);
    QVERIFY(!r.timeline.empty());
    QVERIFY2(r.timeline.back().error_rate > 0.99,
             qPrintable(QString::number(r.timeline.back().error_rate)));
}

QTEST_GUILESS_MAIN(TestReplication)
#include "tst_replication.moc"
