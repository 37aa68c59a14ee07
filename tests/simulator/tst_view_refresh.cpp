// Materialized view refreshes against their oracles (docs/data-lifecycle.md, "Refreshes"):
// the view's staleness (max = period + refresh time, time-average = period / 2 + refresh
// time), the refresh time against the cost model, readers blocked by a refresh without
// CONCURRENTLY (share and wait), and the demo contrast: a heavy refresh without CONCURRENTLY
// raises the readers' p99 by seconds, a concurrent one (which costs more) does not.

#include "simtestutil.h"

#include "archsim/model/viewrefresh.h"

#include <QtTest>

#include <cmath>

using namespace archsim;
using namespace simtest;

namespace {

// users -> app -> reads db; db holds schema s: table big (`rows` rows), view summary over it.
// The app reads `appReads` (the view, or the table when the view has no readers).
model::Model withView(double every, bool concurrent, int64_t rows, double rps, int workers,
                      const model::Distribution &dbService, const std::string &appReads)
{
    model::Model m;
    m.name = "refresh";
    model::Table big;
    big.name = "big";
    big.rows = rows;
    model::Column id;
    id.name = "id";
    big.columns = {id};
    big.primary_key = {"id"};
    model::View v;
    v.name = "summary";
    v.kind = model::ViewKind::Materialized;
    v.query = "SELECT * FROM big";
    v.reads = {"big"};
    v.refresh = model::ViewRefresh{};
    v.refresh->every_s = every;
    v.refresh->concurrent = concurrent;
    model::Index unique; // CONCURRENTLY needs one (validation)
    unique.name = "summary_id";
    unique.columns = {model::IndexColumn{"id", false}};
    unique.unique = true;
    v.indexes = {unique};
    model::Schema s;
    s.id = "s";
    s.tables = {big};
    s.views = {v};
    m.schemas = {s};
    model::Component db;
    db.id = "db";
    db.kind = model::ComponentKind::Database;
    db.schema = "s";
    db.workers = workers;
    db.service_time = dbService;
    m.components = {client("users", rps), station("app", constant(1), 100000), db};
    model::Link read = edge("app", "db");
    read.kind = model::LinkKind::Read;
    read.tables = {appReads};
    m.links = {edge("users", "app"), read};
    return m;
}

const simulator::ViewFigures &viewOf(const simulator::SimulationResult &r)
{
    if (r.views.size() != 1)
        qFatal("expected one refreshed view, got %zu", r.views.size());
    return r.views.front();
}

bool near(double got, double want, double tol)
{
    if (std::abs(got - want) <= tol)
        return true;
    std::printf("got %.9g, want %.9g (tolerance %.3g)\n", got, want, tol);
    return false;
}

} // namespace

class TestViewRefresh : public QObject {
    Q_OBJECT
private slots:
    void stalenessIsASawtooth();
    void refreshTimeFollowsTheCostModel_data();
    void refreshTimeFollowsTheCostModel();
    void overlappingRefreshesAreSkipped();
    void readersWaitForARefreshWithoutConcurrently_data();
    void readersWaitForARefreshWithoutConcurrently();
    void heavyRefreshRaisesTheReadersP99UnlessConcurrent();
};

// 10M rows, refresh without CONCURRENTLY: D = 10M x (0.0002 + 0.0005) ms = 7 s exactly (the
// cost model, deterministic). Nothing queues (1000 servers): each refresh of period T = 60 s
// starts when due. The window [120, 720) is ten whole periods starting at a refresh: the view's
// staleness rises from D to T + D ten times: max = T + D = 67 s, time-average =
// T / 2 + D = 37 s (docs/data-lifecycle.md). The view has no readers here. Tolerance: rounding.
void TestViewRefresh::stalenessIsASawtooth()
{
    const model::Model m = withView(60, false, 10'000'000, 1, 1000, constant(1), "big");
    const auto r = run(m, 720, 120, 1);
    const auto &f = viewOf(r);
    QCOMPARE(f.id, std::string("s.summary@db"));
    QCOMPARE(f.refreshes.value, 10.0);
    QCOMPARE(f.skipped.value, 0.0);
    QCOMPARE(f.reads.value, 0.0);
    QVERIFY(near(f.refresh_s_mean.value, 7.0, 1e-6));
    QVERIFY(near(f.refresh_s_max.value, 7.0, 1e-6));
    QVERIFY(near(f.staleness_s_max.value, 67.0, 1e-6));
    QVERIFY(near(f.staleness_s_mean.value, 37.0, 1e-6));
    const auto est = model::estimateViewRefreshes(m);
    QCOMPARE(est.size(), size_t(1));
    QVERIFY(near(est[0].refresh_s, 7.0, 1e-9));
    QVERIFY(near(est[0].staleness_max_s, 67.0, 1e-9));
    QVERIFY(near(est[0].staleness_mean_s, 37.0, 1e-9));
    // The timeline: [179, 180) still holds the refresh of 120 (59 + 1 = 60 s old at its end);
    // after the refresh of 180 ends at 187, [188, 189) holds 9 s.
    int seen = 0;
    for (const auto &p : r.timeline) {
        QCOMPARE(p.view_staleness_s.size(), size_t(1));
        if (p.t_s == 179 || p.t_s == 188) {
            ++seen;
            QVERIFY(near(p.view_staleness_s[0], p.t_s == 179 ? 60.0 : 9.0, 1e-6));
        }
    }
    QCOMPARE(seen, 2);
    // The refresh holds one of the 1000 servers 7 s a minute: the analytic added utilization.
    QVERIFY(near(est[0].util_mean, 7.0 / 60.0 / 1000.0, 1e-12));
    // The database's response times are its reads' (1 ms, constant), not the 7 s refreshes:
    // ten refreshes among 600 reads were its p99 and max.
    const auto &db = component(r, "db");
    QVERIFY(near(db.latency_ms.max.value, 1.0, 0.01));
    QVERIFY(near(db.latency_ms.p99.value, 1.0, 0.01));
    QVERIFY(db.utilization.value > 7.0 / 60.0 / 1000.0); // the refreshes' time is in it
}

