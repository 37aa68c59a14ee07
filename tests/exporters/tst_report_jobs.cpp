// The review report's "Jobs and views" section (issue 21, docs/data-lifecycle.md): each ETL
// job and refreshed materialized view with its schedule, source and sink, the estimate (run
// time, staleness) and the last run's figures beside it.

#include "archsim/exporters/report.h"
#include "archsim/model/io.h"
#include "archsim/model/viewrefresh.h"

#include <QFile>
#include <QTest>

#include <cmath>

#include <nlohmann/json.hpp>

using namespace archsim;

namespace {

model::Model ecommerce()
{
    auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    if (!loaded.ok())
        qFatal("%s", loaded.message().c_str());
    return loaded.value();
}

// Returns the jobs-and-views section of the report ("" when there is none).
QString section(const model::Model &m, const exporters::ReportOptions &o = {})
{
    const QString html = QString::fromStdString(exporters::exportReport(m, o));
    const qsizetype from = html.indexOf("<section id=\"jobs\">");
    if (from < 0)
        return {};
    return html.mid(from, html.indexOf("</section>", from) - from);
}

// Returns the table row that starts with `first` (the first cell's content).
QString row(const QString &s, const QString &first)
{
    const qsizetype at = s.indexOf("<tr><td>" + first);
    if (at < 0)
        return {};
    return s.mid(at, s.indexOf("</tr>", at) - at);
}

// The fixture run (a real `simulate --format json` of the example), relabelled, with job and
// view figures as a run of this version writes them.
exporters::SimulationRun run(const std::string &label)
{
    QFile f(QStringLiteral(SRCDIR "fixtures/simulate-ecommerce.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no fixture simulate-ecommerce.json");
    auto parsed =
        exporters::parseSimulationRun(f.readAll().toStdString(), "simulate-ecommerce.json");
    if (!parsed.ok())
        qFatal("%s", parsed.message().c_str());
    exporters::SimulationRun r = parsed.value();
    r.label = label;
    r.data["jobs"] = {{"orders-etl",
                       {{"runs", 1}, {"skipped", 0}, {"run_s_mean", 250}, {"run_s_max", 250},
                        {"staleness_s_mean", 400}, {"staleness_s_max", 700}}}};
    r.data["views"] = {{"shop.order_summary@shop-db",
                        {{"refreshes", 20}, {"skipped", 0}, {"refresh_s_mean", 19.5},
                         {"refresh_s_max", 21}, {"staleness_s_mean", 36.0},
                         {"staleness_s_max", 51}, {"blocked_reads", 12},
                         {"blocked_wait_ms_mean", 4000}}}};
    return r;
}

} // namespace

class TestReportJobs : public QObject {
    Q_OBJECT

private slots:
    void listsJobsAndViewsWithTheEstimate();
    void lastRunBesideTheEstimate();
    void absentWithoutJobsOrViews();
};

// The example's orders-etl (every 15 min from shop-db's standby into the warehouse) and its
// order summary, refreshed concurrently every 30 s on each database holding schema shop. The
// estimate of viewrefresh.h: it reads 24.192M rows (users 4M, products 200k, orders and
// order_items 12 x 833k each) and holds 9.996M, so a concurrent refresh takes
// 24.192M x 0.0002 ms + 9.996M x 0.0014 ms = 18.8328 s; staleness 30 / 2 + 18.83 = 33.83 s mean
// and 30 + 18.83 = 48.83 s max (formulas in the cells' titles).
void TestReportJobs::listsJobsAndViewsWithTheEstimate()
{
    const auto m = ecommerce();
    const QString html = QString::fromStdString(exporters::exportReport(m, {}));
    QVERIFY(html.contains("<a href=\"#jobs\">Jobs and views</a>"));
    const QString s = section(m);
    QVERIFY(!s.isEmpty());
    const QString etl = row(s, "<code>orders-etl</code> job");
    QVERIFY2(etl.contains("every 900 s"), qPrintable(etl));
    QVERIFY2(etl.contains("<code>shop-db</code> (replica) → <code>warehouse</code>"),
             qPrintable(etl));
    const QString view = row(s, "<code>shop.order_summary</code> view on <code>shop-db</code>");
    QVERIFY2(view.contains("every 30 s, concurrent"), qPrintable(view));
    QVERIFY2(view.contains("orders, users, order_items, products"), qPrintable(view));
    const auto est = model::estimateViewRefreshes(m);
    QVERIFY(!est.empty());
    QVERIFY2(std::abs(est[0].refresh_s - 18.8328) < 1e-9, est[0].refresh_formula.c_str());
    QVERIFY2(view.contains(">18.8 s</td>"), qPrintable(view));
    QVERIFY2(view.contains(">33.8 s / 48.8 s</td>"), qPrintable(view));
    QVERIFY2(view.contains(QString::fromStdString(est[0].staleness_formula).toHtmlEscaped()),
             qPrintable(view));
    // The same view on the reporting replicas' database, which holds schema shop too.
    QVERIFY(!row(s, "<code>shop.order_summary</code> view on <code>shop-db-replica</code>")
                 .isEmpty());
    // Without a run, nothing measured.
    QVERIFY2(view.contains("not in the run"), qPrintable(view));
}

// The last run that ran jobs or refreshes: its runs, run times and staleness beside the
// estimate (36.0 s measured vs 33.83 s estimated: +6%), and the view's blocked reads.
void TestReportJobs::lastRunBesideTheEstimate()
{
    exporters::ReportOptions o;
    exporters::SimulationRun older = run("older.json");
    exporters::SimulationRun plain = run("plain.json");
    plain.data.erase("jobs");
    plain.data.erase("views");
    o.runs = {older, plain}; // the last run has neither: the older one is shown
    const QString s = section(ecommerce(), o);
    QVERIFY2(s.contains("Measured: older.json"), qPrintable(s.right(300)));
    const QString view = row(s, "<code>shop.order_summary</code> view on <code>shop-db</code>");
    QVERIFY2(view.contains(">20 (0 skipped)<br>12 reads blocked (4 s mean)</td>"),
             qPrintable(view));
    QVERIFY2(view.contains(">19.5 s / 21 s</td>"), qPrintable(view));
    QVERIFY2(view.contains(">36 s / 51 s <span class=\"muted\">(+6% vs estimate)</span></td>"),
             qPrintable(view));
    const QString etl = row(s, "<code>orders-etl</code> job");
    QVERIFY2(etl.contains(">1 (0 skipped)</td>"), qPrintable(etl));
    // The other database's copy of the view is not in that run.
    QVERIFY(row(s, "<code>shop.order_summary</code> view on <code>shop-db-replica</code>")
                .contains("not in the run"));
}

void TestReportJobs::absentWithoutJobsOrViews()
{
    auto m = ecommerce();
    std::erase_if(m.components,
                  [](const model::Component &c) { return c.kind == model::ComponentKind::Job; });
    for (auto &s : m.schemas)
        for (auto &v : s.views)
            v.refresh.reset();
    QVERIFY(section(m).isEmpty());
    QVERIFY(!QString::fromStdString(exporters::exportReport(m, {})).contains("#jobs"));
}

QTEST_APPLESS_MAIN(TestReportJobs)
#include "tst_report_jobs.moc"
