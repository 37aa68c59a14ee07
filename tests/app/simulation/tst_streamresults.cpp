// The Streams results table and the lag chart of the simulation dock (docs/streams.md, GUI):
// one row per consume link's group with the stream estimate beside the simulated figures, one
// lag series per group. The model is checked by QAbstractItemModelTester.

#include "runtimeline.h"
#include "simcharts.h"
#include "streamresults.h"

#include "archsim/model/io.h"
#include "archsim/model/streamanalytic.h"
#include "archsim/simulator/simulation.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QValueAxis>
#include <QChartView>
#include <QPointer>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace archsim;

class TestStreamResults : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void tableShowsEveryGroupBesideItsEstimate();
    void lagChartHasOneSeriesPerGroup();
    void lagAxisHasRoundTicks();
    void estimateFarFromTheSimulationIsAmber();
    void simChartsLagFollowsTheRun();
    void topicTableShowsBackpressure();

private:
    model::Model m_shop;
    std::shared_ptr<const simulator::SimulationResult> m_run;
};

void TestStreamResults::initTestCase()
{
    auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    m_shop = loaded.value();
    simulator::SimulationOptions o;
    o.scenario = "consumer-outage";
    auto r = simulator::runSimulation(m_shop, o);
    QVERIFY2(r.ok(), r.message().c_str());
    m_run = std::make_shared<const simulator::SimulationResult>(std::move(r).value());
    // Four consume links: the tracker, the notifications, the e-mail sender and the realtime
    // gateway order-updates (issue 20: it reads order-events in its own group).
    QCOMPARE(m_run->groups.size(), size_t(4));
}

void TestStreamResults::tableShowsEveryGroupBesideItsEstimate()
{
    gui::StreamResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setRun(m_run, model::estimateStreams(m_shop, model::estimate(m_shop)));
    QCOMPARE(model.rowCount(), 4); // one row per group
    QCOMPARE(model.columnCount(), 18);
    int tracker = -1;
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, 0).data().toString().startsWith("fulfilment-tracker-order-events"))
            tracker = r;
    QVERIFY(tracker >= 0);
    // Consumers holding partitions: 4 of 4; the estimate's catch-up time after the declared
    // 120 s outage is filled (analytic), the simulated lag max is the backlog (~600).
    QCOMPARE(model.index(tracker, 2).data().toString(), QStringLiteral("4/4"));
    QVERIFY(model.index(tracker, 11).data(Qt::UserRole).toDouble() > 10);
    QVERIFY(model.index(tracker, 8).data(Qt::UserRole).toDouble() > 400);
    QVERIFY(!model.headerData(7, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    model.setRun(nullptr, {});
    QCOMPARE(model.rowCount(), 0);
}

void TestStreamResults::lagChartHasOneSeriesPerGroup()
{
    gui::StreamLagChart chart;
    chart.setRun(m_run.get());
    QCOMPARE(chart.seriesCount(), 4); // one series per group
    // The axes of the last run go with it (ASan found them leaked: removeAxis gives an axis
    // back to the caller, it does not delete it).
    QList<QPointer<QAbstractAxis>> axes;
    for (QAbstractAxis *a : chart.findChild<QChartView *>()->chart()->axes())
        axes << a;
    QCOMPARE(axes.size(), 2);
    chart.setRun(nullptr);
    QCOMPARE(chart.seriesCount(), 0);
    for (const auto &a : axes)
        QVERIFY(a.isNull());
}

// The lag axis showed 0, 159, 318, 476, 635 (the peak x 1.05 in four steps) in the
// consumer-outage run: its ticks are now a round step (1, 2, 2.5 or 5 x 10^k) from 0 to a top
// at or above the peak.
void TestStreamResults::lagAxisHasRoundTicks()
{
    gui::StreamLagChart chart;
    chart.setRun(m_run.get());
    double peak = 0;
    for (const auto &g : m_run->groups)
        for (const auto &p : g.lag)
            peak = std::max(peak, p.messages);
    QVERIFY(peak > 100);
    const auto axes = chart.chart()->axes(Qt::Vertical);
    QCOMPARE(axes.size(), 1);
    auto *y = qobject_cast<QValueAxis *>(axes.first());
    QVERIFY(y);
    QCOMPARE(y->min(), 0.0);
    QVERIFY(y->max() >= peak);
    QVERIFY(y->tickCount() >= 3);
    const double step = y->max() / (y->tickCount() - 1);
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
    bool round = false;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        round = round || std::abs(mantissa - m) < 1e-9;
    QVERIFY2(round, qPrintable(QStringLiteral("tick step %1 (top %2, %3 ticks)")
                                   .arg(step)
                                   .arg(y->max())
                                   .arg(y->tickCount())));
}

// The dock's line above the tables says "amber where they differ by more than 20 %"; the
// Streams tab left every estimate black. In the consumer-outage run the tracker's mean lag
// (about 120 messages: the outage's backlog) is far from the steady lag by Little's law
// (about 1): amber. The notification group's steady figures agree with theirs: not amber.
void TestStreamResults::estimateFarFromTheSimulationIsAmber()
{
    gui::StreamResultsModel model;
    model.setRun(m_run, model::estimateStreams(m_shop, model::estimate(m_shop)));
    int tracker = -1, notifications = -1;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QString name = model.index(r, 0).data().toString();
        if (name.startsWith("fulfilment-tracker-order-events"))
            tracker = r;
        if (name.startsWith("notification-worker-order-events"))
            notifications = r;
    }
    QVERIFY(tracker >= 0 && notifications >= 0);
    const double simLag = model.index(tracker, 6).data(Qt::UserRole).toDouble();
    const double estLag = model.index(tracker, 7).data(Qt::UserRole).toDouble();
    QVERIFY2(simLag > 10 * estLag, qPrintable(QStringLiteral("%1 / %2").arg(simLag).arg(estLag)));
    const QColor amber("#b45309");
    QCOMPARE(model.index(tracker, 7).data(Qt::ForegroundRole).value<QColor>(), amber);
    // Simulated figures are never tinted; agreeing estimates are not either.
    QVERIFY(!model.index(tracker, 6).data(Qt::ForegroundRole).isValid());
    const double simU = model.index(notifications, 4).data(Qt::UserRole).toDouble();
    const double estU = model.index(notifications, 5).data(Qt::UserRole).toDouble();
    QVERIFY2(std::abs(simU - estU) < 2, qPrintable(QStringLiteral("%1 / %2").arg(simU).arg(estU)));
    QVERIFY(!model.index(notifications, 5).data(Qt::ForegroundRole).isValid());
}

