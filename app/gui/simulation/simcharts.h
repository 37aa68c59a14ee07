#pragma once

// Live charts of a simulation run against simulated time: throughput and goodput, error rate
// by reason, latency p50/p95/p99, cache hit ratio, replicas of autoscaled components, the
// error-budget burn rate of each client's SLO (docs/operations.md), the replica lag and the
// stale-read share of each replicated database and the staleness of each job's sink and
// refreshed materialized view (docs/data-lifecycle.md). State changes (scenario
// events, breakers, failovers, scaling decisions) are vertical markers with their labels. The
// charts follow a RunTimeline as it grows; what is drawn is decimated to the min and max of
// each pixel column (the timeline keeps every point), so a one-hour run redraws as fast as a
// one-minute one. A second run can be laid over the first (dashed) to compare before and after
// an edit.

#include "runtimeline.h"

#include <QChartView>
#include <QPen>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <optional>
#include <vector>

class QChart;
class QComboBox;
class QGridLayout;
class QLineSeries;
class QValueAxis;

namespace archsim::gui {

class ChartLegend;

// One vertical marker: a state change at simulated time t.
struct ChartMarker {
    double t = 0;
    QString label;       // full text, e.g. "breaker open api-gateway-user-svc"
    QString shortLabel;  // what the chart shows, e.g. "breaker open → user-svc"
    QString kind;        // the state change's kind; close markers of one kind share a label
    QColor color;
    bool event = false; // a scenario event (drawn solid and labelled first)
    int priority = 0;   // labels of higher priority are placed first (events 2, failover and
                        // recovery 1, breakers 0)
};

// Returns the markers for a run's state changes (breaker half-open probes are left out: they
// repeat every open_ms and would bury the rest). `layout` tells a hang from a refusal.
std::vector<ChartMarker> chartMarkers(const std::vector<simulator::StateChange> &changes,
                                      const RunLayout &layout = {});

// Returns the markers of the clients' load-profile steps (layout.loadSteps) up to time
// `upTo`: "shoppers 500 → 900 req/s", drawn and placed like scenario events.
std::vector<ChartMarker> loadStepMarkers(const RunLayout &layout, double upTo);

// Returns up to two points per pixel column (the min and the max of the points in it, in time
// order), or all points when there are fewer than 2 x `columns`.
QList<QPointF> decimate(const QList<QPointF> &points, int columns);

// One label drawn over a chart: the text of one marker or of a cluster of close markers of
// one kind ("3 breakers open"), with the whole list as its tooltip.
struct MarkerLabel {
    QRectF rect;      // in view (viewport) coordinates
    QString text;
    QString tooltip;  // one line per marker: time and full label
    double x0 = 0;    // the x range of the cluster's marker lines
    double x1 = 0;
    int count = 1;    // markers in the cluster
};

// A copy of one line of the charts as drawn when it was taken. The charts make their series
// again whenever a run names other caches, databases, gateways or groups, a comparison comes or
// goes, or the theme changes: a copy stays valid where a series pointer would dangle.
struct ChartLine {
    QString name;
    QPen pen;
    bool visible = false;
    QList<QPointF> points; // decimated as drawn; right-axis lines in that axis' unit
};

// A chart view that draws the markers over the plot area. Labels never leave the plot area
// and never overlap: a label flips to the other side of its line or shifts inside, close
// markers of one kind share one label, and a label with no room left is not drawn (its list
// stays in the tooltip of its line).
class MarkerChartView : public QChartView {
    Q_OBJECT
public:
    explicit MarkerChartView(QChart *chart, QWidget *parent = nullptr);
    void setMarkers(const std::vector<ChartMarker> *markers) { m_markers = markers; }
    void setLabelFont(const QFont &font) { m_labelFont = font; }
    // Number of markers drawn at the last paint (labelled or not).
    int drawnMarkers() const { return m_drawn; }
    // The labels drawn at the last paint (tests, tooltips).
    const std::vector<MarkerLabel> &labels() const { return m_labels; }
    // The plot area at the last paint, in view coordinates.
    QRectF plotRect() const { return m_plot; }
    // Returns the tooltip of the label or marker line under `pos` (view coordinates), or "".
    QString toolTipAt(const QPointF &pos) const;

protected:
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    bool viewportEvent(QEvent *e) override;

private:
    const std::vector<ChartMarker> *m_markers = nullptr;
    QFont m_labelFont;
    int m_drawn = 0;
    std::vector<MarkerLabel> m_labels;   // drawn
    std::vector<MarkerLabel> m_clusters; // all, drawn or not (tooltips of the lines)
    QRectF m_plot;
};

class SimCharts : public QWidget {
    Q_OBJECT
public:
    enum Panel {
        Throughput,
        Errors,
        Latency,
        CacheHits,
        Replicas,
        BurnRate,
        ReplicaLag, // per replicated database: the largest lag of the second's writes
        // Per realtime gateway (docs/realtime.md), from the finished run: deliveries per
        // second; connections disconnected and reconnected per second; messages dropped,
        // recovered from history and lost per second; the longest publish-to-deliver of each
        // second with a delivery.
        RealtimeDeliveries,
        RealtimeConnections,
        RealtimeMessages,
        RealtimeLatency,
        // Per consumer group (docs/streams.md), from the finished run: messages behind.
        ConsumerLag,
        Staleness,  // per job and refreshed view: the largest age of its data in the second
        StaleReads, // per replicated database: the second's stale replica reads, % of them
        PanelCount
    };

