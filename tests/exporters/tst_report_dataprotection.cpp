// The review report's "Data protection" section (issue 21, docs/data-lifecycle.md): the DR
// plan, backups and where they live, RPO/RTO targets against the estimate per loss with a
// verdict, and what the last simulation run with a loss measured.

#include "archsim/exporters/report.h"
#include "archsim/model/dataprotection.h"
#include "archsim/model/io.h"

#include "deploymodels.h"

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
        qWarning("%s", loaded.message().c_str());
    return loaded.ok() ? loaded.value() : model::Model{};
}

model::Component &component(model::Model &m, const std::string &id)
{
    for (auto &c : m.components)
        if (c.id == id)
            return c;
    qFatal("no component %s", id.c_str());
}

// Returns the data-protection section of the report ("" when there is none).
QString section(const model::Model &m, const exporters::ReportOptions &o = {})
{
    const QString html = QString::fromStdString(exporters::exportReport(m, o));
    const qsizetype from = html.indexOf("<section id=\"data-protection\">");
    if (from < 0)
        return {};
    return html.mid(from, html.indexOf("</section>", from) - from);
}

// Returns the table row of `database` for `loss` in the targets table.
QString lossRow(const QString &s, const QString &database, const QString &loss)
{
    const qsizetype table = s.indexOf("targets vs estimate");
    qsizetype at = s.indexOf("<code>" + database + "</code>", table);
    at = s.indexOf("<td>" + loss + "</td>", at);
    if (table < 0 || at < 0)
        return {};
    return s.mid(at, s.indexOf("</tr>", at) - at);
}

// Returns the fixture run (a real `simulate --format json` of the example) relabelled, with
// `losses` in place of its own (none when null).
exporters::SimulationRun run(const std::string &label, nlohmann::json losses)
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
    r.data.erase("losses");
    if (!losses.is_null())
        r.data["losses"] = std::move(losses);
    return r;
}

} // namespace

class TestReportDataProtection : public QObject {
    Q_OBJECT

private slots:
    void planAndBackups();
    void targetsAgainstEstimate();
    void measuredFromLastRunWithLoss();
    void absentWithoutDeclarations();
};

void TestReportDataProtection::planAndBackups()
{
    const auto m = ecommerce();
    const QString html = QString::fromStdString(exporters::exportReport(m, {}));
    QVERIFY(html.contains("<a href=\"#data-protection\">Data protection</a>"));
    const QString s = section(m);
    QVERIFY(!s.isEmpty());
    const std::string strategy = model::toString(
        m.disaster_recovery.value_or(model::DisasterRecovery{}).strategy);
    QVERIFY2(s.contains("Disaster recovery: <b>" + QString::fromStdString(strategy) + "</b>"),
             qPrintable(s.left(600)));
    QVERIFY(s.contains("<code>eu-west-1</code> (zone-dr)"));
    // shop-db: a daily full backup, WAL archived after 60 s, 14 days, in another region than
    // its primary's (zone-a, region eu-central-1).
    const qsizetype row = s.indexOf("<tr><td><code>shop-db</code></td>");
    QVERIFY(row >= 0);
    const QString backups = s.mid(row, s.indexOf("</tr>", row) - row);
    QVERIFY2(backups.contains("every 24 h"), qPrintable(backups));
    QVERIFY2(backups.contains("continuous, 60 s delay"), qPrintable(backups));
    QVERIFY2(backups.contains("14 d"), qPrintable(backups));
    QVERIFY2(backups.contains("other_region: another region than eu-central-1"),
             qPrintable(backups));
}