// Issue 18: the live and trainer charts (SimCharts) had no consumer lag. Its panel draws each
// group's lag per second from the finished run, the same figures as the result's `groups[].lag`
// (the oracle: the run itself, exactly); a live run says the lag comes when it ends, and a
// player's partial timeline shows the seconds it has revealed only.
void TestStreamResults::simChartsLagFollowsTheRun()
{
    const gui::RunLayout layout = gui::RunLayout::fromModel(m_shop, "consumer-outage");
    QCOMPARE(layout.consumeLinks.size(), qsizetype(m_run->groups.size()));
    gui::RunTimeline finished;
    finished.setResult(layout, *m_run);
    gui::SimCharts charts;
    charts.resize(1200, 900);
    charts.setTimeline(&finished);
    charts.refresh();
    QVERIFY(charts.panelUsed(gui::SimCharts::ConsumerLag));
    QCOMPARE(charts.chart(gui::SimCharts::ConsumerLag)->title(), QStringLiteral("Consumer lag"));
    for (int g = 0; g < layout.consumeLinks.size(); ++g) {
        const auto &group = *std::find_if(m_run->groups.begin(), m_run->groups.end(),
                                          [&](const auto &x) {
                                              return x.link == layout.consumeLinks[g].toStdString();
                                          });
        QCOMPARE(layout.groupLabels[g],
                 QString::fromStdString(group.group + " (" + group.source + ")"));
        const auto line = charts.line(gui::SimCharts::ConsumerLag, layout.groupLabels[g]);
        QVERIFY2(line, qPrintable(layout.groupLabels[g]));
        double drawn = 0, simulated = 0;
        for (const QPointF &p : line->points)
            drawn = std::max(drawn, p.y());
        for (const auto &p : group.lag)
            simulated = std::max(simulated, p.messages);
        QCOMPARE(drawn, simulated); // decimation keeps each column's max
    }

    // Live: the points come, the lag only with the finished run.
    gui::RunTimeline live;
    live.reset(layout);
    live.append({m_run->timeline.begin(), m_run->timeline.begin() + 30}, {});
    charts.setTimeline(&live);
    charts.refresh();
    QVERIFY2(charts.chart(gui::SimCharts::ConsumerLag)->title().contains("when the run ends"),
             qPrintable(charts.chart(gui::SimCharts::ConsumerLag)->title()));
    auto first = charts.line(gui::SimCharts::ConsumerLag, layout.groupLabels[0]);
    QVERIFY(first);
    QVERIFY(first->points.isEmpty());
    // A player that revealed 30 s: the lag of those 30 seconds (points at each second's end).
    live.setGroupLag(finished.groupLag());
    charts.refresh();
    first = charts.line(gui::SimCharts::ConsumerLag, layout.groupLabels[0]);
    QCOMPARE(first->points.size(), qsizetype(30));
    QVERIFY(first->points.back().x() <= 30.0);
    QCOMPARE(charts.chart(gui::SimCharts::ConsumerLag)->title(), QStringLiteral("Consumer lag"));
}