    explicit SimCharts(QWidget *parent = nullptr);

    // Follows a timeline (nullptr: shows nothing).
    void setTimeline(RunTimeline *timeline);
    RunTimeline *timeline() const { return m_timeline; }
    // Lays a second run over the charts, dashed, named with `label` (nullptr removes it).
    void setComparison(RunTimeline *other, const QString &label = {});
    // Scales every font of the charts (1 = normal; the presentation layout uses about 1.8).
    void setFontScale(double scale);
    double fontScale() const { return m_fontScale; }
    // The presentation layout (a room reads it): two large charts one above the other, each
    // picked with a selector above it; off: the 2 x 2 grid. Legends stand under the plots.
    void setPresentation(bool on);
    bool isPresentation() const { return m_presenting; }
    // The charts the presentation layout shows (top, then bottom).
    void setPresentedPanels(Panel top, Panel bottom);
    Panel presentedPanel(int slot) const { return m_presented[slot]; }
    // The selector of a presentation slot (0 top, 1 bottom).
    QComboBox *panelSelector(int slot) const { return m_select[slot]; }
    // The time axis ends a little after the last point instead of at the run's duration
    // (the trainer's player: the seconds shown so far fill the chart).
    void setAxisFollowsData(bool on);
    // Keeps each chart at least `px` tall (default 60): in a scroll area the page then scrolls
    // instead of squeezing many charts below a readable height.
    void setMinimumChartHeight(int px);
    // Redraws now instead of at the next refresh tick (tests, screenshots).
    void refresh();
    // Returns the height the charts take with each chart `chartHeight` pixels tall.
    int heightForChartHeight(int chartHeight) const;

