#include "simresults.h"

#include <QColor>
#include <QLocale>
#include <QStringList>

#include <cmath>

namespace archsim::gui {

namespace {

using simulator::ComponentFigures;
using simulator::Estimate;
using simulator::LinkFigures;
using simulator::SimulationResult;

// A cell: the number (NaN = empty), how to print it and its 95 % interval if any.
struct Cell {
    double value = std::nan("");
    int decimals = 1;
    bool percent = false;
    std::optional<std::pair<double, double>> interval;
};

Cell sim(const Estimate &e, int decimals, bool percent = false, double scale = 1)
{
    Cell c{e.value * scale, decimals, percent, std::nullopt};
    if (e.hasInterval)
        c.interval = std::make_pair(e.low * scale, e.high * scale);
    return c;
}

Cell number(double v, int decimals, bool percent = false)
{
    return Cell{std::isfinite(v) ? v : std::nan(""), decimals, percent, std::nullopt};
}

struct Column {
    const char *title;
    const char *help;
};

const Column kComponentColumns[] = {
    {"component", "Station id"},
    {"utilization", "Simulated: busy servers / servers over the measured window"},
    {"utilization (analytic)", "Queueing estimate (docs/analytic.md)"},
    {"arrivals/s", "Simulated visits arriving per second"},
    {"arrivals/s (analytic)", "Visits per second from the link probabilities"},
    {"throughput/s", "Visits completed successfully per second"},
    {"wait ms", "Simulated mean time queued before service"},
    {"wait ms (analytic)", "Erlang C / Allen-Cunneen mean wait"},
    {"response ms", "Simulated mean arrival-to-response time"},
    {"response ms (analytic)", "Wait + service + downstream calls"},
    {"p99 ms", "Simulated 99th percentile response time"},
    {"rejected", "Visits refused at a full queue"},
    {"refused", "Arrivals refused because no replica was up"},
    {"hit ratio", "Simulated cache hit ratio"},
    {"hit ratio (analytic)", "Cache model estimate (Che, TTL)"},
};
constexpr int kComponentCount = sizeof(kComponentColumns) / sizeof(Column);

const Column kLinkColumns[] = {
    {"link", "Link id"},
    {"calls/s", "Call attempts per second, retries included"},
    {"failures/s", "Attempts that failed (error, timeout or short-circuit) per second"},
    {"retries/s", "Attempts that were retries, per second"},
    {"timeouts/s", "Attempts the caller stopped waiting for, per second"},
    {"short-circuited/s", "Attempts refused by the open breaker, per second"},
    {"breaker open s", "Seconds the breaker spent open"},
};
constexpr int kLinkCount = sizeof(kLinkColumns) / sizeof(Column);

const Column kSloColumns[] = {
    {"client", "Client with service level objectives"},
    {"availability", "Simulated share of requests that succeeded"},
    {"objective", "The availability objective"},
    {"within latency", "Simulated share of requests answered within the latency threshold"},
    {"latency objective", "The latency objective (share within the threshold)"},
    {"availability burn",
     "Error-budget burn rate: (1 - measured) / (1 - objective); 1 = on budget"},
    {"latency burn", "Burn rate of the latency objective"},
    {"met", "1 when every objective is reached"},
};
constexpr int kSloCount = sizeof(kSloColumns) / sizeof(Column);

const Column kCostColumns[] = {
    {"component", "Component"},
    {"requested", "Replicas requested (min_replicas when autoscaled)"},
    {"used", "Mean replicas in the run"},
    {"per replica-hour", "Price of one replica for an hour (price table or override)"},
    {"per month", "max(requested, used) x 730 h x rate, plus storage, egress and fees"},
};
constexpr int kCostCount = sizeof(kCostColumns) / sizeof(Column);

Cell sloCell(const simulator::SloFigures &s, int col)
{
    switch (col) {
    case 1: return sim(s.availability, 3, true);
    case 2: return number(s.availability_objective, 3, true);
    case 3: return s.latency_ms > 0 ? sim(s.latency_attainment, 2, true) : Cell{};
    case 4: return s.latency_ms > 0 ? number(s.latency_objective, 2, true) : Cell{};
    case 5: return sim(s.availability_burn, 2);
    case 6: return s.latency_ms > 0 ? sim(s.latency_burn, 2) : Cell{};
    case 7: return number(s.met ? 1 : 0, 0);
    default: return Cell{};
    }
}

Cell costCell(const CostRow &c, int col)
{
    switch (col) {
    case 1: return number(c.requested, 1);
    case 2: return number(c.used, 2);
    case 3: return number(c.replicaHour, 4);
    case 4: return number(c.month, 2);
    default: return Cell{};
    }
}

double measured(const SimulationResult &r)
{
    return std::max(1e-9, r.duration_s - r.warmup_s);
}

Cell componentCell(const SimulationResult &r, const ComponentFigures &c,
                   const model::StationEstimate *a, int col)
{
    const double w = measured(r);
    switch (col) {
    case 1: return sim(c.utilization, 1, true);
    case 2: return a ? number(a->utilization, 1, true) : Cell{};
    case 3: return sim(c.arrivals, 1, false, 1 / w);
    case 4: return a ? number(a->arrival_rps, 1) : Cell{};
    case 5: return sim(c.throughput_rps, 1);
    case 6: return sim(c.wait_ms, 2);
    case 7: return a ? number(a->wait_ms, 2) : Cell{};
    case 8: return sim(c.latency_ms.mean, 2);
    case 9: return a ? number(a->response_ms, 2) : Cell{};
    case 10: return sim(c.latency_ms.p99, 2);
    case 11: return sim(c.rejected, 0);
    case 12: return sim(c.refused, 0);
    case 13: return c.cache ? sim(c.cache->hit_ratio, 1, true) : Cell{};
    case 14: return c.cache && a ? number(1 - a->pass_ratio, 1, true) : Cell{};
    default: return Cell{};
    }
}

Cell linkCell(const SimulationResult &r, const LinkFigures &l, int col)
{
    const double s = 1 / measured(r);
    switch (col) {
    case 1: return sim(l.calls, 1, false, s);
    case 2: return sim(l.failures, 2, false, s);
    case 3: return sim(l.retries, 2, false, s);
    case 4: return sim(l.timeouts, 2, false, s);
    case 5: return sim(l.short_circuited, 2, false, s);
    case 6: return sim(l.breaker_open_s, 1);
    default: return Cell{};
    }
}

QString format(const Cell &c, bool withInterval)
{
    if (std::isnan(c.value))
        return {};
    const double k = c.percent ? 100 : 1;
    QString text = QString::number(c.value * k, 'f', c.decimals);
    if (withInterval && c.interval) {
        const double half = (c.interval->second - c.interval->first) / 2 * k;
        text += QStringLiteral(" ± ") + QString::number(half, 'f', c.decimals);
    }
    if (c.percent)
        text += QStringLiteral(" %");
    return text;
}

QString csvField(const QString &s)
{
    if (s.contains(',') || s.contains('"') || s.contains('\n'))
        return '"' + QString(s).replace('"', "\"\"") + '"';
    return s;
}

// A plain number for CSV (percentages as fractions, full precision).
QString csvNumber(const Cell &c)
{
    return std::isnan(c.value) ? QString()
                               : QString::number(c.value, 'g', QLocale::FloatingPointShortest);
}

const model::StationEstimate *stationOf(const std::optional<model::AnalyticEstimate> &e,
                                        const std::string &id)
{
    if (!e)
        return nullptr;
    auto it = e->components.find(id);
    return it == e->components.end() ? nullptr : &it->second;
}

} // namespace

ResultsModel::ResultsModel(Rows rows, QObject *parent) : QAbstractTableModel(parent), m_rows(rows)
{
}

void ResultsModel::setRun(std::shared_ptr<const SimulationResult> run,
                          std::optional<model::AnalyticEstimate> estimate)
{
    beginResetModel();
    m_run = std::move(run);
    m_estimate = std::move(estimate);
    endResetModel();
}

void ResultsModel::setCost(std::vector<CostRow> rows)
{
    beginResetModel();
    m_cost = std::move(rows);
    endResetModel();
}

int ResultsModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_run)
        return 0;
    switch (m_rows) {
    case Rows::Components: return static_cast<int>(m_run->components.size());
    case Rows::Links: return static_cast<int>(m_run->links.size());
    case Rows::Slos: return static_cast<int>(m_run->slos.size());
    case Rows::Costs: return static_cast<int>(m_cost.size());
    }
    return 0;
}

int ResultsModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    switch (m_rows) {
    case Rows::Components: return kComponentCount;
    case Rows::Links: return kLinkCount;
    case Rows::Slos: return kSloCount;
    case Rows::Costs: return kCostCount;
    }
    return 0;
}

QVariant ResultsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_run || index.row() >= rowCount())
        return {};
    const auto row = static_cast<size_t>(index.row());
    const int col = index.column();
    const bool comps = m_rows == Rows::Components;
    QString id;
    switch (m_rows) {
    case Rows::Components: id = QString::fromStdString(m_run->components[row].id); break;
    case Rows::Links: id = QString::fromStdString(m_run->links[row].id); break;
    case Rows::Slos: id = QString::fromStdString(m_run->slos[row].client); break;
    case Rows::Costs: id = m_cost[row].id; break;
    }
    if (col == 0) {
        if (role == Qt::DisplayRole || role == Qt::UserRole)
            return id;
        return {};
    }
    Cell c;
    switch (m_rows) {
    case Rows::Components:
        c = componentCell(*m_run, m_run->components[row], stationOf(m_estimate, id.toStdString()),
                          col);
        break;
    case Rows::Links: c = linkCell(*m_run, m_run->links[row], col); break;
    case Rows::Slos: c = sloCell(m_run->slos[row], col); break;
    case Rows::Costs: c = costCell(m_cost[row], col); break;
    }
    switch (role) {
    case Qt::DisplayRole:
        return format(c, true);
    case Qt::UserRole: // sorting: empty cells last
        return std::isnan(c.value) ? -1e300 : c.value;
    case Qt::TextAlignmentRole:
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (c.interval)
            return tr("95 % interval over %1 replications: %2 to %3")
                .arg(m_run->replications)
                .arg(format(Cell{c.interval->first, c.decimals + 1, c.percent, {}}, false))
                .arg(format(Cell{c.interval->second, c.decimals + 1, c.percent, {}}, false));
        return {};
    case Qt::ForegroundRole: {
        // An analytic figure far from the simulated one deserves a look: shown in amber.
        const bool analytic = comps && (col == 2 || col == 4 || col == 7 || col == 9 ||
                                        col == 14);
        if (!analytic || std::isnan(c.value))
            return {};
        const Cell s = componentCell(*m_run, m_run->components[row], nullptr, col - 1);
        const double scale = std::max({std::abs(s.value), std::abs(c.value), 1e-9});
        if (!std::isnan(s.value) && std::abs(s.value - c.value) / scale > 0.2 &&
            std::abs(s.value - c.value) > (c.percent ? 0.02 : 0.5))
            return QColor("#b45309");
        return {};
    }
    default:
        return {};
    }
}