// A bounded queue's backpressure (docs/streams.md, "Coupled with the engine") as the dock
// showed it: the Streams tab listed the consumer groups only, so a rejected or blocked publish
// showed nowhere but as an unexplained "rejected" error. The streams-and-queues table says what
// each queue did with its publishes. Fixture: tests/data/backpressure.json (100 requests/s
// published into a queue of 200 read at 80/s). Oracles: the run's own topic figures, and the
// docs' "the client's errors.rejected counts the queue's rejected one for one".
void TestStreamResults::topicTableShowsBackpressure()
{
    auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/tests/data/backpressure.json");
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    model::Model m = loaded.value();
    auto runWith = [&](model::Overflow overflow) {
        for (auto &c : m.components)
            if (c.id == "jobs")
                c.queue->overflow = overflow;
        simulator::SimulationOptions o;
        o.scenario = "steady"; // 120 s, seed 7
        auto r = simulator::runSimulation(m, o);
        return std::make_shared<const simulator::SimulationResult>(std::move(r).value());
    };
    gui::TopicResultsModel table;
    QAbstractItemModelTester tester(&table,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(table.columnCount(), int(gui::TopicResultsModel::ColumnCount));
    auto cell = [&](int column, int role = Qt::UserRole) {
        return table.index(0, column).data(role);
    };

    const auto rejecting = runWith(model::Overflow::Reject);
    QCOMPARE(rejecting->topics.size(), size_t(1));
    const auto &queue = rejecting->topics[0];
    table.setRun(rejecting);
    QCOMPARE(table.rowCount(), 1);
    QCOMPARE(cell(gui::TopicResultsModel::Id, Qt::DisplayRole).toString(), QStringLiteral("jobs"));
    QCOMPARE(cell(gui::TopicResultsModel::Kind, Qt::DisplayRole).toString(),
             QStringLiteral("queue"));
    // Filled at 20 messages/s from about 10 s on: a fifth of the later publishes refused.
    QVERIFY2(queue.rejected.value > 1000, qPrintable(QString::number(queue.rejected.value)));
    QCOMPARE(cell(gui::TopicResultsModel::Rejected).toDouble(), queue.rejected.value);
    QCOMPARE(rejecting->summary.errors.rejected.value, queue.rejected.value);
    QVERIFY(cell(gui::TopicResultsModel::Rejected, Qt::ForegroundRole).isValid()); // amber
    QVERIFY(cell(gui::TopicResultsModel::Rejected, Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("reason rejected")));
    QCOMPARE(cell(gui::TopicResultsModel::Blocked).toDouble(), 0.0);
    QCOMPARE(cell(gui::TopicResultsModel::DepthMax).toDouble(), 200.0); // max_length
    QVERIFY(!table.headerData(gui::TopicResultsModel::Blocked, Qt::Horizontal, Qt::ToolTipRole)
                 .toString()
                 .isEmpty());

    const auto blocking = runWith(model::Overflow::Block);
    table.setRun(blocking);
    const auto &held = blocking->topics[0];
    QVERIFY(held.blocked.value > 1000);
    QCOMPARE(held.rejected.value, 0.0);
    QCOMPARE(cell(gui::TopicResultsModel::Blocked).toDouble(), held.blocked.value);
    QCOMPARE(cell(gui::TopicResultsModel::BlockMsMax).toDouble(), held.block_ms_max.value);
    QVERIFY(held.block_ms_max.value > 0);
    QCOMPARE(cell(gui::TopicResultsModel::Rejected).toDouble(), 0.0);
    QVERIFY(!cell(gui::TopicResultsModel::Rejected, Qt::ForegroundRole).isValid());
    table.setRun(nullptr);
    QCOMPARE(table.rowCount(), 0);
}

QTEST_MAIN(TestStreamResults)
#include "tst_streamresults.moc"
