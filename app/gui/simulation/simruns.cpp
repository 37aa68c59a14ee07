#include "simruns.h"

#include "document.h"

#include <QDateTime>
#include <QFileInfo>

#include <algorithm>

namespace archsim::gui {

QString ProjectRun::title() const
{
    QString t = record.id > 0 ? QStringLiteral("#%1 ").arg(record.id) : QStringLiteral("● ");
    t += record.label.empty() ? QStringLiteral("run") : QString::fromStdString(record.label);
    const QDateTime at = QDateTime::fromString(QString::fromStdString(record.created_at),
                                               Qt::ISODateWithMs);
    if (at.isValid())
        t += QStringLiteral(" · ") + at.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    return t;
}

RunLibrary::RunLibrary(Document *doc, QObject *parent) : QObject(parent), m_doc(doc)
{
    connect(doc, &Document::modelReset, this, [this] {
        // Another model: its runs, not the previous one's.
        if (QFileInfo(m_doc->filePath()) != QFileInfo(m_path))
            m_runs.clear();
        reload();
    });
    connect(doc, &Document::filePathChanged, this, [this] {
        // Save As carries the runs along: the new file gets the old file's runs, then the
        // runs that were only in memory.
        const QString now = m_doc->filePath();
        if (persistent() && !m_path.isEmpty() && QFileInfo(m_path) != QFileInfo(now) &&
            m_path.endsWith(QLatin1String(".archsim"), Qt::CaseInsensitive) &&
            QFileInfo::exists(m_path)) {
            const auto st = model::copyRuns(m_path.toStdString(), now.toStdString());
            if (!st.ok())
                m_error = QString::fromStdString(st.message());
        }
        storePending();
        reload();
    });
    reload();
}

bool RunLibrary::persistent() const
{
    return m_doc->filePath().endsWith(QLatin1String(".archsim"), Qt::CaseInsensitive) &&
           QFileInfo::exists(m_doc->filePath());
}

bool RunLibrary::add(const simulator::SimulationResult &result, const QString &optionsJson,
                     QString *error)
{
    ProjectRun run;
    run.record.created_at = QDateTime::currentDateTimeUtc()
                                .toString(Qt::ISODateWithMs).toStdString();
    run.record.scenario_id = result.scenario;
    run.record.seed = result.seed;
    run.record.label = (result.scenario.empty() ? std::string("steady state") : result.scenario) +
                       " · " + QString::number(result.duration_s, 'g', 6).toStdString() +
                       " s · seed " + std::to_string(result.seed) +
                       (result.replications > 1
                            ? " · " + std::to_string(result.replications) + " reps" : "");
    run.record.options_json = optionsJson.isEmpty() ? "{}" : optionsJson.toStdString();
    run.record.results_json = simulator::toJson(result);
    run.result = std::make_shared<simulator::SimulationResult>(result);
    m_error.clear();
    bool ok = true;
    if (persistent()) {
        const auto st = model::storeRun(m_doc->filePath().toStdString(), run.record);
        if (st.ok()) {
            auto shared = run.result;
            reload();
            if (!m_runs.empty())
                m_runs.back().result = shared; // no need to parse what we just wrote
            return true;
        }
        m_error = QString::fromStdString(st.message());
        ok = false;
    }
    m_runs.push_back(std::move(run));
    if (error)
        *error = m_error;
    emit changed();
    return ok;
}

bool RunLibrary::remove(int index, QString *error)
{
    if (index < 0 || index >= static_cast<int>(m_runs.size()))
        return false;
    const auto &rec = m_runs[static_cast<size_t>(index)].record;
    if (rec.id > 0 && persistent()) {
        const auto st = model::deleteRun(m_doc->filePath().toStdString(), rec.id);
        if (!st.ok()) {
            m_error = QString::fromStdString(st.message());
            if (error)
                *error = m_error;
            return false;
        }
    }
    m_runs.erase(m_runs.begin() + index);
    emit changed();
    return true;
}

std::shared_ptr<const simulator::SimulationResult> RunLibrary::result(int index, QString *error)
{
    if (index < 0 || index >= static_cast<int>(m_runs.size()))
        return nullptr;
    ProjectRun &run = m_runs[static_cast<size_t>(index)];
    if (!run.result) {
        auto r = simulator::fromJson(run.record.results_json);
        if (!r.ok()) {
            if (error)
                *error = tr("Stored run #%1 cannot be read: %2")
                             .arg(run.record.id).arg(QString::fromStdString(r.message()));
            return nullptr;
        }
        run.result = std::make_shared<simulator::SimulationResult>(std::move(r).value());
    }
    return run.result;
}

void RunLibrary::storePending()
{
    if (!persistent())
        return;
    for (auto &run : m_runs) {
        if (run.record.id != 0)
            continue;
        const auto st = model::storeRun(m_doc->filePath().toStdString(), run.record);
        if (!st.ok())
            m_error = QString::fromStdString(st.message());
    }
}

void RunLibrary::reload()
{
    m_path = m_doc->filePath();
    if (!persistent()) {
        emit changed();
        return; // in-memory runs stay
    }
    auto listed = model::listRuns(m_path.toStdString());
    if (!listed.ok()) {
        m_error = QString::fromStdString(listed.message());
        emit changed();
        return;
    }
    std::vector<ProjectRun> fresh;
    for (auto &rec : listed.value()) {
        ProjectRun run;
        // Keep what was parsed already.
        for (const auto &old : m_runs)
            if (old.record.id == rec.id && old.record.created_at == rec.created_at)
                run.result = old.result;
        run.record = std::move(rec);
        fresh.push_back(std::move(run));
    }
    m_runs = std::move(fresh);
    emit changed();
}

RunLayout layoutOfResult(const simulator::SimulationResult &result, const model::Model &model)
{
    RunLayout l = RunLayout::fromModel(model, result.scenario);
    l.stations.clear();
    l.caches.clear();
    l.links.clear();
    for (const auto &c : result.components) {
        l.stations << QString::fromStdString(c.id);
        if (c.cache)
            l.caches << QString::fromStdString(c.id);
    }
    for (const auto &k : result.links)
        l.links << QString::fromStdString(k.id);
    l.autoscaled.clear();
    for (const auto &id : result.autoscaled)
        l.autoscaled << QString::fromStdString(id);
    l.sloClients.clear();
    for (const auto &s : result.slos)
        l.sloClients << QString::fromStdString(s.client);
    // The run's own databases give the order of replica_lag_ms.
    QStringList replicated;
    l.databases.clear();
    for (const auto &d : result.databases) {
        l.databases << QString::fromStdString(d.id);
        if (l.replicated.contains(QString::fromStdString(d.id)))
            replicated << QString::fromStdString(d.id);
    }
    l.replicated = replicated;
    // The run's own gateways (a stored run of a model edited since).
    l.gateways.clear();
    for (const auto &g : result.realtime)
        l.gateways << QString::fromStdString(g.id);
    // and its own consumer groups
    l.consumeLinks.clear();
    l.groupLabels.clear();
    for (const auto &g : result.groups) {
        l.consumeLinks << QString::fromStdString(g.link);
        l.groupLabels << QString::fromStdString(g.group + " (" + g.source + ")");
    }
    // And its jobs and views the order of job_staleness_s and view_staleness_s.
    l.jobs.clear();
    for (const auto &j : result.jobs)
        l.jobs << QString::fromStdString(j.id);
    l.views.clear();
    for (const auto &v : result.views)
        l.views << QString::fromStdString(v.id);
    l.scenario = QString::fromStdString(result.scenario);
    l.duration_s = result.duration_s;
    l.warmup_s = result.warmup_s;
    return l;
}

} // namespace archsim::gui