QVariant ResultsModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || section < 0 || section >= columnCount())
        return {};
    const Column &c = m_rows == Rows::Components ? kComponentColumns[section]
                      : m_rows == Rows::Links    ? kLinkColumns[section]
                      : m_rows == Rows::Slos     ? kSloColumns[section]
                                                 : kCostColumns[section];
    if (role == Qt::DisplayRole)
        return tr(c.title);
    if (role == Qt::ToolTipRole)
        return tr(c.help);
    return {};
}

QString resultsCsv(const SimulationResult &run,
                   const std::optional<model::AnalyticEstimate> &estimate)
{
    QStringList lines;
    auto header = [](const Column *cols, int n, const char *first) {
        QStringList h{QString::fromLatin1(first)};
        for (int i = 0; i < n; ++i) {
            QString t = QString::fromLatin1(cols[i].title).replace(' ', '_');
            t.replace("(analytic)", "analytic").replace('/', "_per_");
            h << t;
        }
        return h.join(',');
    };
    lines << header(kComponentColumns, kComponentCount, "section");
    for (const auto &c : run.components) {
        QStringList f{QStringLiteral("component"), csvField(QString::fromStdString(c.id))};
        for (int col = 1; col < kComponentCount; ++col)
            f << csvNumber(componentCell(run, c, stationOf(estimate, c.id), col));
        lines << f.join(',');
    }
    lines << header(kLinkColumns, kLinkCount, "section");
    for (const auto &l : run.links) {
        QStringList f{QStringLiteral("link"), csvField(QString::fromStdString(l.id))};
        for (int col = 1; col < kLinkCount; ++col)
            f << csvNumber(linkCell(run, l, col));
        lines << f.join(',');
    }
    return lines.join("\r\n") + "\r\n";
}

} // namespace archsim::gui
