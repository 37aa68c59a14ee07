#include "analysis.h"

#include "document.h"

#include "archsim/model/validate.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <optional>

namespace archsim::gui {

using namespace archsim::model;

namespace {

// Maps a JSON pointer ("/components/3/replicas") to the id of what it points into.
void resolvePlace(const Model &m, Problem &p)
{
    const QStringList parts = p.place.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() < 2)
        return;
    bool ok = false;
    const int i = parts[1].toInt(&ok);
    if (!ok || i < 0)
        return;
    if (parts[0] == QLatin1String("components") && size_t(i) < m.components.size()) {
        p.target = QString::fromStdString(m.components[size_t(i)].id);
        p.targetKind = QStringLiteral("component");
    } else if (parts[0] == QLatin1String("links") && size_t(i) < m.links.size()) {
        p.target = QString::fromStdString(m.links[size_t(i)].id);
        p.targetKind = QStringLiteral("link");
    } else if (parts[0] == QLatin1String("scenarios") && size_t(i) < m.scenarios.size()) {
        // An event or override of a scenario: the scenario editor shows it (issue #17).
        p.target = QString::fromStdString(m.scenarios[size_t(i)].id);
        p.targetKind = QStringLiteral("scenario");
    } else if (parts[0] == QLatin1String("schemas") && size_t(i) < m.schemas.size()) {
        const Schema &s = m.schemas[size_t(i)];
        p.target = QString::fromStdString(s.id);
        p.targetKind = QStringLiteral("schema");
        int t = -1;
        if (parts.size() >= 4 && parts[2] == QLatin1String("tables"))
            t = parts[3].toInt(&ok);
        if (ok && t >= 0 && size_t(t) < s.tables.size()) {
            p.target += QLatin1Char('.') + QString::fromStdString(s.tables[size_t(t)].name);
            p.targetKind = QStringLiteral("table");
        }
    }
}

QString ms(double v)
{
    if (!std::isfinite(v))
        return QStringLiteral("∞");
    if (v < 0.005)
        return QStringLiteral("0 ms");
    return v >= 1000 ? QStringLiteral("%1 s").arg(v / 1000, 0, 'f', 2)
                     : QStringLiteral("%1 ms").arg(v, 0, 'g', 3);
}

} // namespace

namespace {
bool sameInput(const CacheAnalyticInput &a, const CacheAnalyticInput &b)
{
    if (a.read_rps != b.read_rps || a.capacity != b.capacity || a.eviction != b.eviction
        || a.ttl_refresh_on_hit != b.ttl_refresh_on_hit || a.zipf != b.zipf
        || a.classes.size() != b.classes.size())
        return false;
    for (size_t i = 0; i < a.classes.size(); ++i)
        if (a.classes[i].share != b.classes[i].share || a.classes[i].keys != b.classes[i].keys
            || a.classes[i].ttl_s != b.classes[i].ttl_s)
            return false;
    return true;
}
} // namespace

