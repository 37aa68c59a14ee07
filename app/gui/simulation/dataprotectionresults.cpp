#include "dataprotectionresults.h"

#include <QStringList>

#include <cmath>
#include <limits>
#include <utility>

namespace archsim::gui {

namespace {

const FigureTableModel::Column kColumns[] = {
    {"database", "The database", true},
    {"RPO target s", "rpo_target_s: the most data (seconds of writes) it may lose"},
    {"RTO target s", "rto_target_s: the longest it may take writes again after a loss"},
    {"RPO est. s", "Analytic estimate, worst of the losses (hover a cell for which and how)"},
    {"RTO est. s", "Analytic estimate, worst of the losses (hover a cell for which and how)"},
    {"RPO measured s", "Measured at the run's losses: loss instant minus the first lost commit"},
    {"RTO measured s", "Measured at the run's losses: until the next write committed"},
    {"lost writes", "Acknowledged writes the recovered database does not have"},
    {"stale reads", "Replica reads that missed the request's own earlier write"},
    {"stale share", "Stale reads / replica reads (read-your-writes violations)"},
    {"lag mean ms", "Replica apply lag, mean over writes and replicas"},
    {"lag p99 ms", "Replica apply lag, 99th percentile"},
    {"verdict", "The targets against the measured figures, else the estimate", false, true},
};
static_assert(sizeof(kColumns) / sizeof(kColumns[0]) == DataProtectionModel::ColumnCount);

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Worst {
    double value = 0;
    QString tip;
};

// Returns the worst RPO (rpo = true) or RTO over the losses the model can have.
Worst worstLoss(const model::DataProtectionEstimate &e, bool withRegion, bool rpo)
{
    std::vector<std::pair<const char *, const model::LossEstimate *>> losses{
        {"instance loss", &e.replica}, {"zone loss", &e.zone}, {"data loss", &e.data}};
    if (withRegion)
        losses.emplace_back("region loss", &e.region);
    Worst w;
    w.value = -1;
    for (const auto &[name, l] : losses) {
        const double v = rpo ? l->rpo_s : l->rto_s;
        if (v > w.value) {
            w.value = v;
            w.tip = QStringLiteral("%1 (%2): %3")
                        .arg(QString::fromUtf8(name), QString::fromStdString(l->via),
                             QString::fromStdString(rpo ? l->rpo_formula : l->rto_formula));
        }
    }
    return w;
}

} // namespace

DataProtectionModel::DataProtectionModel(QObject *parent)
    : FigureTableModel(kColumns, ColumnCount, parent)
{
}

void DataProtectionModel::setRun(std::shared_ptr<const simulator::SimulationResult> run,
                                 std::vector<model::DataProtectionEstimate> estimates,
                                 bool withRegion)
{
    beginResetModel();
    m_run = std::move(run);
    m_estimates = std::move(estimates);
    m_withRegion = withRegion;
    endResetModel();
}

int DataProtectionModel::rows() const { return static_cast<int>(m_run->databases.size()); }

FigureCell DataProtectionModel::cell(int row, int column) const
{
    const simulator::DatabaseDataFigures &d = m_run->databases[size_t(row)];
    const model::DataProtectionEstimate *e = nullptr;
    for (const auto &x : m_estimates)
        if (x.database == d.id)
            e = &x;
    // The run's losses of this database: the worst measured figures.
    double rpoMeasured = -1, rtoMeasured = -1;
    QString lossTip;
    for (const simulator::DataLoss &l : m_run->losses) {
        if (l.database != d.id)
            continue;
        rpoMeasured = std::max(rpoMeasured, l.lost_span_s);
        rtoMeasured = std::max(rtoMeasured, l.rto_s < 0 ? kInf : l.rto_s);
        lossTip += (lossTip.isEmpty() ? QString() : QStringLiteral("\n")) +
                   tr("%1 at %2 s: %3 writes lost over %4 s; back after %5 (estimate RPO %6 s, "
                      "RTO %7 s)")
                       .arg(QString::fromStdString(l.cause))
                       .arg(l.t_s, 0, 'f', 1)
                       .arg(l.lost_writes)
                       .arg(l.lost_span_s, 0, 'f', 1)
                       .arg(l.rto_s < 0 ? tr("never (in the run)")
                                        : QString::number(l.rto_s, 'f', 1) + " s")
                       .arg(l.rpo_estimate_s, 0, 'f', 0)
                       .arg(l.rto_estimate_s, 0, 'f', 0);
    }
    const bool measured = rpoMeasured >= 0;
    const Worst rpoEst = e ? worstLoss(*e, m_withRegion, true) : Worst{-1, {}};
    const Worst rtoEst = e ? worstLoss(*e, m_withRegion, false) : Worst{-1, {}};
    const double nan = std::nan("");
    double v = nan;
    int decimals = 1;
    QString text, tip;
    switch (column) {
    case Database: text = QString::fromStdString(d.id); break;
    case RpoTarget: v = e && e->rpo_target_s ? *e->rpo_target_s : nan; break;
    case RtoTarget: v = e && e->rto_target_s ? *e->rto_target_s : nan; break;
    case RpoEstimate: v = rpoEst.value >= 0 ? rpoEst.value : nan; tip = rpoEst.tip; break;
    case RtoEstimate: v = rtoEst.value >= 0 ? rtoEst.value : nan; tip = rtoEst.tip; break;
    case RpoMeasured: v = measured ? rpoMeasured : nan; tip = lossTip; break;
    case RtoMeasured:
        v = measured ? rtoMeasured : nan;
        tip = lossTip;
        // The RTO is measured at the next write: a database nobody writes to has none.
        if (measured && std::isinf(v) && d.writes.value <= 0)
            text = tr("no writes");
        break;
    case LostWrites: v = d.lost_writes.value; decimals = 0; break;
    case StaleReads: v = d.stale_reads.value; decimals = 0; break;
    case StaleShare: v = d.replica_reads.value > 0 ? 100 * d.stale_share.value : nan; break;
    case LagMean: v = d.lag_ms_mean.value; break;
    case LagP99: v = d.lag_ms_p99.value; break;
    case Verdict: {
        if (!e || (!e->rpo_target_s && !e->rto_target_s)) {
            text = tr("no target");
            break;
        }
        // Measured figures where the run had a loss, else the estimate.
        const double rpo = measured ? rpoMeasured : rpoEst.value;
        const double rto = measured ? rtoMeasured : rtoEst.value;
        QStringList why;
        if (e->rpo_target_s && rpo > *e->rpo_target_s)
            why << tr("RPO %1 s > %2 s").arg(rpo, 0, 'f', 0).arg(*e->rpo_target_s, 0, 'f', 0);
        if (e->rto_target_s && rto > *e->rto_target_s) {
            const QString target = QString::number(*e->rto_target_s, 'f', 0);
            why << (std::isfinite(rto)
                        ? tr("RTO %1 s > %2 s").arg(QString::number(rto, 'f', 0), target)
                        : tr("RTO never > %1 s").arg(target));
        }
        const QString basis = measured ? tr("measured") : tr("estimate");
        text = why.isEmpty() ? tr("meets (%1)").arg(basis)
                             : tr("misses (%1): %2").arg(basis, why.join(QStringLiteral("; ")));
        v = why.isEmpty() ? 0 : 1;
        tip = measured ? lossTip : rpoEst.tip + QStringLiteral("\n") + rtoEst.tip;
        break;
    }
    default: break;
    }
    FigureCell c;
    c.value = v;
    c.decimals = decimals;
    c.text = text;
    c.tip = tip;
    c.suffix = column == StaleShare ? QStringLiteral(" %") : QString();
    // Lost data and missed targets stand out.
    c.warn = (column == LostWrites || column == Verdict) && v > 0;
    return c;
}

} // namespace archsim::gui
