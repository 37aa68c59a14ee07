#pragma once

// The timeline of one simulation run as the GUI sees it: one point per simulated second, the
// state changes (chart markers, canvas states) and the names of the per-station, per-cache and
// per-link columns of each point. It grows while a run goes on (SimulationController appends)
// or all at once (a stored run reopened); a player can also fill it at its own pace from a
// finished run with pointsUpTo(). Charts and the canvas overlay only read it and follow its
// signals.

#include "archsim/model/types.h"
#include "archsim/simulator/simulation.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace archsim::gui {

// A client's load-profile step: its rate changes from `from_rps` to `to_rps` at `t_s`.
struct LoadStep {
    double t_s = 0;
    QString client;
    double from_rps = 0;
    double to_rps = 0;
};

// What the columns of a timeline point mean, taken from the model that was simulated.
struct RunLayout {
    QStringList stations;  // TimelinePoint::utilization / arrival_rps order (clients left out)
    QStringList caches;    // TimelinePoint::cache_hit_ratio order (caches and CDNs)
    QStringList links;     // TimelinePoint::link_rps order ("from->to" when a link has no id)
    QStringList autoscaled; // TimelinePoint::replicas order (components the simulator scales)
    QStringList sloClients; // TimelinePoint::burn_rate order (clients with an slo)
    QStringList databases;  // TimelinePoint::replica_lag_ms order (databases, model order)
    QStringList replicated; // of those, the ones with replicas (the others never lag)
    QStringList gateways;   // realtime gateways, model order (RunTimeline::realtime() order)
    QStringList consumeLinks; // consume links, model order (RunTimeline::groupLag() order)
    QStringList groupLabels;  // their groups as charts name them: "group (stream)"
    QStringList jobs;       // TimelinePoint::job_staleness_s order (jobs, model order)
    QStringList views;      // TimelinePoint::view_staleness_s order ("schema.view@database")
    double duration_s = 0; // the simulated length of the run, warm-up included
    double warmup_s = 0;
    QString scenario;      // scenario id; empty = steady state
    std::vector<model::ScenarioEvent> events; // the scenario's events, in time order
    std::vector<LoadStep> loadSteps; // the clients' profile steps within the run, in time order
    // The model's regions; the zones no region lists make one more, with an empty id (the
    // default region). A region outage's markers name them.
    std::vector<model::Region> regions;

    // Returns the layout of a run of `scenario` ("" = steady state) on `model`; a set
    // `duration_s` or `warmup_s` replaces the scenario's (the run's own settings).
    static RunLayout fromModel(const model::Model &model, const std::string &scenario,
                               std::optional<double> duration_s = {},
                               std::optional<double> warmup_s = {});
};

class RunTimeline : public QObject {
    Q_OBJECT
public:
    explicit RunTimeline(QObject *parent = nullptr);

    // Empties the timeline and sets what its columns mean; emits cleared().
    void reset(const RunLayout &layout);
    // Empties the timeline and the layout (no run shown); emits cleared().
    void clear();
    // Appends points (in time order) and state changes; emits appended().
    void append(const std::vector<simulator::TimelinePoint> &points,
                const std::vector<simulator::StateChange> &changes);
    // Replaces everything by a finished run's timeline and changes; emits cleared(),
    // appended() and finished().
    void setResult(const RunLayout &layout, const simulator::SimulationResult &result);
    // Marks the run as finished (no more points will come); emits finished().
    void markFinished();
    // Sets the realtime gateways' per-second figures (layout().gateways order), whole: the
    // fan-out is computed after each replication, so they come with the finished run. A view
    // shows the seconds before endTime() (a player reveals them with the points). Emits
    // appended() when there are points to redraw.
    void setRealtime(std::vector<std::vector<simulator::RealtimePoint>> realtime);
    // Sets the consumer groups' lag per second (layout().consumeLinks order), whole: the stream
    // kernel also runs after each replication. As setRealtime().
    void setGroupLag(std::vector<std::vector<simulator::LagPoint>> lag);

    const RunLayout &layout() const { return m_layout; }
    bool isEmpty() const { return m_points.empty() && m_changes.empty(); }
    bool isFinished() const { return m_finished; }
    const std::vector<simulator::TimelinePoint> &points() const { return m_points; }
    const std::vector<simulator::StateChange> &changes() const { return m_changes; }
    // Per gateway (layout().gateways order), its per-second figures; empty until the run ends.
    const std::vector<std::vector<simulator::RealtimePoint>> &realtime() const
    {
        return m_realtime;
    }
    // Per consume link (layout().consumeLinks order), its group's lag per second; empty until
    // the run ends.
    const std::vector<std::vector<simulator::LagPoint>> &groupLag() const { return m_groupLag; }
    // Returns the end of the last second received (0 when empty).
    double endTime() const;
    // Returns how many points lie wholly before simulated time `t` (t_s + 1 <= t, or the last
    // partial second once t reaches the duration).
    int pointsUpTo(double t) const;
    // Returns how many state changes happened at or before `t`.
    int changesUpTo(double t) const;
    // Returns the latest point at or before `t`, or nullptr when there is none.
    const simulator::TimelinePoint *pointAt(double t) const;
    // Position of a station / cache / link id in the point's vectors, or -1.
    int stationIndex(const QString &id) const { return m_layout.stations.indexOf(id); }
    int cacheIndex(const QString &id) const { return m_layout.caches.indexOf(id); }
    int linkIndex(const QString &id) const { return m_layout.links.indexOf(id); }

signals:
    void cleared();
    // New points [firstPoint, points().size()) and changes [firstChange, changes().size()).
    void appended(int firstPoint, int firstChange);
    void finished();

private:
    RunLayout m_layout;
    std::vector<simulator::TimelinePoint> m_points;
    std::vector<simulator::StateChange> m_changes;
    std::vector<std::vector<simulator::RealtimePoint>> m_realtime;
    std::vector<std::vector<simulator::LagPoint>> m_groupLag;
    bool m_finished = false;
};

} // namespace archsim::gui