EstimateResult estimateModel(const Model &model, CacheMemo *memo)
{
    CacheMemo local;
    if (!memo)
        memo = &local;
    // The estimate estimates each cache's hit ratio at the read rate the traffic pass gives
    // it (about a millisecond per cache with 10^6 keys, 40 ms for the benchmark's model).
    // Instead: assume each cache's last known miss ratio, run the traffic pass, and check
    // every cache's analytic input at the read rate it got against the memo. When every
    // assumed ratio is the one its input gives, the result is the estimate's own (the same
    // fixed point, reached in topological order); otherwise the corrected ratios are assumed
    // and the pass repeats (one more round per level of caches feeding caches).
    std::map<std::string, double> assumed;
    for (const auto &[id, entry] : memo->byId)
        if (std::isfinite(entry.second.hit_ratio))
            assumed.emplace(id, std::clamp(1.0 - entry.second.hit_ratio, 0.0, 1.0));
    EstimateOptions o;
    // Caches without an assumed ratio are estimated by estimate() itself, at their rate.
    o.missRatio = [&assumed](const Component &c) -> std::optional<double> {
        auto it = assumed.find(c.id);
        return it == assumed.end() ? std::nullopt : std::optional<double>(it->second);
    };
    EstimateResult r;
    constexpr int kMaxRounds = 8;
    for (int round = 1;; ++round) {
        r.estimate = estimate(model, o);
        r.caches.clear();
        bool stable = true;
        for (const Component &c : model.components) {
            if (c.kind != ComponentKind::Cache && c.kind != ComponentKind::Cdn)
                continue;
            auto st = r.estimate.components.find(c.id);
            const CacheAnalyticInput in = cacheAnalyticInput(
                c, st == r.estimate.components.end() ? 0.0 : st->second.read_rps);
            std::optional<CacheAnalyticResult> hit;
            auto m = memo->byId.find(c.id);
            if (m != memo->byId.end() && sameInput(m->second.first, in)) {
                hit = m->second.second;
            } else if (auto fresh = estimateCache(in); fresh.ok()) {
                hit = fresh.value();
                memo->byId[c.id] = {in, *hit};
            }
            if (hit)
                r.caches.emplace(c.id, *hit);
            if (!hit || !std::isfinite(hit->hit_ratio)) {
                stable = assumed.erase(c.id) == 0 && stable; // estimate() says why
                continue;
            }
            const double miss = std::clamp(1.0 - hit->hit_ratio, 0.0, 1.0);
            auto a = assumed.find(c.id);
            if (a == assumed.end() || a->second != miss) {
                assumed[c.id] = miss;
                stable = false;
            }
        }
        if (stable)
            break;
        if (round == kMaxRounds) { // never seen: let estimate() settle every cache itself
            r.estimate = estimate(model, 1.0);
            break;
        }
    }
    return r;
}

std::vector<Problem> findProblems(const Model &model, Linter *linter)
{
    std::vector<Problem> out;
    for (const Diagnostic &d : validate(model)) {
        Problem p;
        p.severity = d.severity == Diagnostic::Severity::Error ? Problem::Severity::Error
                                                               : Problem::Severity::Warning;
        p.rule = QStringLiteral("validate");
        p.message = QString::fromStdString(d.message);
        p.place = QString::fromStdString(d.place);
        resolvePlace(model, p);
        out.push_back(std::move(p));
    }
    LintOptions lo;
    // The incremental linter re-lints only what changed since its last update and hands out
    // its findings by pointer; lint() is the one-shot fallback.
    LintReport report;
    std::vector<const Finding *> findings;
    if (linter) {
        findings = linter->update(model, lo).findings;
    } else {
        report = lint(model, lo);
        for (const Finding &f : report.findings)
            findings.push_back(&f);
    }
    for (const Finding *fp : findings) {
        const Finding &f = *fp;
        Problem p;
        p.severity = f.severity == Severity::Error     ? Problem::Severity::Error
                     : f.severity == Severity::Warning ? Problem::Severity::Warning
                                                       : Problem::Severity::Info;
        p.rule = QString::fromStdString(f.rule);
        p.message = QString::fromStdString(f.message);
        p.fix = QString::fromStdString(f.fix);
        p.place = QString::fromStdString(f.pointer);
        resolvePlace(model, p);
        if (p.target.isEmpty())
            p.target = QString::fromStdString(f.target);
        out.push_back(std::move(p));
    }
    return out;
}

GraphShadow::GraphShadow(Document *doc, QObject *parent) : QObject(parent), m_doc(doc)
{
    auto all = [this] { m_all = true; };
    connect(doc, &Document::modelReset, this, all);
    connect(doc, &Document::componentAdded, this, all);
    connect(doc, &Document::componentRemoved, this, all);
    connect(doc, &Document::componentRenamed, this, all);
    connect(doc, &Document::linkAdded, this, all);
    connect(doc, &Document::linkRemoved, this, all);
    connect(doc, &Document::metaChanged, this, all);
    auto component = [this](const QString &id) { m_components.insert(id.toStdString()); };
    connect(doc, &Document::componentChanged, this, component);
    connect(doc, &Document::componentMoved, this, component);
    connect(doc, &Document::linkChanged, this,
            [this](const QString &id) { m_links.insert(id.toStdString()); });
}

