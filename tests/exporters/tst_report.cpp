// The review report: self-contained (no script, no external reference, a CSP that forbids
// fetching), well-formed inline SVG, hostile names escaped, the sections present, simulate
// JSON parsed with clear errors, a diagram layout without overlaps, and a headless Chromium
// that renders it without a single request leaving the file.

#include "archsim/exporters/diagram.h"
#include "archsim/exporters/report.h"
#include "archsim/model/io.h"

#include "deploymodels.h"
#include "deploytestutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QXmlStreamReader>

#include <nlohmann/json.hpp>

using namespace archsim;
using namespace deploytest;

namespace {

model::Model modelFor(const QString &example)
{
    if (example == "shop")
        return shopModel();
    if (example == "hostile")
        return hostileModel();
    auto loaded = model::loadModel(example.toStdString());
    return loaded.ok() ? loaded.value() : model::Model{};
}

exporters::SimulationRun fixtureRun()
{
    QFile f(QStringLiteral(SRCDIR "fixtures/simulate-ecommerce.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto r = exporters::parseSimulationRun(f.readAll().toStdString(), "simulate-ecommerce.json");
    return r.ok() ? r.value() : exporters::SimulationRun{};
}

// Returns the URLs a page (not the browser itself) asked for, from a Chromium net log.
QStringList pageRequests(const QString &netLogPath, QString &error)
{
    QFile f(netLogPath);
    if (!f.open(QIODevice::ReadOnly)) {
        error = "no net log at " + netLogPath;
        return {};
    }
    auto log = nlohmann::json::parse(f.readAll().toStdString(), nullptr, false);
    if (log.is_discarded() || !log.contains("events")) {
        error = "unreadable net log";
        return {};
    }
    QStringList urls;
    for (const auto &e : log["events"]) {
        if (!e.contains("params") || !e["params"].is_object())
            continue;
        const auto &p = e["params"];
        // Browser-internal fetches (updates, time) carry the initiator "not an origin";
        // anything a page starts names the page's origin ("null" for file://).
        if (p.contains("url") && p.contains("initiator") && p["initiator"].is_string()
            && p["initiator"].get<std::string>() != "not an origin")
            urls << QString::fromStdString(p["url"].get<std::string>());
    }
    return urls;
}

// Renders `html` in headless Chromium; returns the page's requests and writes a screenshot.
QStringList renderInChromium(const QString &html, const QString &screenshot, QString &error)
{
    const QString chromium = QStandardPaths::findExecutable("chromium");
    if (chromium.isEmpty()) {
        error = "chromium is not installed (apt-get install chromium)";
        return {};
    }
    QTemporaryDir profile;
    const QString netLog = profile.path() + "/netlog.json";
    const auto r = run(chromium,
                       {"--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--no-first-run",
                        "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + profile.path() + "/profile",
                        "--log-net-log=" + netLog, "--net-log-capture-mode=Everything",
                        "--screenshot=" + screenshot, "--window-size=1400,2400",
                        "file://" + html});
    if (!r.started || r.exitCode != 0) {
        error = "chromium failed: " + r.output;
        return {};
    }
    return pageRequests(netLog, error);
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT

private slots:
    void selfContained_data();
    void selfContained();
    void hostileNamesEscaped();
    void sections();
    void simulateJsonErrors_data();
    void simulateJsonErrors();
    void layoutWithoutOverlaps_data();
    void layoutWithoutOverlaps();
    void chromiumRendersOffline();
};

void TestReport::selfContained_data()
{
    QTest::addColumn<QString>("example");
    QTest::newRow("shop (built)") << "shop";
    QTest::newRow("hostile names (built)") << "hostile";
    const QDir examples(QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples"));
    for (const auto &f : examples.entryInfoList({"*.json"}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(f.fileName())) << f.absoluteFilePath();
}

void TestReport::selfContained()
{
    QFETCH(QString, example);
    const auto m = modelFor(example);
    QVERIFY(!m.components.empty());
    exporters::ReportOptions options;
    options.runs.push_back(fixtureRun());
    QVERIFY(!options.runs.back().data.is_null());
    const auto html = QString::fromStdString(exporters::exportReport(m, options));
    // Nothing that could fetch: no scripts, stylesheets, images, frames, imports or URLs.
    for (const char *bad : {"<script", "<link", "<img", "<iframe", "<object", "@import",
                            "src=", "https://"})
        QVERIFY2(!html.contains(QLatin1String(bad), Qt::CaseInsensitive), bad);
    // url() only for in-document fragments (the arrow marker).
    QVERIFY(!html.contains(QRegularExpression(QStringLiteral("url\\((?!#)"))));
    QString withoutNs = html;
    withoutNs.remove(QStringLiteral("xmlns=\"http://www.w3.org/2000/svg\""));
    QVERIFY2(!withoutNs.contains("http://"), "an http:// reference");
    QVERIFY(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    // Every inline SVG is well-formed XML (escaping holds).
    const QRegularExpression svgRe(QStringLiteral("<svg[\\s\\S]*?</svg>"));
    int svgs = 0;
    for (auto it = svgRe.globalMatch(html); it.hasNext(); ++svgs) {
        const QString svg = it.next().captured(0);
        QXmlStreamReader xml(svg);
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString() + "\n" + svg.left(400)));
    }
    QVERIFY2(svgs >= 5, qPrintable(QString::number(svgs))); // diagram + 4 charts
}

void TestReport::hostileNamesEscaped()
{
    const auto html = QString::fromStdString(exporters::exportReport(hostileModel()));
    QVERIFY(!html.contains("<script>"));
    QVERIFY(!html.contains("<b>ÜBER</b>"));
    QVERIFY(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    QVERIFY(html.contains("&lt;b&gt;ÜBER&lt;/b&gt;"));
    QVERIFY(html.contains("日本"));
}

void TestReport::sections()
{
    const auto m = shopModel();
    const auto plain = QString::fromStdString(exporters::exportReport(m));
    for (const char *id : {"diagram", "components", "links", "schema", "lint", "analytic"})
        QVERIFY2(plain.contains(QString("<section id=\"%1\"").arg(id)), id);
    QVERIFY(!plain.contains("<section id=\"simulation\""));
    // The schema shows keys, indexes and partitions.
    QVERIFY(plain.contains("<code>shop.orders</code>"));
    QVERIFY(plain.contains("Index orders_user_created (user_id, created_at DESC)"));
    QVERIFY(plain.contains("Partitioned by range on created_at, monthly from 2026-01, 24 "
                           "partitions, keep 24"));
    QVERIFY(plain.contains("<td>PK</td>"));
    // Every component appears in the diagram and in the table.
    for (const auto &c : m.components) {
        QVERIFY(plain.contains(QString("<td><code>%1</code></td>")
                                   .arg(QString::fromStdString(c.id))));
        QVERIFY(plain.contains(QString("(%1, ").arg(QString::fromStdString(c.id))));
    }
    exporters::ReportOptions options;
    options.runs = {fixtureRun()};
    const auto withRun = QString::fromStdString(exporters::exportReport(m, options));
    QVERIFY(withRun.contains("<section id=\"simulation\""));
    QVERIFY(withRun.contains("Utilization per component"));
    QVERIFY(withRun.contains("Latency over time"));
    // The p99 card shows the fixture's own figure, rounded to 0.1 ms.
    const double p99 = options.runs[0].data["summary"]["latency_ms"]["p99"].get<double>();
    QVERIFY(withRun.contains(QString::number(p99, 'f', 1) + " ms</div>"));
    QVERIFY(withRun.contains("<code>latency_ms.p99</code>")); // with its 95% interval
    // Streams (docs/streams.md): topics, the consumer groups with their estimate, and the
    // stream figures of a run that has them.
    QVERIFY(!plain.contains("<section id=\"streams\"")); // the fixture has none
    auto shop = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(shop.ok(), shop.message().c_str());
    const auto streams = QString::fromStdString(exporters::exportReport(shop.value()));
    QVERIFY(streams.contains("<section id=\"streams\""));
    QVERIFY(streams.contains("<code>order-events</code>"));
    QVERIFY(streams.contains("<code>fulfilment-tracker-order-events</code>"));
    // The groups that read each topic (the realtime gateway's too: issue 20 feeds it from
    // order-events), and the message size.
    QVERIFY(streams.contains("<td>fulfilment, notifications, order-updates</td>"));
    QVERIFY(streams.contains("<td class=\"num\">600 B</td>"));
    // Broker bandwidth of the estimate: 5 messages/s x 600 B x RF 3 = 0.009 MB/s written,
    // x (3 groups + RF 3 - 1) = 0.015 MB/s read (docs/streams.md).
    QVERIFY(streams.contains("<td class=\"num\">0.009</td><td class=\"num\">0.015</td>"));
    // The processing time per message: the tracker's 150 ms x 1.001 attempts (failure
    // probability 0.001 with a dead letter), and no share turned away (no bounded queue).
    QVERIFY(streams.contains("<td class=\"num\">150.15</td>"));
    QVERIFY(!streams.contains("turned away"));
    // A bounded e-mail queue that rejects: the M/M/c/K share it turns away is named.
    model::Model bounded = shop.value();
    for (auto &c : bounded.components)
        if (c.id == "email-queue") {
            c.queue->max_length = 2;
            c.queue->overflow = model::Overflow::Reject;
        }
    const auto boundedReport = QString::fromStdString(exporters::exportReport(bounded));
    QVERIFY(boundedReport.contains("% turned away</span>"));
    exporters::SimulationRun streamRun = fixtureRun();
    streamRun.data["groups"]["fulfilment-tracker-order-events"] = {
        {"lag_max", 612.0}, {"lag_end", 3.0}, {"latency_p95_ms", 41.25},
        {"lost", 17.0}, {"ordering_violations", 0.0}};
    streamRun.data["topics"]["order-events"] = {
        {"published", 3001.0}, {"published_rps", 5.0}, {"rejected", 0.0},
        {"dead_letters_in", 0.0}, {"depth_max", 4242.0}, {"write_mbps", 0.009}};
    options.runs = {streamRun};
    const auto withGroups =
        QString::fromStdString(exporters::exportReport(shop.value(), options));
    QVERIFY(withGroups.contains("<td class=\"num\">612</td>"));
    QVERIFY(withGroups.contains("<td class=\"num\">41.3</td>") ||
            withGroups.contains("<td class=\"num\">41.2</td>")); // p95, 0.1 ms
    QVERIFY(withGroups.contains("<td class=\"num\">17</td>"));   // lost
    // The simulated topic figures.
    QVERIFY(withGroups.contains("Simulated topics"));
    QVERIFY(withGroups.contains("<td class=\"num\">3001</td>"));
    QVERIFY(withGroups.contains("<td class=\"num\">4242</td>"));
}

void TestReport::simulateJsonErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("place");
    QTest::newRow("not JSON") << "{oops" << "";
    QTest::newRow("not an object") << "[1, 2]" << "";
    QTest::newRow("no summary") << "{\"model\": \"x\"}" << "/summary";
    QTest::newRow("no latency") << "{\"summary\": {}}" << "/summary/latency_ms";
    QTest::newRow("p99 not a number")
        << "{\"summary\": {\"latency_ms\": {\"p50\": 1, \"p99\": \"slow\"}}}"
        << "/summary/latency_ms/p99";
    QTest::newRow("timeline not an array")
        << "{\"summary\": {\"latency_ms\": {\"p50\": 1, \"p99\": 2}}, \"timeline\": {}}"
        << "/timeline";
}

void TestReport::simulateJsonErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, place);
    const auto r = exporters::parseSimulationRun(text.toStdString(), "run.json");
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.diagnostics().at(0).place), place);
    QCOMPARE(r.diagnostics().at(0).file, std::string("run.json"));
    QVERIFY(!r.diagnostics().at(0).message.empty());
}

