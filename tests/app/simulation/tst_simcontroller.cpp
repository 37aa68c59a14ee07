// SimulationController and RunTimeline: a run on a worker thread reaches the GUI thread as
// timeline points and state changes, the GUI thread stays responsive, Cancel stops a one-hour
// run within a second, pacing follows the speed, bad options come back as an error.

#include "runtimeline.h"
#include "simulationcontroller.h"

#include "archsim/model/io.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

using namespace archsim;
using namespace archsim::gui;

class TestSimController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void scenarioRunFillsTheTimeline();
    void guiThreadStaysResponsive();
    void cancelStopsAnHourLongRunWithinASecond();
    void speedPacesTheRun();
    void badOptionsReportAnError();
    void timelineQueriesByTime();

private:
    model::Model m_shop;
};

void TestSimController::initTestCase()
{
    auto m = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(m.ok(), m.message().c_str());
    m_shop = std::move(m).value();
}

// The e-commerce "breaker" scenario, shortened: user-svc refuses every call from 100 s to
// 160 s; the gateway's breaker on api-gateway-user-svc opens right after.
void TestSimController::scenarioRunFillsTheTimeline()
{
    SimulationController c;
    QSignalSpy finished(&c, &SimulationController::finished);
    QSignalSpy progress(&c, &SimulationController::progress);
    int appendedCalls = 0;
    connect(c.timeline(), &RunTimeline::appended, this, [&] { ++appendedCalls; });
    RunRequest r;
    r.scenario = "breaker";
    r.duration_s = 130;
    r.replications = 2;
    QVERIFY(c.start(m_shop, r));
    QVERIFY(c.isRunning());
    QVERIFY(!c.start(m_shop, r)); // one run at a time
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toBool(), true);
    QCOMPARE(finished.first().at(1).toBool(), false);
    QVERIFY(!c.isRunning());
    QVERIFY(appendedCalls >= 1);
    QVERIFY(progress.size() >= 1);
    QCOMPARE(progress.last().at(0).toDouble(), 1.0);
    const RunTimeline *t = c.timeline();
    QVERIFY(t->isFinished());
    QCOMPARE(int(t->points().size()), 130);
    QCOMPARE(t->endTime(), 130.0);
    // Columns follow the model: 23 stations (two clients left out; the order-status gateway
    // since issue 20), 2 caches (cdn, redis), 28 links (the notification worker's read of the
    // replicas since session 10).
    QCOMPARE(t->layout().stations.size(), 23);
    QCOMPARE(t->layout().caches, QStringList({"cdn", "redis"}));
    QCOMPARE(t->layout().links.size(), 28);
    QCOMPARE(int(t->points().front().utilization.size()), 23);
    QCOMPARE(int(t->points().front().link_rps.size()), t->layout().links.size());
    QCOMPARE(int(t->points().front().cache_hit_ratio.size()), t->layout().caches.size());
    QCOMPARE(t->layout().events.size(), size_t(1));
    // The crash at 100 s carries the scenario's note; the breaker opens after it.
    const auto &ch = t->changes();
    auto crash = std::find_if(ch.begin(), ch.end(), [](const auto &x) {
        return x.kind == "crash" && x.target == "user-svc";
    });
    QVERIFY(crash != ch.end());
    QCOMPARE(crash->t_s, 100.0);
    QVERIFY(!crash->note.empty());
    auto open = std::find_if(ch.begin(), ch.end(), [](const auto &x) {
        return x.kind == "breaker_open" && x.target == "api-gateway-user-svc";
    });
    QVERIFY(open != ch.end());
    QVERIFY(open->t_s >= 100 && open->t_s < 105);
    QVERIFY(c.result() != nullptr);
    QCOMPARE(c.result()->replications, 2);
    // The final timeline is the result's (mean of both replications).
    QCOMPARE(t->points()[50].throughput_rps, c.result()->timeline[50].throughput_rps);
}

// While a long run goes on, a 10 ms GUI timer keeps firing: the worker never blocks the
// event loop.
void TestSimController::guiThreadStaysResponsive()
{
    SimulationController c;
    RunRequest r;
    r.duration_s = 3600;
    QVERIFY(c.start(m_shop, r));
    QElapsedTimer wall;
    wall.start();
    qint64 worstGap = 0, last = 0;
    QTimer tick;
    connect(&tick, &QTimer::timeout, this, [&] {
        const qint64 now = wall.elapsed();
        worstGap = std::max(worstGap, now - last);
        last = now;
    });
    tick.start(10);
    QTest::qWait(1500);
    tick.stop();
    const size_t shown = c.timeline()->points().size();
    c.cancel();
    c.waitForFinished();
    QVERIFY2(shown > 5, qPrintable(QString::number(shown)));
    QVERIFY2(worstGap < 250, qPrintable(QString::number(worstGap)));
}

