// Jobs in the model (docs/data-lifecycle.md, "Jobs"): cron lines on simulated time, the
// validation of a job's schedule, batches, source and sink (each error at its JSON pointer),
// both file formats, and the analytic staleness of a cron schedule.

#include "archsim/model/cron.h"
#include "archsim/model/io.h"
#include "archsim/model/jobs.h"
#include "archsim/model/validate.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>

using namespace archsim::model;

namespace {

Component make(const std::string &id, ComponentKind kind)
{
    Component c;
    c.id = id;
    c.kind = kind;
    return c;
}

Link mk(const std::string &from, const std::string &to, LinkKind kind)
{
    Link l;
    l.id = from + "-" + to;
    l.from = from;
    l.to = to;
    l.kind = kind;
    return l;
}

// users -> app -> db (primary and a replica); job `etl` reads db's replica into `warehouse`.
Model etlModel()
{
    Model m;
    m.name = "etl";
    Component users = make("users", ComponentKind::Client);
    users.rps = 10;
    Component db = make("db", ComponentKind::Database);
    db.replicas = 2;
    Component job = make("etl", ComponentKind::Job);
    job.job = JobSettings{};
    job.job->interval_s = 3600;
    m.components = {users, make("app", ComponentKind::Service), db, job,
                    make("warehouse", ComponentKind::External)};
    Link read = mk("etl", "db", LinkKind::Read);
    read.read_from = ReadFrom::Replica;
    m.links = {mk("users", "app", LinkKind::Call), mk("app", "db", LinkKind::Write), read,
               mk("etl", "warehouse", LinkKind::Write)};
    return m;
}

bool hasError(const Diagnostics &d, const std::string &place, const std::string &words)
{
    for (const Diagnostic &x : d)
        if (x.place == place && x.message.find(words) != std::string::npos)
            return true;
    return false;
}

std::string listOf(const Diagnostics &d)
{
    std::string s;
    for (const Diagnostic &x : d)
        s += x.place + ": " + x.message + "\n";
    return s;
}

} // namespace

using Edit = std::function<void(Model &)>;
Q_DECLARE_METATYPE(Edit)

class TestJobs : public QObject {
    Q_OBJECT
private slots:
    void cronFires_data();
    void cronFires();
    void badCron_data();
    void badCron();
    void validModelHasNoErrors();
    void errorsAreLocated_data();
    void errorsAreLocated();
    void bothFormatsKeepEveryField();
    void nightlyCronStaleness();
};

void TestJobs::cronFires_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<double>("after");
    QTest::addColumn<double>("next");
    // t = 0 is Monday 2024-01-01 00:00.
    QTest::newRow("nightly at 2") << "0 2 * * *" << 0.0 << 7200.0;
    QTest::newRow("nightly, the next day") << "0 2 * * *" << 7201.0 << 93600.0;
    QTest::newRow("every 15 minutes") << "*/15 * * * *" << 1.0 << 900.0;
    QTest::newRow("Sundays at midnight") << "0 0 * * 0" << 0.0 << 0.0 + 6 * 86400;
    QTest::newRow("7 is Sunday too") << "0 0 * * 7" << 1.0 << 6.0 * 86400;
    QTest::newRow("first of February") << "0 0 1 2 *" << 0.0 << 31.0 * 86400;
    // Both day fields restricted: either matches (the 15th, or a Wednesday: the 3rd).
    QTest::newRow("day or weekday") << "0 0 15 * 3" << 0.0 << 2.0 * 86400;
    QTest::newRow("range with step") << "10-50/20 * * * *" << 700.0 << 1800.0;
}

// Oracle: the calendar of January and February 2024.
void TestJobs::cronFires()
{
    QFETCH(QString, line);
    QFETCH(double, after);
    QFETCH(double, next);
    CronSchedule c;
    const std::string err = parseCron(line.toStdString(), c);
    QVERIFY2(err.empty(), err.c_str());
    QCOMPARE(nextCronFire(c, after), next);
}

void TestJobs::badCron_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("words");
    QTest::newRow("four fields") << "0 2 * *" << "expected five fields";
    QTest::newRow("minute 60") << "60 * * * *" << "minute field";
    QTest::newRow("step 0") << "*/0 * * * *" << "step";
    QTest::newRow("letters") << "0 2 * * MON" << "day of week field";
    QTest::newRow("reversed range") << "0 5-2 * * *" << "hour field";
}

void TestJobs::badCron()
{
    QFETCH(QString, line);
    QFETCH(QString, words);
    CronSchedule c;
    const std::string err = parseCron(line.toStdString(), c);
    QVERIFY2(err.find(words.toStdString()) != std::string::npos, err.c_str());
}

void TestJobs::validModelHasNoErrors()
{
    const Diagnostics d = validate(etlModel());
    QVERIFY2(!hasErrors(d), listOf(d).c_str());
}

