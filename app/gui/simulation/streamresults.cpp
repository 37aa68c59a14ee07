#include "streamresults.h"

#include <QChart>
#include <QChartView>
#include <QColor>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace archsim::gui {

namespace {

const FigureTableModel::Column kColumns[] = {
    {"consume link", "The consume link (its group in brackets)", true},
    {"source", "Stream or queue read", true},
    {"consumers", "Consumers holding a partition / instances"},
    {"processed/s", "Messages processed per second (duplicates included)"},
    {"utilization", "Simulated: busy consumer-seconds / (consumers x seconds)"},
    {"utilization (analytic)", "Busiest consumer's utilization (docs/streams.md)"},
    {"lag mean", "Simulated messages behind, mean of the per-second samples"},
    {"lag (analytic)", "Steady lag by Little's law"},
    {"lag max", "Simulated most messages behind"},
    {"lag s max", "Age of the oldest uncommitted message at its worst"},
    {"p99 ms", "Publish to processed, 99th percentile"},
    {"catch-up s (analytic)", "Worst declared outage: backlog / (n mu - lambda)"},
    {"partitions needed", "max(t/p, t/c) (Jun Rao's rule)"},
    {"redeliveries", "Deliveries after the first one"},
    {"duplicates", "Messages processed successfully again"},
    {"dead letters", "Messages set aside after max attempts"},
    {"expired", "Deleted by retention before this group read them"},
    {"order violations", "A key's message processed after a later one of that key"},
};
constexpr int kCount = sizeof(kColumns) / sizeof(kColumns[0]);

const FigureTableModel::Column kTopicColumns[] = {
    {"stream or queue", "A stream or queue that consume links read", true},
    {"kind", "stream or queue", true},
    {"published/s", "Messages offered by publish links per second"},
    {"rejected", "Publishes a full queue refused (overflow reject): each failed its publisher's "
                 "call with reason rejected"},
    {"dropped", "Oldest messages a full queue dropped to take a new one (overflow drop_oldest)"},
    {"blocked", "Publishes that waited for room in a full queue (overflow block): the "
                "publisher's call waited"},
    {"block ms max", "The longest such wait"},
    {"depth max", "Most messages held at once (a stream: its largest partition backlog)"},
    {"dead letters in", "Messages consumers set aside into it after max attempts"},
};
static_assert(sizeof(kTopicColumns) / sizeof(kTopicColumns[0]) ==
              size_t(TopicResultsModel::ColumnCount));

} // namespace

StreamResultsModel::StreamResultsModel(QObject *parent)
    : FigureTableModel(kColumns, kCount, parent)
{
}

void StreamResultsModel::setRun(std::shared_ptr<const simulator::SimulationResult> run,
                                std::vector<model::StreamEstimate> estimates)
{
    beginResetModel();
    m_run = std::move(run);
    m_estimates = std::move(estimates);
    endResetModel();
}

int StreamResultsModel::rows() const { return static_cast<int>(m_run->groups.size()); }

FigureCell StreamResultsModel::cell(int row, int column) const
{
    const simulator::GroupFigures &g = m_run->groups[static_cast<size_t>(row)];
    const model::StreamEstimate *e = nullptr;
    for (const auto &x : m_estimates)
        if (x.link == g.link)
            e = &x;
    const double window = std::max(1e-9, m_run->duration_s - m_run->warmup_s);
    const double nan = std::nan("");
    double v = nan;
    int decimals = 1;
    QString text;
    switch (column) {
    case 0: text = QStringLiteral("%1 (%2)").arg(QString::fromStdString(g.link),
                                                 QString::fromStdString(g.group)); break;
    case 1: text = QString::fromStdString(g.source); break;
    case 2: text = QStringLiteral("%1/%2").arg(g.active).arg(g.consumers); v = g.active; break;
    case 3: v = g.processed.value / window; break;
    case 4: v = g.utilization.value * 100; break;
    case 5: v = e ? e->utilization * 100 : nan; break;
    case 6: v = g.lag_mean.value; break;
    case 7: v = e ? e->lag_messages : nan; break;
    case 8: v = g.lag_max.value; decimals = 0; break;
    case 9: v = g.lag_s_max.value; break;
    case 10: v = g.latency_p99_ms.value; break;
    case 11: v = e && e->outage_s > 0 ? e->catch_up_s : nan; break;
    case 12: v = e ? e->partitions_needed : nan; decimals = 0; break;
    case 13: v = g.redeliveries.value; decimals = 0; break;
    case 14: v = g.duplicates.value; decimals = 0; break;
    case 15: v = g.dead_lettered.value; decimals = 0; break;
    case 16: v = g.retention_lost.value; decimals = 0; break;
    case 17: v = g.ordering_violations.value; decimals = 0; break;
    default: break;
    }
    FigureCell c;
    c.value = v;
    c.decimals = decimals;
    c.text = text;
    c.suffix = column == 4 || column == 5 ? QStringLiteral(" %") : QString();
    // Figures that mean lost or disordered work stand out.
    c.warn = column >= 15 && v > 0;
    // So does an estimate far from the simulated figure beside it, as on the Components tab
    // (the line above the tables promises it): more than 20 % apart, and more than 2 points
    // of utilization or half a message of lag.
    if ((column == 5 || column == 7) && !std::isnan(v)) {
        const double sim = cell(row, column - 1).value;
        const double scale = std::max({std::abs(sim), std::abs(v), 1e-9});
        const double floor = column == 5 ? 2.0 : 0.5;
        if (!std::isnan(sim) && std::abs(sim - v) / scale > 0.2 && std::abs(sim - v) > floor)
            c.warn = true;
    }
    return c;
}