void TestSimController::cancelStopsAnHourLongRunWithinASecond()
{
    SimulationController c;
    QSignalSpy finished(&c, &SimulationController::finished);
    RunRequest r;
    r.scenario = "db-failover";
    r.duration_s = 3600;
    r.replications = 4;
    r.threads = 2;
    QVERIFY(c.start(m_shop, r));
    QTRY_VERIFY_WITH_TIMEOUT(c.timeline()->points().size() >= 20, 30000);
    QElapsedTimer wall;
    wall.start();
    c.cancel();
    QVERIFY(finished.wait(5000));
    const qint64 ms = wall.elapsed();
    QVERIFY2(ms < 1000, qPrintable(QString::number(ms)));
    QCOMPARE(finished.first().at(1).toBool(), true);
    QVERIFY(c.result() && c.result()->cancelled);
    // The live points stay: the run was shown up to where it stopped.
    QVERIFY(c.timeline()->points().size() >= 20);
    QVERIFY(c.timeline()->points().size() < 3600);
}

// At 20 simulated seconds per second, 1 s of wall time shows about 20 points (not the
// hundreds the machine could do), and a speed change takes effect during the run.
// A light model (one client at 20 req/s, one service), so that the pacing and not the speed of
// the machine limits the run: even under ThreadSanitizer it simulates far faster than 100x.
static model::Model pacedModel()
{
    model::Model m;
    m.name = "paced";
    model::Component src;
    src.id = "src";
    src.kind = model::ComponentKind::Client;
    src.rps = 20;
    model::Component svc;
    svc.id = "svc";
    svc.kind = model::ComponentKind::Service;
    model::Distribution d;
    d.dist = model::DistKind::Exponential;
    d.mean_ms = 10;
    svc.service_time = d;
    model::Link l;
    l.id = "src-svc";
    l.from = "src";
    l.to = "svc";
    m.components = {src, svc};
    m.links = {l};
    return m;
}

void TestSimController::speedPacesTheRun()
{
    SimulationController c;
    RunRequest r;
    r.duration_s = 600;
    r.speed = 20;
    QVERIFY(c.start(pacedModel(), r));
    QTest::qWait(1000);
    const size_t atOne = c.timeline()->points().size();
    QVERIFY2(atOne >= 12 && atOne <= 24, qPrintable(QString::number(atOne)));
    c.setSpeed(100);
    QTest::qWait(1000);
    const size_t atTwo = c.timeline()->points().size();
    // Oracle: ~100 more points in the second second (speed x wall time); a loaded machine may
    // delay the GUI thread's timers, hence the lower bound's slack.
    QVERIFY2(atTwo - atOne >= 50 && atTwo - atOne <= 110,
             qPrintable(QString::number(atTwo - atOne)));
    c.cancel();
    c.waitForFinished();
    QVERIFY(!c.isRunning());
}

void TestSimController::badOptionsReportAnError()
{
    SimulationController c;
    QSignalSpy finished(&c, &SimulationController::finished);
    RunRequest r;
    r.scenario = "no-such-scenario";
    QVERIFY(c.start(m_shop, r));
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY2(c.errorText().contains("no-such-scenario"), qPrintable(c.errorText()));
    QVERIFY(c.result() == nullptr);
}

void TestSimController::timelineQueriesByTime()
{
    RunTimeline t;
    RunLayout l;
    l.duration_s = 2.5;
    t.reset(l);
    std::vector<simulator::TimelinePoint> pts(3);
    for (int i = 0; i < 3; ++i)
        pts[i].t_s = i;
    simulator::StateChange a, b;
    a.t_s = 0.5;
    b.t_s = 2.2;
    t.append(pts, {a, b});
    QCOMPARE(t.endTime(), 2.5);
    QCOMPARE(t.pointsUpTo(0.99), 0);
    QCOMPARE(t.pointsUpTo(1.0), 1);
    QCOMPARE(t.pointsUpTo(2.4), 2);
    QCOMPARE(t.pointsUpTo(2.5), 3); // the last, half second
    QCOMPARE(t.changesUpTo(0.4), 0);
    QCOMPARE(t.changesUpTo(0.5), 1);
    QCOMPARE(t.changesUpTo(10), 2);
    QVERIFY(t.pointAt(-1) == nullptr);
    QCOMPARE(t.pointAt(1.5)->t_s, 1.0);
    QSignalSpy cleared(&t, &RunTimeline::cleared);
    t.clear();
    QCOMPARE(cleared.size(), 1);
    QVERIFY(t.isEmpty());
}

QTEST_MAIN(TestSimController)
#include "tst_simcontroller.moc"