void TestReport::layoutWithoutOverlaps_data()
{
    selfContained_data();
}

void TestReport::layoutWithoutOverlaps()
{
    QFETCH(QString, example);
    auto m = modelFor(example);
    for (auto &c : m.components)
        c.position.reset(); // the layered layout, not the file's positions
    const auto boxes = exporters::diagramLayout(m);
    QCOMPARE(boxes.size(), m.components.size());
    for (auto a = boxes.begin(); a != boxes.end(); ++a)
        for (auto b = std::next(a); b != boxes.end(); ++b) {
            const auto &p = a->second, &q = b->second;
            const bool apart = p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y
                || q.y + q.h <= p.y;
            QVERIFY2(apart, (a->first + " overlaps " + b->first).c_str());
        }
    // Clients sit in the first column; links point rightwards unless they close a cycle.
    double leftmost = 1e300;
    for (const auto &[id, b] : boxes)
        leftmost = std::min(leftmost, b.x);
    for (const auto &c : m.components)
        if (c.kind == model::ComponentKind::Client)
            QCOMPARE(boxes.at(c.id).x, leftmost);
    // A link may point left or stay in its column only when it closes a cycle.
    auto reaches = [&](const std::string &from, const std::string &to) {
        std::set<std::string> seen{from};
        std::vector<std::string> todo{from};
        while (!todo.empty()) {
            const auto v = todo.back();
            todo.pop_back();
            if (v == to)
                return true;
            for (const auto &l : m.links)
                if (l.from == v && seen.insert(l.to).second)
                    todo.push_back(l.to);
        }
        return false;
    };
    for (const auto &l : m.links)
        QVERIFY2(boxes.at(l.to).x > boxes.at(l.from).x || reaches(l.to, l.from),
                 (l.from + " -> " + l.to).c_str());
}

void TestReport::chromiumRendersOffline()
{
    auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    exporters::ReportOptions options;
    options.runs = {fixtureRun()};
    QTemporaryDir dir;
    const QString html = dir.path() + "/report.html";
    {
        QFile f(html);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(exporters::exportReport(loaded.value(), options)));
    }
    QString error;
    const QString shot = dir.path() + "/report.png";
    const auto requests = renderInChromium(html, shot, error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(requests.isEmpty(), qPrintable(requests.join('\n')));
    QVERIFY(QFileInfo(shot).size() > 50000); // a real picture, not a blank page

    // The detector itself works: a page with one remote image is caught.
    const QString canary = dir.path() + "/canary.html";
    {
        QFile f(canary);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/canary.png\">"
                "</body></html>");
    }
    const auto caught = renderInChromium(canary, dir.path() + "/canary.png", error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(caught.join(' ').contains("canary.png"), qPrintable(caught.join('\n')));
}

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