void TestJobs::errorsAreLocated_data()
{
    QTest::addColumn<Edit>("edit");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("words");
    QTest::newRow("no source") << Edit([](Model &m) { m.links.erase(m.links.begin() + 2); })
                               << "/components/3" << "needs a source";
    QTest::newRow("source not a database")
        << Edit([](Model &m) {
               m.links[2].to = "app";
               m.links[2].read_from.reset();
           })
        << "/links/2/to" << "database or a stream";
    QTest::newRow("no schedule")
        << Edit([](Model &m) { m.components[3].job->interval_s = 0; }) << "/components/3/job"
        << "needs a schedule";
    QTest::newRow("interval and cron")
        << Edit([](Model &m) { m.components[3].job->cron = "0 2 * * *"; })
        << "/components/3/job" << "not several";
    QTest::newRow("bad cron")
        << Edit([](Model &m) {
               m.components[3].job->interval_s = 0;
               m.components[3].job->cron = "0 25 * * *";
           })
        << "/components/3/job/cron" << "hour field";
    QTest::newRow("batch size 0")
        << Edit([](Model &m) { m.components[3].job->batch_size = 0; })
        << "/components/3/job/batch_size" << "batch_size";
    QTest::newRow("no rows") << Edit([](Model &m) { m.components[3].job->rows = 0; })
                             << "/components/3/job/rows" << "rows";
    QTest::newRow("a job is called")
        << Edit([](Model &m) { m.links.push_back(mk("app", "etl", LinkKind::Call)); })
        << "/links/4/to" << "nothing calls";
    QTest::newRow("job settings on a service")
        << Edit([](Model &m) { m.components[1].job = JobSettings{}; })
        << "/components/1/job" << "only a job";
    QTest::newRow("read_from on a write")
        << Edit([](Model &m) { m.links[1].read_from = ReadFrom::Replica; })
        << "/links/1/read_from" << "read links to a database";
    QTest::newRow("incremental from a stream")
        << Edit([](Model &m) {
               Component s = make("events", ComponentKind::Stream);
               m.components.push_back(s);
               m.links[2].to = "events";
               m.links[2].read_from.reset();
               m.components[3].job->incremental = true;
           })
        << "/components/3/job/incremental" << "database source";
    QTest::newRow("two sinks")
        << Edit([](Model &m) { m.links.push_back(mk("etl", "app", LinkKind::Write)); })
        << "/components/3" << "one sink";
}

void TestJobs::errorsAreLocated()
{
    QFETCH(Edit, edit);
    QFETCH(QString, place);
    QFETCH(QString, words);
    Model m = etlModel();
    edit(m);
    const Diagnostics d = validate(m);
    QVERIFY2(hasError(d, place.toStdString(), words.toStdString()), listOf(d).c_str());
}

void TestJobs::bothFormatsKeepEveryField()
{
    Model m = etlModel();
    JobSettings &js = *m.components[3].job;
    js.interval_s = 0;
    js.cron = "30 1 * * 1-5";
    js.offset_s = 12;
    js.rows = 0;
    js.incremental = true;
    js.row_rate = 5000;
    js.batch_size = 250;
    js.read_ms_per_row = 0.3;
    js.write_ms_per_row = 0.7;
    QVERIFY(!hasErrors(validate(m)));
    auto back = parseJson(toJson(m));
    QVERIFY2(back.ok(), back.message().c_str());
    QVERIFY(back.value() == m);
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("etl.archsim")).toStdString();
    QVERIFY(writeArchsim(m, path).ok());
    auto stored = readArchsim(path);
    QVERIFY2(stored.ok(), stored.message().c_str());
    QVERIFY(stored.value() == m);
}

// A nightly job (cron 0 2 * * *): gaps of 86,400 s, so max staleness = 86,400 s + run and the
// time-average = 86,400 / 2 s + run (all gaps equal: sum(g^2) / (2 sum(g)) = g / 2).
// 100,000 rows in batches of 1,000 of 20 + 10 + 20 ms: run = 100 x 50 ms = 5 s.
void TestJobs::nightlyCronStaleness()
{
    Model m = etlModel();
    m.components[3].job->interval_s = 0;
    m.components[3].job->cron = "0 2 * * *";
    const auto est = estimateJobs(m, estimate(m));
    QCOMPARE(est.size(), size_t(1));
    QVERIFY(std::abs(est[0].run_s - 5.0) < 1e-9);
    QVERIFY(std::abs(est[0].staleness_max_s - 86405.0) < 1e-6);
    QVERIFY(std::abs(est[0].staleness_mean_s - 43205.0) < 1e-6);
    QCOMPARE(est[0].source_instance, std::string("replica"));
    QVERIFY(!est[0].overlaps);
}

QTEST_APPLESS_MAIN(TestJobs)
#include "tst_jobs.moc"