TopicResultsModel::TopicResultsModel(QObject *parent)
    : FigureTableModel(kTopicColumns, ColumnCount, parent)
{
}

void TopicResultsModel::setRun(std::shared_ptr<const simulator::SimulationResult> run)
{
    beginResetModel();
    m_run = std::move(run);
    endResetModel();
}

int TopicResultsModel::rows() const { return static_cast<int>(m_run->topics.size()); }

FigureCell TopicResultsModel::cell(int row, int column) const
{
    const simulator::TopicFigures &t = m_run->topics[static_cast<size_t>(row)];
    FigureCell c;
    c.decimals = 0;
    switch (column) {
    case Id: c.text = QString::fromStdString(t.id); break;
    case Kind: c.text = QString::fromStdString(t.kind); break;
    case PublishedRate: c.value = t.published_rps.value; c.decimals = 1; break;
    case Rejected: c.value = t.rejected.value; break;
    case Dropped: c.value = t.dropped.value; break;
    case Blocked: c.value = t.blocked.value; break;
    case BlockMsMax: c.value = t.block_ms_max.value; c.decimals = 1; break;
    case DepthMax: c.value = t.depth_max.value; break;
    case DeadLettersIn: c.value = t.dead_letters_in.value; break;
    default: break;
    }
    // Lost or refused messages stand out; so do publishers that had to wait.
    c.warn = (column == Rejected || column == Dropped || column == Blocked) && c.value > 0;
    if (column == Rejected && c.value > 0)
        c.tip = tr("%1 of the %2 publishes (%3 %): the publishers' requests failed with "
                   "reason rejected (Error rate by reason)")
                    .arg(t.rejected.value, 0, 'f', 0)
                    .arg(t.published.value, 0, 'f', 0)
                    .arg(100 * t.rejected.value / std::max(1.0, t.published.value), 0, 'f', 1);
    if (column == Blocked && c.value > 0)
        c.tip = tr("The publishers' calls waited for room, up to %1 ms: their requests' "
                   "latency includes the wait")
                    .arg(t.block_ms_max.value, 0, 'f', 0);
    return c;
}

StreamLagChart::StreamLagChart(QWidget *parent)
    : QWidget(parent), m_chart(new QChart), m_view(new QChartView(m_chart))
{
    setObjectName(QStringLiteral("simStreamLag"));
    m_chart->setTitle(tr("Consumer lag per group (messages)"));
    m_view->setRenderHint(QPainter::Antialiasing);
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->addWidget(m_view);
}

void StreamLagChart::setRun(const simulator::SimulationResult *run)
{
    m_chart->removeAllSeries();
    // removeAxis gives the axis back to the caller (ASan: the axes leaked on every run).
    for (QAbstractAxis *a : m_chart->axes()) {
        m_chart->removeAxis(a);
        delete a;
    }
    if (!run || run->groups.empty()) {
        m_chart->setTitle(run ? tr("No consume links in this run: no lag to chart")
                              : tr("Consumer lag per group (messages)"));
        return;
    }
    m_chart->setTitle(tr("Consumer lag per group (messages)"));
    auto *x = new QValueAxis;
    x->setTitleText(tr("simulated s"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    auto *y = new QValueAxis;
    y->setTitleText(tr("messages behind"));
    y->setLabelFormat(QStringLiteral("%.0f"));
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    double top = 1, end = 1;
    for (const auto &g : run->groups) {
        auto *s = new QLineSeries;
        s->setName(QString::fromStdString(g.group + " (" + g.source + ")"));
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(g.lag.size()));
        for (const auto &p : g.lag) {
            points.append(QPointF(p.t_s, p.messages));
            top = std::max(top, p.messages);
            end = std::max(end, p.t_s);
        }
        s->replace(points);
        m_chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }
    x->setRange(0, end);
    // Round ticks (0, 200, 400, 600 rather than 0, 159, 318, 476): read from a distance.
    y->setRange(0, top * 1.05);
    y->applyNiceNumbers();
}

int StreamLagChart::seriesCount() const { return static_cast<int>(m_chart->series().size()); }

} // namespace archsim::gui
