#include "realtimeresults.h"

#include <QColor>
#include <QFont>

#include <algorithm>
#include <cmath>

namespace archsim::gui {

namespace {

struct ColumnText {
    const char *title;
    const char *help;
};

const ColumnText kColumns[RealtimeResultsModel::ColumnCount] = {
    {"gateway / replica / class", "The realtime gateway, then its replicas and client-rate "
                                  "classes"},
    {"connections", "Gateway and class: connections; replica: the most it held at once"},
    {"published/s", "Messages published to the gateway's channels per second"},
    {"deliveries/s", "Messages that reached a connection, per second of the measured window"},
    {"deliveries/s (analytic)", "Published/s x expected subscribers of a message's channel "
                                "(docs/realtime.md, \"The estimate\")"},
    {"MB/s", "Replica: outbound megabytes per second (simulated; the estimate in the tooltip)"},
    {"p50 ms", "Publish to the last byte at the client, median over deliveries"},
    {"p95 ms", "Publish to deliver, 95th percentile"},
    {"p99 ms", "Publish to deliver, 99th percentile"},
    {"dropped", "Messages dropped from outbound queues (drop_oldest)"},
    {"slow disconnects", "Connections dropped for a full outbound queue (disconnect)"},
    {"crash disconnects", "Connections dropped because their replica crashed"},
    {"reconnects", "Connections that came back"},
    {"recovered", "Messages replayed from the channel history after a reconnect"},
    {"lost", "Messages a connection never got: its gap did not fit the history"},
    {"ordering violations", "Deliveries whose channel sequence is not the previous one + 1"},
    {"block ms max", "block: the longest a channel's message waited for room"},
    {"queue bytes max", "The largest outbound queue of a connection"},
};

} // namespace

RealtimeResultsModel::RealtimeResultsModel(QObject *parent) : QAbstractTableModel(parent) {}

void RealtimeResultsModel::setRun(std::shared_ptr<const simulator::SimulationResult> run,
                                  std::vector<model::RealtimeEstimate> estimates)
{
    beginResetModel();
    m_run = std::move(run);
    m_estimates = std::move(estimates);
    m_rows.clear();
    if (m_run)
        for (size_t g = 0; g < m_run->realtime.size(); ++g) {
            const auto &f = m_run->realtime[g];
            m_rows.push_back({RowKind::Gateway, g, 0});
            for (size_t i = 0; i < f.replica_figures.size(); ++i)
                m_rows.push_back({RowKind::Replica, g, i});
            for (size_t i = 0; i < f.classes.size(); ++i)
                m_rows.push_back({RowKind::Class, g, i});
        }
    endResetModel();
}

RealtimeResultsModel::RowKind RealtimeResultsModel::rowKind(int row) const
{
    return m_rows.at(size_t(row)).kind;
}

int RealtimeResultsModel::rowGateway(int row) const
{
    return int(m_rows.at(size_t(row)).gateway);
}

int RealtimeResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RealtimeResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

double RealtimeResultsModel::value(const Row &row, int column) const
{
    const double none = std::nan("");
    const simulator::RealtimeFigures &g = m_run->realtime[row.gateway];
    const double window = std::max(1e-9, m_run->duration_s - m_run->warmup_s);
    if (row.kind == RowKind::Replica) {
        const auto &r = g.replica_figures[row.index];
        switch (column) {
        case Connections: return r.connections_max.value;
        case DeliveriesRps: return r.deliveries_rps.value;
        case Mbps: return r.mbps.value;
        default: return none;
        }
    }
    if (row.kind == RowKind::Class) {
        const auto &c = g.classes[row.index];
        switch (column) {
        case Connections: return double(c.connections);
        case DeliveriesRps: return c.deliveries.value / window;
        case LatencyP99: return c.latency_p99_ms.value;
        case Dropped: return c.dropped.value;
        case SlowDisconnects: return c.slow_disconnects.value;
        case Lost: return c.lost.value;
        default: return none;
        }
    }
    const model::RealtimeEstimate *e = nullptr;
    for (const auto &x : m_estimates)
        if (x.id == g.id)
            e = &x;
    switch (column) {
    case Connections: return double(g.connections);
    case PublishedRps: return g.published_rps.value;
    case DeliveriesRps: return g.deliveries_rps.value;
    case DeliveriesRpsEstimate: return e ? e->deliveries_rps : none;
    case LatencyP50: return g.latency_p50_ms.value;
    case LatencyP95: return g.latency_p95_ms.value;
    case LatencyP99: return g.latency_p99_ms.value;
    case Dropped: return g.dropped.value;
    case SlowDisconnects: return g.slow_disconnects.value;
    case CrashDisconnects: return g.crash_disconnects.value;
    case Reconnects: return g.reconnects.value;
    case Recovered: return g.recovered.value;
    case Lost: return g.lost.value;
    case OrderingViolations: return g.ordering_violations.value;
    case BlockMsMax: return g.block_ms_max.value;
    case QueueBytesMax: return g.queue_bytes_max.value;
    default: return none;
    }
}

QVariant RealtimeResultsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_run || index.row() >= rowCount())
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const simulator::RealtimeFigures &g = m_run->realtime[row.gateway];
    const int col = index.column();
    QString name;
    if (row.kind == RowKind::Gateway)
        name = QString::fromStdString(g.id);
    else if (row.kind == RowKind::Replica)
        name = QStringLiteral("    %1 #%2").arg(QString::fromStdString(g.id))
                   .arg(g.replica_figures[row.index].replica);
    else
        name = QStringLiteral("    %1 %2 (%3 kB/s)")
                   .arg(QString::fromStdString(g.id),
                        QString::fromStdString(g.classes[row.index].name))
                   .arg(g.classes[row.index].bytes_per_s / 1000, 0, 'g', 4);
    const double v = col == Name ? std::nan("") : value(row, col);
    QString text;
    if (col == Name) {
        text = name;
    } else if (std::isfinite(v)) {
        // Counts are whole; rates and latencies keep one decimal, MB/s three.
        const bool count = col == Connections || (col >= Dropped && col <= OrderingViolations) ||
                           col == QueueBytesMax;
        text = QString::number(v, 'f', count ? 0 : (col == Mbps ? 3 : 1));
    }
    switch (role) {
    case Qt::DisplayRole:
        return text;
    case Qt::UserRole:
        return col == Name ? QVariant(name.trimmed()) : QVariant(v);
    case Qt::ToolTipRole:
        if (row.kind == RowKind::Replica && col == Mbps)
            for (const auto &e : m_estimates)
                if (e.id == g.id)
                    return tr("Estimate: %1 MB/s per replica").arg(e.mbps_per_replica, 0, 'f', 3);
        return {};
    case Qt::TextAlignmentRole:
        return col == Name ? int(Qt::AlignLeft | Qt::AlignVCenter)
                           : int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (row.kind == RowKind::Gateway) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ForegroundRole:
        // Figures that mean a client missed or mis-ordered messages stand out.
        if ((col == Lost || col == OrderingViolations || col == Dropped) && v > 0)
            return QColor("#b45309");
        return {};
    default:
        return {};
    }
}

QVariant RealtimeResultsModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole)
        return tr(kColumns[section].title);
    if (role == Qt::ToolTipRole)
        return tr(kColumns[section].help);
    return {};
}

} // namespace archsim::gui