void GraphShadow::update(Model &out)
{
    const Model &m = m_doc->model();
    auto copyAll = [&] {
        out.components = m.components;
        out.links = m.links;
        out.zones = m.zones;
    };
    if (m_all || out.components.size() != m.components.size()
        || out.links.size() != m.links.size()) {
        copyAll();
    } else {
        // Same lists, same order: replace the changed entries in place. An id not where the
        // document has it means the lists drifted apart: copy everything (never seen).
        bool drift = false;
        for (const std::string &id : m_components) {
            const int i = m_doc->componentIndex(id);
            if (i < 0 || out.components[size_t(i)].id != id) {
                drift = true;
                break;
            }
            out.components[size_t(i)] = m.components[size_t(i)];
        }
        for (const std::string &id : m_links) {
            if (drift)
                break;
            const int i = m_doc->linkIndex(id);
            if (i < 0 || out.links[size_t(i)].id != id) {
                drift = true;
                break;
            }
            out.links[size_t(i)] = m.links[size_t(i)];
        }
        if (drift)
            copyAll();
    }
    m_all = false;
    m_components.clear();
    m_links.clear();
}

Analyzer::Analyzer(Document *doc, QObject *parent)
    : QObject(parent), m_doc(doc), m_linter(std::make_unique<Linter>()),
      m_cacheMemo(std::make_unique<CacheMemo>()), m_shadow(std::make_shared<Model>()),
      m_shadowGraph(doc), m_estimateInput(std::make_shared<Model>()), m_estimateGraph(doc)
{
    connect(doc, &Document::modelReset, this, [this] { m_allSchemasDirty = true; });
    connect(doc, &Document::schemaChanged, this,
            [this](const QString &id) { m_dirtySchemas.insert(id.toStdString()); });
    // The estimate is cheap: start it on the next turn of the event loop (edits that arrive
    // together coalesce). Problems wait for a pause in typing.
    m_estimateTimer.setSingleShot(true);
    m_estimateTimer.setInterval(0);
    m_problemTimer.setSingleShot(true);
    m_problemTimer.setInterval(300);
    connect(&m_estimateTimer, &QTimer::timeout, this, &Analyzer::startEstimate);
    connect(&m_problemTimer, &QTimer::timeout, this, &Analyzer::startProblems);
    connect(doc, &Document::contentChanged, this, [this] {
        m_estimateTimer.start();
        m_problemTimer.start();
    });
    connect(&m_estimateWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_estimateGen != m_doc->generation()) {
            startEstimate(); // stale: the model changed meanwhile
            return;
        }
        m_estimate = m_estimateWatcher.result();
        m_estimatePending = false;
        emit estimateUpdated();
    });
    connect(&m_problemWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_problemGen != m_doc->generation()) {
            m_problemTimer.start();
            return;
        }
        m_problems = m_problemWatcher.result();
        m_problemPending = false;
        emit problemsUpdated();
    });
}

Analyzer::~Analyzer()
{
    m_estimateWatcher.waitForFinished();
    m_problemWatcher.waitForFinished();
}

void Analyzer::runNow()
{
    m_estimateTimer.stop();
    m_problemTimer.stop();
    startEstimate();
    startProblems();
}

void Analyzer::startEstimate()
{
    if (m_estimateWatcher.isRunning()) {
        m_estimateGen = 0; // forces a rerun when it finishes
        return;
    }
    m_estimateGen = m_doc->generation();
    m_estimatePending = true;
    // The estimate needs only components and links: copying 5,000 tables would cost more
    // than the estimate itself. No worker reads the copy now: bring it up to date.
    m_estimateGraph.update(*m_estimateInput);
    m_estimateWatcher.setFuture(QtConcurrent::run([g = m_estimateInput,
                                                   memo = m_cacheMemo.get()] {
        return std::make_shared<EstimateResult>(estimateModel(*g, memo));
    }));
}

