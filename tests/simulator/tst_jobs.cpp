// ETL and batch jobs against their oracles (docs/data-lifecycle.md, "Jobs"): the sink's
// staleness of a periodic job (max = interval + run time, time-average = interval / 2 + run
// time), the run duration against the batch service times and against rows / row_rate, and
// the demo pair: a reporting job on the primary raises the online p99, on a replica it does
// not, by about the utilization the analytic estimate adds.

#include "simtestutil.h"

#include "archsim/model/jobs.h"

#include <QtTest>

#include <cmath>

using namespace archsim;
using namespace simtest;

namespace {

model::Component database(const std::string &id, int replicas, int workers,
                          const model::Distribution &service)
{
    model::Component c;
    c.id = id;
    c.kind = model::ComponentKind::Database;
    c.replicas = replicas;
    c.workers = workers;
    c.service_time = service;
    return c;
}

model::Link link(const std::string &from, const std::string &to, model::LinkKind kind)
{
    model::Link l = edge(from, to);
    l.id = from + "-" + to;
    l.kind = kind;
    return l;
}

// users -> app -> reads db; job reads db (its source) and writes warehouse (its sink).
model::Model etl(const model::JobSettings &js, const model::Distribution &transform,
                 const model::Component &db, double rps = 1)
{
    model::Model m;
    m.name = "etl";
    model::Component job = station("job", transform);
    job.kind = model::ComponentKind::Job;
    job.job = js;
    model::Component warehouse = station("warehouse", constant(1), 1000);
    warehouse.kind = model::ComponentKind::External;
    m.components = {client("users", rps), station("app", constant(1), 1000), db, job,
                    warehouse};
    m.links = {edge("users", "app"), link("app", db.id, model::LinkKind::Read),
               link("job", db.id, model::LinkKind::Read),
               link("job", "warehouse", model::LinkKind::Write)};
    return m;
}

// A job every `interval` s moving `rows` rows in batches of 1000 rows that read 100 ms on the
// source and write 50 ms on the sink.
model::JobSettings batches(double interval, int64_t rows)
{
    model::JobSettings js;
    js.interval_s = interval;
    js.rows = rows;
    js.batch_size = 1000;
    js.read_ms_per_row = 0.1;
    js.write_ms_per_row = 0.05;
    return js;
}

const simulator::JobFigures &jobOf(const simulator::SimulationResult &r)
{
    if (r.jobs.size() != 1)
        qFatal("expected one job, got %zu", r.jobs.size());
    return r.jobs.front();
}

} // namespace

class TestJobs : public QObject {
    Q_OBJECT
private slots:
    void periodicStalenessIsASawtooth();
    void runDuration_data();
    void runDuration();
    void overlappingStartsAreSkipped();
    void incrementalRowsAreTheSourceWrites();
    void reportingJobOnThePrimaryRaisesTheOnlineP99();
};