    // For tests and the player.
    QChart *chart(Panel p) const;
    MarkerChartView *view(Panel p) const { return m_views[p]; }
    // The legend under a panel's plot (whole names, as many rows as they need).
    ChartLegend *legend(Panel p) const { return m_legends[p]; }
    // Returns a copy of the line of a panel named `name` ("goodput", "p99", "refused", ...),
    // or nothing when the panel has no such line. Keep the copy in a variable before a
    // range-for over its points: `for (p : line(...)->points)` outlives the temporary.
    std::optional<ChartLine> line(Panel p, const QString &name) const;
    const std::vector<ChartMarker> &markers() const { return m_markers; }
    // Returns false for the replicas, burn-rate, replica-lag, realtime, consumer-lag,
    // staleness and stale-read charts of a run that has no autoscaled component, no SLO, no
    // replicated database, no realtime gateway, no consume link or no job or refreshed view:
    // the grid leaves them out (the presentation can still pick them).
    bool panelUsed(Panel p) const;

protected:
    void changeEvent(QEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;

private:
    struct Line {
        Panel panel;
        QString name;
        QLineSeries *series = nullptr;
        std::function<double(const simulator::TimelinePoint &)> value;
        bool compare = false; // from the comparison run
        bool right = false;   // on the right axis (throughput panel: station visits/s)
        // Realtime lines: the figure of RunTimeline::realtime()[gateway] (instead of `value`).
        int gateway = -1;
        std::function<double(const simulator::RealtimePoint &)> realtimeValue;
        // Consumer-lag lines: RunTimeline::groupLag()[group] (instead of `value`).
        int group = -1;
    };
    void build();
    void rebuildLines();
    void addLine(Panel p, const QString &name, const QColor &color, qreal width,
                 std::function<double(const simulator::TimelinePoint &)> value,
                 bool compare = false, bool right = false);
    // Adds the realtime gateways' lines (simcharts_realtime.cpp).
    void addRealtimeLines(bool compare);
    // Returns the points of a realtime line up to the end of its timeline's points.
    static QList<QPointF> realtimePoints(const Line &line, const RunTimeline &timeline);
    // Adds a consumer-lag line per group, and returns a group's lag up to the points' end.
    void addGroupLagLines(bool compare);
    static QList<QPointF> groupLagPoints(const Line &line, const RunTimeline &timeline);
    // Says in the realtime charts' titles that their figures come when the run ends.
    void updateRealtimeTitles();
    void scheduleRefresh();
    void applyFonts();
    // Lists the shown lines of each panel in its legend.
    void updateLegends();
    void arrange();
    // Gives the vertical axes of panel `p` as many ticks as its height has room for (5, 3 or
    // 2) and labels that write each tick exactly ("0.75", not "0.8").
    void fitTicks(Panel p);
    // Gives the shown plots one left and one right edge (their time axes line up) by
    // widening the margins of the charts whose axis labels are narrower.
    void alignPlots();

    // The titles of the realtime panels, RealtimeDeliveries to RealtimeLatency.
    static const char *const kRealtimeTitles[4];
    static const char *const kConsumerLagTitle;

    QPointer<RunTimeline> m_timeline;
    QPointer<RunTimeline> m_compare;
    QString m_compareLabel;
    QChart *m_charts[PanelCount] = {};
    MarkerChartView *m_views[PanelCount] = {};
    ChartLegend *m_legends[PanelCount] = {};
    QWidget *m_cells[PanelCount] = {}; // a view with its legend under it
    QValueAxis *m_x[PanelCount] = {};
    QValueAxis *m_y[PanelCount] = {};
    QValueAxis *m_yRight = nullptr; // throughput panel: station visits/s
    int m_drawnWidth[PanelCount] = {}; // plot width each panel's lines were decimated for
    std::vector<Line> m_lines;
    std::vector<ChartMarker> m_markers;
    QStringList m_cacheNames; // caches the lines were built for
    QStringList m_scaledNames; // autoscaled components the replica lines were built for
    QStringList m_sloNames;    // clients the burn-rate lines were built for
    QStringList m_lagNames;    // databases (replica_lag_ms order) the lag lines were built for
    QStringList m_replicated;  // of those, the ones drawn (with replicas)
    QStringList m_gatewayNames; // realtime gateways the realtime lines were built for
    QStringList m_groupNames;   // consumer groups ("group (stream)") the lag lines were built for
    QStringList m_jobNames;    // jobs (job_staleness_s order) the staleness lines were built for
    QStringList m_viewNames;   // views (view_staleness_s order), likewise
    QTimer m_refresh;
    QTimer m_align;
    static constexpr int kMaxAlignPasses = 8;
    int m_alignPasses = 0; // consecutive alignments that changed a margin
    QGridLayout *m_grid = nullptr;
    QWidget *m_selectors = nullptr;
    QComboBox *m_select[2] = {};
    Panel m_presented[2] = {Throughput, Latency};
    bool m_presenting = false;
    double m_fontScale = 1.0;
    bool m_axisFollowsData = false;
};

} // namespace archsim::gui