void TestViewRefresh::refreshTimeFollowsTheCostModel_data()
{
    QTest::addColumn<bool>("concurrent");
    QTest::addColumn<qlonglong>("rows");
    QTest::addColumn<double>("perMonth");
    QTest::addColumn<double>("oracle");
    // rows x (read 0.0002 + write 0.0005) ms
    QTest::newRow("1M rows") << false << qlonglong(1'000'000) << 0.0 << 0.7;
    // concurrent: rows x read + rows x (2 write + 2 read) = rows x 0.0016 ms
    QTest::newRow("1M rows, concurrent") << true << qlonglong(1'000'000) << 0.0 << 1.6;
    // no rows: a year of rows_per_month, 12 x 500k = 6M rows x 0.0007 ms
    QTest::newRow("rows_per_month") << false << qlonglong(0) << 500000.0 << 4.2;
    // neither: kDefaultTableRows = 10k rows x 0.0007 ms
    QTest::newRow("stated default") << false << qlonglong(0) << 0.0 << 0.007;
}

// The simulated refresh time (due to end, nothing queues) is the cost model's, exactly; the
// analytic estimate gives the same.
void TestViewRefresh::refreshTimeFollowsTheCostModel()
{
    QFETCH(bool, concurrent);
    QFETCH(qlonglong, rows);
    QFETCH(double, perMonth);
    QFETCH(double, oracle);
    model::Model m = withView(30, concurrent, rows, 1, 1000, constant(1), "big");
    m.schemas[0].tables[0].rows_per_month = perMonth;
    const auto r = run(m, 300, 0, 1);
    const auto &f = viewOf(r);
    QCOMPARE(f.refreshes.value, 10.0);
    QVERIFY(near(f.refresh_s_mean.value, oracle, 1e-9));
    const auto est = model::estimateViewRefreshes(m);
    QVERIFY2(near(est[0].refresh_s, oracle, 1e-9), est[0].refresh_formula.c_str());
}

// 20M rows without CONCURRENTLY: 14 s every 10 s. A refresh due while one runs is skipped, so
// one runs every 20 s (0, 20, 40, ...): 15 refreshes and 15 skipped in 300 s; the estimate
// flags the overlap and the stretched period.
void TestViewRefresh::overlappingRefreshesAreSkipped()
{
    const model::Model m = withView(10, false, 20'000'000, 1, 1000, constant(1), "big");
    const auto r = run(m, 300, 0, 1);
    const auto &f = viewOf(r);
    QCOMPARE(f.refreshes.value, 15.0);
    QCOMPARE(f.skipped.value, 15.0);
    const auto est = model::estimateViewRefreshes(m);
    QVERIFY(est[0].overlaps);
    QVERIFY(near(est[0].interval_s, 20.0, 1e-9));
}

void TestViewRefresh::readersWaitForARefreshWithoutConcurrently_data()
{
    QTest::addColumn<bool>("concurrent");
    QTest::newRow("without CONCURRENTLY") << false;
    QTest::newRow("concurrent") << true;
}