// Constant service times and no queueing (1000 servers): every run takes exactly
// D = 10 batches x (50 + 1000 x 0.1 + 1000 x 0.05) ms = 2 s. Runs start every I = 60 s; the
// window [120, 720) s is ten whole periods starting at a run's start, so the sink's staleness
// goes from I + D down to D and back ten times: max = I + D = 62 s, time-average =
// D + I / 2 = 32 s (the oracle; docs/data-lifecycle.md derives it). Deterministic: the
// tolerance is rounding only (1e-6 s).
void TestJobs::periodicStalenessIsASawtooth()
{
    const model::JobSettings js = batches(60, 10000);
    const model::Model m = etl(js, constant(50), database("db", 1, 1000, constant(1)));
    const auto r = run(m, 720, 120, 1);
    const auto &f = jobOf(r);
    QCOMPARE(f.runs.value, 10.0);
    QCOMPARE(f.skipped.value, 0.0);
    QCOMPARE(f.rows.value, 100000.0);
    QVERIFY2(std::abs(f.run_s_mean.value - 2.0) < 1e-6,
             std::to_string(f.run_s_mean.value).c_str());
    QVERIFY2(std::abs(f.run_s_max.value - 2.0) < 1e-6,
             std::to_string(f.run_s_max.value).c_str());
    QVERIFY2(std::abs(f.staleness_s_max.value - 62.0) < 1e-6,
             std::to_string(f.staleness_s_max.value).c_str());
    QVERIFY2(std::abs(f.staleness_s_mean.value - 32.0) < 1e-6,
             std::to_string(f.staleness_s_mean.value).c_str());
    // The analytic twin says the same.
    const auto est = model::estimateJobs(m, model::estimate(m));
    QCOMPARE(est.size(), size_t(1));
    QVERIFY(std::abs(est[0].run_s - 2.0) < 1e-9);
    QVERIFY(std::abs(est[0].staleness_max_s - 62.0) < 1e-9);
    QVERIFY(std::abs(est[0].staleness_mean_s - 32.0) < 1e-9);
    // The timeline's sawtooth (each second's largest staleness): [179, 180) still holds the
    // run of 120 (60 s at its end); after the run of 180 ends at 182, [183, 184) holds 4 s.
    int seen = 0;
    for (const auto &p : r.timeline) {
        QCOMPARE(p.job_staleness_s.size(), size_t(1));
        if (p.t_s == 179 || p.t_s == 183) {
            ++seen;
            const double want = p.t_s == 179 ? 60.0 : 4.0;
            QVERIFY2(std::abs(p.job_staleness_s[0] - want) < 1e-6,
                     std::to_string(p.job_staleness_s[0]).c_str());
        }
    }
    QCOMPARE(seen, 2);
}

void TestJobs::runDuration_data()
{
    QTest::addColumn<double>("rowRate");
    QTest::addColumn<double>("oracle");
    // Unpaced: the run is the sum of 20 batches of exponential transform (mean 20 ms) + read
    // (100 ms) + write (50 ms), one after the other: 20 x 170 ms = 3.4 s on average.
    QTest::newRow("batch service times") << 0.0 << 3.4;
    // Paced at 2000 rows/s: a batch of 1000 rows goes every 0.5 s (longer than a batch), so
    // the run is 19 gaps plus the last batch: 19 x 0.5 + 0.17 = 9.67 s on average.
    QTest::newRow("rows over row rate") << 2000.0 << 9.67;
}

// Oracle above; the runs' mean duration over 5 replications of 60 runs each, compared with
// agrees() (4 standard errors) and a half-width at most 2% of the oracle.
void TestJobs::runDuration()
{
    QFETCH(double, rowRate);
    QFETCH(double, oracle);
    model::JobSettings js = batches(20, 20000);
    js.row_rate = rowRate;
    const model::Model m = etl(js, expo(20), database("db", 1, 1000, constant(1)));
    const auto r = run(m, 1200, 0, 5, 7);
    const auto &f = jobOf(r);
    QCOMPARE(f.runs.value, 60.0);
    QVERIFY(agrees("job run duration (s)", f.run_s_mean, oracle, 0.02));
    QVERIFY(std::abs(f.run_s_mean.value - oracle) < 0.02 * oracle);
    const auto est = model::estimateJobs(m, model::estimate(m));
    QVERIFY2(std::abs(est[0].run_s - oracle) < 1e-9, est[0].run_formula.c_str());
}

// A run of 2.5 s every second: a start that finds a run going is skipped (concurrencyPolicy
// Forbid), so a run starts every 3 s (0, 3, 6, ...): 20 runs and 40 skipped starts in 60 s.
void TestJobs::overlappingStartsAreSkipped()
{
    const model::JobSettings js = batches(1, 10000);
    const model::Model m = etl(js, constant(100), database("db", 1, 1000, constant(1)));
    const auto r = run(m, 60, 0, 1);
    const auto &f = jobOf(r);
    QCOMPARE(f.runs.value, 20.0);
    QCOMPARE(f.skipped.value, 40.0);
    const auto est = model::estimateJobs(m, model::estimate(m));
    QVERIFY(est[0].overlaps);
    QVERIFY(std::abs(est[0].interval_s - 3.0) < 1e-9);
}