void TestReportDataProtection::targetsAgainstEstimate()
{
    auto m = ecommerce();
    auto &db = component(m, "shop-db");
    db.rpo_target_s = 300;
    db.rto_target_s = 600;
    QString s = section(m);
    // Data loss: restore; with archiving the RPO is the archive delay (60 s <= 5 min).
    // Region loss: no replica in eu-west-1, so a restore there: detect + provision + switch +
    // S/R (the example's plan: 300 + 1800 + 300 s + S/R) > 10 min: misses on the RTO only.
    const QString region = lossRow(s, "shop-db", "its region");
    QVERIFY2(region.contains("restore"), qPrintable(region));
    QVERIFY2(region.contains("misses"), qPrintable(region));
    QVERIFY2(region.contains("RTO ") && region.contains("&gt; target 10 min"),
             qPrintable(region));
    QVERIFY2(!region.contains("RPO 60 s &gt;"), qPrintable(region));
    // Oracle for the figure: detect + provision + switch + S/R, R = 200 MB/s in the example.
    const auto dr = *m.disaster_recovery;
    const double rto =
        dr.detect_s + dr.provision_s + dr.switch_s + model::dataBytes(m, db) / 200e6;
    QVERIFY2(rto >= 120 && rto < 7200, "the example's restore changed: update the unit");
    const double minutes = rto / 60;
    const QString expected =
        QString::number(minutes, 'f', std::fabs(minutes - std::round(minutes)) < 0.05 ? 0 : 1)
        + " min";
    QVERIFY2(region.contains(">" + expected + "<"), qPrintable(region + " / " + expected));
    const QString data = lossRow(s, "shop-db", "its data (dropped table)");
    QVERIFY2(data.contains(">60 s<"), qPrintable(data));
    // A generous RTO target: every loss meets.
    db.rto_target_s = 4 * 3600;
    s = section(m);
    for (const char *loss : {"its primary instance", "its zone", "its region",
                             "its data (dropped table)"}) {
        const QString r = lossRow(s, "shop-db", loss);
        QVERIFY2(r.contains(">meets<"), qPrintable(QString(loss) + ": " + r));
    }
    // Without backups the data loss is not recoverable, and the verdict says why.
    db.backup.reset();
    s = section(m);
    const QString lost = lossRow(s, "shop-db", "its data (dropped table)");
    QVERIFY2(lost.contains("not recoverable") && lost.contains("misses"), qPrintable(lost));
    QVERIFY(s.contains("no backups"));
}

void TestReportDataProtection::measuredFromLastRunWithLoss()
{
    auto m = ecommerce();
    auto &db = component(m, "shop-db");
    db.rpo_target_s = 300;
    db.rto_target_s = 1200;
    const nlohmann::json loss = {{"t_s", 600}, {"database", "shop-db"}, {"cause", "data_loss"},
                                 {"lost_writes", 42}, {"lost_span_s", 30}, {"rto_s", 1500},
                                 {"rpo_estimate_s", 60}, {"rto_estimate_s", 1020}};
    nlohmann::json losses = nlohmann::json::array();
    losses.push_back(loss);
    nlohmann::json older = losses;
    older[0]["lost_writes"] = 7;
    exporters::ReportOptions o;
    o.runs = {run("first.json", older), run("outage.json", losses),
              run("later-without-loss.json", nullptr)};
    QString s = section(m, o);
    QVERIFY2(s.contains("Measured in the simulation <span class=\"muted\">outage.json"),
             qPrintable(s));
    QVERIFY(!s.contains("first.json"));
    const qsizetype at = s.indexOf("<td>data_loss</td>");
    QVERIFY(at >= 0);
    const QString row = s.mid(at, s.indexOf("</tr>", at) - at);
    QVERIFY2(row.contains(">42<"), qPrintable(row));
    QVERIFY2(row.contains("30 s (60 s)"), qPrintable(row));
    QVERIFY2(row.contains("25 min (17 min)"), qPrintable(row));
    // Measured 1500 s against a 1200 s target.
    QVERIFY2(row.contains("misses") && row.contains("RTO 25 min &gt; target 20 min"),
             qPrintable(row));
    // A database that never came back in the run misses any RTO target.
    o.runs[1].data["losses"][0]["rto_s"] = -1;
    s = section(m, o);
    QVERIFY(s.contains("not back in the run"));
    QVERIFY(s.contains("RTO never &gt; target"));
    // The RTO is measured at the next write: a database that took none has nothing to show.
    o.runs[1].data["databases"]["shop-db"]["writes"] = 0;
    s = section(m, o);
    QVERIFY(s.contains("no writes to measure"));
    QVERIFY(!s.contains("not back in the run"));
    // Runs without any loss: a hint instead of the table.
    o.runs = {run("plain.json", nullptr)};
    s = section(m, o);
    QVERIFY(!s.contains("Measured in the simulation"));
    QVERIFY(s.contains("No run measured a loss"));
}

void TestReportDataProtection::absentWithoutDeclarations()
{
    const auto m = deploytest::shopModel();
    QVERIFY(!model::declaresDataProtection(m));
    QVERIFY(section(m).isEmpty());
    QVERIFY(!QString::fromStdString(exporters::exportReport(m, {})).contains("#data-protection"));
}

QTEST_GUILESS_MAIN(TestReportDataProtection)
#include "tst_report_dataprotection.moc"