void Analyzer::startProblems()
{
    if (m_problemWatcher.isRunning()) {
        m_problemGen = 0;
        return;
    }
    m_problemGen = m_doc->generation();
    m_problemPending = true;
    // No worker runs now: bring its copy of the model up to date. Of the components, links
    // and schemas (5,000 tables) only those that changed are copied.
    const Model &m = m_doc->model();
    Model &shadow = *m_shadow;
    shadow.version = m.version;
    shadow.name = m.name;
    shadow.description = m.description;
    m_shadowGraph.update(shadow); // components, links and zones: only what changed
    shadow.regions = m.regions; // region_outage targets and the region-loss lint need them
    shadow.disaster_recovery = m.disaster_recovery;
    shadow.scenarios = m.scenarios;
    shadow.suppress = m.suppress;
    if (m_allSchemasDirty || shadow.schemas.size() != m.schemas.size()) {
        shadow.schemas = m.schemas;
    } else if (!m_dirtySchemas.empty()) {
        for (size_t i = 0; i < m.schemas.size(); ++i)
            if (shadow.schemas[i].id != m.schemas[i].id || m_dirtySchemas.count(m.schemas[i].id))
                shadow.schemas[i] = m.schemas[i];
    }
    m_allSchemasDirty = false;
    m_dirtySchemas.clear();
    m_problemWatcher.setFuture(QtConcurrent::run(
        [shadow = m_shadow, linter = m_linter.get()] { return findProblems(*shadow, linter); }));
}

QString Analyzer::describe(const QString &componentId) const
{
    if (!m_estimate)
        return {};
    const std::string id = componentId.toStdString();
    const AnalyticEstimate &e = m_estimate->estimate;
    QString html;
    if (auto c = e.clients.find(id); c != e.clients.end()) {
        html = tr("Rate <b>%1 req/s</b><br>Mean end-to-end latency <b>%2</b>")
                   .arg(c->second.rate_rps, 0, 'g', 4)
                   .arg(ms(c->second.response_ms));
        if (c->second.saturated)
            html += tr("<br><span style='color:#d92d20'>A station on its path is saturated"
                       "</span>");
        return html;
    }
    auto s = e.components.find(id);
    if (s == e.components.end())
        return {};
    const StationEstimate &st = s->second;
    const QString color = st.utilization >= 0.8 ? QStringLiteral("#d92d20")
                          : st.utilization >= 0.6 ? QStringLiteral("#d97706")
                                                  : QStringLiteral("#16a34a");
    html = tr("Utilization <b style='color:%1'>%2%</b> of %3 servers<br>"
              "Arrivals <b>%4 req/s</b><br>Wait %5 · response <b>%6</b>")
               .arg(color)
               .arg(st.utilization * 100, 0, 'f', 1)
               .arg(st.servers)
               .arg(st.arrival_rps, 0, 'g', 4)
               .arg(ms(st.wait_ms), ms(st.response_ms));
    if (auto c = m_estimate->caches.find(id); c != m_estimate->caches.end())
        html += tr("<br>Expected hit ratio <b>%1%</b> <i>(%2)</i>")
                    .arg(c->second.hit_ratio * 100, 0, 'f', 1)
                    .arg(QString::fromStdString(c->second.method).toHtmlEscaped());
    if (st.saturated)
        html += tr("<br><span style='color:#d92d20'><b>Saturated:</b> arrivals exceed "
                   "capacity; add replicas or workers</span>");
    if (st.in_cycle)
        html += tr("<br><i>On a cycle of calls; calls inside it are left out</i>");
    return html;
}

} // namespace archsim::gui