// Incremental: each run moves the writes committed on the source since the previous start,
// so over the window the rows moved equal the source's writes (up to the runs in flight at
// the window's edges: a run every 10 s at 50 writes/s, so at most 2 x 500 rows apart).
void TestJobs::incrementalRowsAreTheSourceWrites()
{
    model::JobSettings js;
    js.interval_s = 10;
    js.rows = 0;
    js.incremental = true;
    js.batch_size = 100;
    model::Model m = etl(js, constant(1), database("db", 1, 1000, constant(1)), 50);
    m.links[1].kind = model::LinkKind::Write; // the users write what the job moves
    const auto r = run(m, 300, 0, 1);
    const auto &f = jobOf(r);
    double writes = 0;
    for (const auto &d : r.databases)
        if (d.id == "db")
            writes = d.writes.value;
    QVERIFY(writes > 10000);
    QVERIFY2(std::abs(f.rows.value - writes) <= 1000,
             (std::to_string(f.rows.value) + " rows, " + std::to_string(writes) + " writes")
                 .c_str());
}

// The demo pair. Online: 300 reads/s on the primary of a database with one replica, 4 workers
// per instance, exponential 5 ms (utilization 0.375). A reporting job reads 1000-row batches
// (50 ms on the database) with 10 ms of transform and 10 ms of writing, two batches at a time;
// a run every 60 s moves 800 batches (28 s, duty 0.47), holding about 1.4 of the 4 servers.
// - On the primary: the database's measured utilization rises by the analytic
//   source_util_mean x (4 servers of the primary / 8 servers in all), within 15% of it (the
//   analytic run time leaves out the queueing of the batch reads), and the online p99 rises
//   by more than 10% (seen: 24.2 to 27.9 ms) and beyond both confidence intervals.
// - On the replica: the online p99 equals the no-job p99 within 5% (or both intervals).
void TestJobs::reportingJobOnThePrimaryRaisesTheOnlineP99()
{
    model::JobSettings js;
    js.interval_s = 60;
    js.rows = 800000;
    js.batch_size = 1000;
    js.read_ms_per_row = 0.05;
    js.write_ms_per_row = 0.01;
    const model::Component db = database("db", 2, 4, expo(5));
    model::Model onPrimary = etl(js, constant(10), db, 300);
    onPrimary.components[3].workers = 2;
    onPrimary.links[2].read_from = model::ReadFrom::Primary;
    model::Model onReplica = onPrimary;
    onReplica.links[2].read_from = model::ReadFrom::Replica;
    model::Model none = onPrimary;
    none.components[3].job->rows = 1; // one 1-row batch a minute: no load to speak of
    const int reps = 5;
    const auto p = run(onPrimary, 600, 60, reps, 11);
    const auto rr = run(onReplica, 600, 60, reps, 11);
    const auto n = run(none, 600, 60, reps, 11);
    const auto &lp = p.summary.latency_ms.p99;
    const auto &lr = rr.summary.latency_ms.p99;
    const auto &ln = n.summary.latency_ms.p99;
    std::printf("online p99: no job %.3f [%.3f, %.3f], job on primary %.3f [%.3f, %.3f], "
                "on replica %.3f [%.3f, %.3f] ms\n", ln.value, ln.low, ln.high, lp.value, lp.low,
                lp.high, lr.value, lr.low, lr.high);
    QVERIFY2(lp.value > 1.1 * ln.value && lp.low > ln.high, "the primary's job shows no effect");
    QVERIFY2(std::abs(lr.value - ln.value) < 0.05 * ln.value ||
                 (lr.low <= ln.high && ln.low <= lr.high),
             "the replica's job changes the online p99");

    const auto est = model::estimateJobs(onPrimary, model::estimate(onPrimary));
    QCOMPARE(est.size(), size_t(1));
    QCOMPARE(est[0].source_instance, std::string("primary"));
    const double expected = est[0].source_util_mean * 4.0 / 8.0;
    const double measured = component(p, "db").utilization.value -
                            component(n, "db").utilization.value;
    std::printf("db utilization added: measured %.4f, analytic %.4f (%s)\n", measured, expected,
                est[0].run_formula.c_str());
    QVERIFY2(std::abs(measured - expected) < 0.15 * expected,
             (std::to_string(measured) + " vs " + std::to_string(expected)).c_str());
}

QTEST_APPLESS_MAIN(TestJobs)
#include "tst_jobs.moc"