// Poisson reads of the view at 50/s (nothing queues), refresh every T = 60 s taking D = 7 s
// (without CONCURRENTLY) or 16 s (concurrent). Reads see the time-average (PASTA):
// - without CONCURRENTLY a read in [due, due + D) waits for the end: a share D / T of the
//   reads, waiting D / 2 on average, and reads the new rows, D old; a later read at u after
//   the due time reads rows u old. Mean age = (D^2 + (T^2 - D^2) / 2) / T = 30.41 s.
// - concurrent: nobody waits; mean age = T / 2 + D = 46 s.
// Window [60, 1260): 20 periods, 60,000 reads; the blocked count is about Poisson (sd 1.7%):
// tolerance 5% on the share, 3% on the mean wait and the mean age.
void TestViewRefresh::readersWaitForARefreshWithoutConcurrently()
{
    QFETCH(bool, concurrent);
    const model::Model m = withView(60, concurrent, 10'000'000, 50, 1000, constant(1),
                                    "summary");
    const auto r = run(m, 1260, 60, 1, 5);
    const auto &f = viewOf(r);
    const double T = 60;
    const double D = concurrent ? 16 : 7;
    QVERIFY(near(f.refresh_s_mean.value, D, 1e-6));
    QVERIFY(f.reads.value > 55000);
    if (concurrent) {
        QCOMPARE(f.blocked_reads.value, 0.0);
        QVERIFY(near(f.read_age_s_mean.value, T / 2 + D, 0.03 * (T / 2 + D)));
        QVERIFY(near(f.read_age_s_max.value, T + D, 0.1));
        return;
    }
    const double share = f.blocked_reads.value / f.reads.value;
    QVERIFY(near(share, D / T, 0.05 * D / T));
    QVERIFY(near(f.blocked_wait_ms_mean.value, D / 2 * 1000, 0.03 * D / 2 * 1000));
    QVERIFY(f.blocked_wait_ms_max.value <= D * 1000 + 1e-6);
    const double age = (D * D + (T * T - D * D) / 2) / T;
    QVERIFY(near(f.read_age_s_mean.value, age, 0.03 * age));
    // The time-average staleness does not depend on the readers.
    QVERIFY(near(f.staleness_s_mean.value, T / 2 + D, 1e-6));
}

// The demo contrast. A database of 8 connections serving 400 reads/s of the view at 10 ms
// (exponential; utilization 0.5), the view over 10M rows refreshed every 60 s.
// - Without CONCURRENTLY the refresh locks the view 7 s a minute: the reads of those 7 s (12%)
//   wait up to 7 s, holding connections, so the readers' p99 is in seconds (seen: about 5 s).
// - With CONCURRENTLY the refresh holds one connection 16 s a minute (it costs more: the diff)
//   and nobody waits: the p99 stays within 2x the no-refresh p99 (seen: 41 vs 36 ms), and
//   the database's utilization rises by the estimate's util_mean = 16 / 60 / 8 = 0.033
//   (within 15%: the refresh may queue a little before it starts).
void TestViewRefresh::heavyRefreshRaisesTheReadersP99UnlessConcurrent()
{
    model::Model blocking = withView(60, false, 10'000'000, 400, 8, expo(10), "summary");
    model::Model concurrent = blocking;
    concurrent.schemas[0].views[0].refresh->concurrent = true;
    model::Model none = blocking;
    none.schemas[0].views[0].refresh->every_s = 100000; // only at t = 0, before the window
    const int reps = 4;
    const auto b = run(blocking, 660, 60, reps, 3);
    const auto c = run(concurrent, 660, 60, reps, 3);
    const auto n = run(none, 660, 60, reps, 3);
    const auto &pb = b.summary.latency_ms.p99;
    const auto &pc = c.summary.latency_ms.p99;
    const auto &pn = n.summary.latency_ms.p99;
    std::printf("readers' p99: no refresh %.1f ms, concurrent %.1f ms, without CONCURRENTLY "
                "%.1f ms\n", pn.value, pc.value, pb.value);
    QVERIFY2(pb.value > 1000 && pb.value > 10 * pc.value, "the blocking refresh shows no wait");
    QVERIFY2(pc.value < 2 * pn.value, "the concurrent refresh blocks its readers");
    QCOMPARE(viewOf(c).blocked_reads.value, 0.0);
    QVERIFY(viewOf(b).blocked_reads.value > 0);
    const auto est = model::estimateViewRefreshes(concurrent);
    const double measured = component(c, "db").utilization.value -
                            component(n, "db").utilization.value;
    std::printf("db utilization added by the concurrent refresh: measured %.4f, analytic "
                "%.4f\n", measured, est[0].util_mean);
    QVERIFY(near(est[0].util_mean, 16.0 / 60.0 / 8.0, 1e-12));
    QVERIFY(near(measured, est[0].util_mean, 0.15 * est[0].util_mean));
}

QTEST_APPLESS_MAIN(TestViewRefresh)
#include "tst_view_refresh.moc"
