#include "runtimeline.h"

#include "archsim/model/overrides.h"
#include "archsim/model/viewrefresh.h"
#include "archsim/simulator/autoscaling.h"

#include <algorithm>
#include <optional>

namespace archsim::gui {

RunLayout RunLayout::fromModel(const model::Model &model, const std::string &scenario,
                               std::optional<double> duration_s, std::optional<double> warmup_s)
{
    RunLayout l;
    for (const auto &c : model.components) {
        if (c.kind == model::ComponentKind::Client)
            continue;
        l.stations << QString::fromStdString(c.id);
        if (c.kind == model::ComponentKind::Cache || c.kind == model::ComponentKind::Cdn)
            l.caches << QString::fromStdString(c.id);
    }
    for (const auto &k : model.links)
        l.links << QString::fromStdString(k.id.empty() ? k.from + "->" + k.to : k.id);
    model::Scenario sc; // steady state: the simulator's defaults
    for (const auto &s : model.scenarios)
        if (s.id == scenario)
            sc = s;
    l.scenario = QString::fromStdString(scenario);
    // The simulator takes the run's settings over the scenario's (simulation.cpp): so does the
    // layout, or a 120 s run was drawn on the scenario's 600 s axis.
    l.duration_s = duration_s.value_or(sc.duration_s);
    l.warmup_s = warmup_s.value_or(sc.warmup_s);
    l.events = sc.events;
    l.regions = model.regions;
    model::Region rest; // the default region: the zones no region lists
    auto addZone = [&](const std::string &zone) {
        for (const auto &r : l.regions)
            if (std::find(r.zones.begin(), r.zones.end(), zone) != r.zones.end())
                return;
        if (std::find(rest.zones.begin(), rest.zones.end(), zone) == rest.zones.end())
            rest.zones.push_back(zone);
    };
    for (const auto &zone : model.zones)
        addZone(zone);
    for (const auto &c : model.components)
        for (const auto &zone : c.zones)
            addZone(zone);
    if (!rest.zones.empty())
        l.regions.push_back(std::move(rest));
    std::stable_sort(l.events.begin(), l.events.end(),
                     [](const auto &a, const auto &b) { return a.at_s < b.at_s; });
    // The profile steps of the clients the run uses (the scenario's variant where it has one),
    // as the simulator applies them: the base rate, then each step from its time on.
    const model::Model *run = &model;
    std::optional<model::Model> variant;
    if (!scenario.empty()) {
        if (auto v = model::applyOverrides(model, scenario))
            run = &variant.emplace(std::move(v).value());
    }
    for (const auto &c : run->components) {
        if (simulator::simulatesAutoscale(c))
            l.autoscaled << QString::fromStdString(c.id);
        if (c.kind == model::ComponentKind::Client && c.slo)
            l.sloClients << QString::fromStdString(c.id);
        if (c.kind == model::ComponentKind::Database) {
            l.databases << QString::fromStdString(c.id);
            if (c.replicas > 1)
                l.replicated << QString::fromStdString(c.id);
        }
        if (c.kind == model::ComponentKind::Job)
            l.jobs << QString::fromStdString(c.id);
        if (c.kind == model::ComponentKind::Realtime)
            l.gateways << QString::fromStdString(c.id);
    }
    for (const auto &k : run->links) {
        if (k.kind != model::LinkKind::Consume)
            continue;
        // The group is named as the stream kernel names it: its `group`, else the consumer.
        const std::string group = k.consume && !k.consume->group.empty() ? k.consume->group
                                                                         : k.from;
        l.consumeLinks << QString::fromStdString(k.id);
        l.groupLabels << QString::fromStdString(group + " (" + k.to + ")");
    }
    for (const auto &v : model::estimateViewRefreshes(*run))
        l.views << QString::fromStdString(v.id);
    for (const auto &c : run->components) {
        if (c.kind != model::ComponentKind::Client || c.profile.empty())
            continue;
        auto profile = c.profile;
        std::stable_sort(profile.begin(), profile.end(),
                         [](const auto &a, const auto &b) { return a.at_s < b.at_s; });
        double rate = c.rps;
        for (const auto &p : profile) {
            if (p.at_s > 0 && p.at_s < l.duration_s && p.rps != rate)
                l.loadSteps.push_back({p.at_s, QString::fromStdString(c.id), rate, p.rps});
            rate = p.rps;
        }
    }
    std::stable_sort(l.loadSteps.begin(), l.loadSteps.end(),
                     [](const auto &a, const auto &b) { return a.t_s < b.t_s; });
    return l;
}

RunTimeline::RunTimeline(QObject *parent) : QObject(parent) {}

void RunTimeline::reset(const RunLayout &layout)
{
    m_layout = layout;
    m_points.clear();
    m_changes.clear();
    m_realtime.clear();
    m_groupLag.clear();
    m_finished = false;
    emit cleared();
}

void RunTimeline::clear()
{
    reset(RunLayout());
}

void RunTimeline::append(const std::vector<simulator::TimelinePoint> &points,
                         const std::vector<simulator::StateChange> &changes)
{
    if (points.empty() && changes.empty())
        return;
    const int firstPoint = static_cast<int>(m_points.size());
    const int firstChange = static_cast<int>(m_changes.size());
    m_points.insert(m_points.end(), points.begin(), points.end());
    m_changes.insert(m_changes.end(), changes.begin(), changes.end());
    emit appended(firstPoint, firstChange);
}

void RunTimeline::setResult(const RunLayout &layout, const simulator::SimulationResult &result)
{
    reset(layout);
    // Before the points: the charts that follow appended() find the realtime seconds too.
    std::vector<std::vector<simulator::RealtimePoint>> realtime;
    for (const QString &id : layout.gateways) {
        realtime.emplace_back();
        for (const auto &g : result.realtime)
            if (g.id == id.toStdString())
                realtime.back() = g.timeline;
    }
    m_realtime = std::move(realtime);
    std::vector<std::vector<simulator::LagPoint>> lag;
    for (const QString &id : layout.consumeLinks) {
        lag.emplace_back();
        for (const auto &g : result.groups)
            if (g.link == id.toStdString())
                lag.back() = g.lag;
    }
    m_groupLag = std::move(lag);
    append(result.timeline, result.changes);
    markFinished();
}

void RunTimeline::markFinished()
{
    m_finished = true;
    emit finished();
}

void RunTimeline::setRealtime(std::vector<std::vector<simulator::RealtimePoint>> realtime)
{
    m_realtime = std::move(realtime);
    if (!m_points.empty())
        emit appended(int(m_points.size()), int(m_changes.size()));
}

void RunTimeline::setGroupLag(std::vector<std::vector<simulator::LagPoint>> lag)
{
    m_groupLag = std::move(lag);
    if (!m_points.empty())
        emit appended(int(m_points.size()), int(m_changes.size()));
}

double RunTimeline::endTime() const
{
    if (m_points.empty())
        return 0;
    const double end = m_points.back().t_s + 1.0;
    return m_layout.duration_s > 0 ? std::min(end, m_layout.duration_s) : end;
}

int RunTimeline::pointsUpTo(double t) const
{
    // Points are one second wide and in time order; the last one may be shorter.
    auto it = std::partition_point(m_points.begin(), m_points.end(), [&](const auto &p) {
        double end = p.t_s + 1.0;
        if (m_layout.duration_s > 0)
            end = std::min(end, m_layout.duration_s);
        return end <= t + 1e-9;
    });
    return static_cast<int>(it - m_points.begin());
}

int RunTimeline::changesUpTo(double t) const
{
    auto it = std::partition_point(m_changes.begin(), m_changes.end(),
                                   [&](const auto &c) { return c.t_s <= t + 1e-9; });
    return static_cast<int>(it - m_changes.begin());
}

const simulator::TimelinePoint *RunTimeline::pointAt(double t) const
{
    auto it = std::partition_point(m_points.begin(), m_points.end(),
                                   [&](const auto &p) { return p.t_s <= t; });
    if (it == m_points.begin())
        return nullptr;
    return &*(it - 1);
}

} // namespace archsim::gui
