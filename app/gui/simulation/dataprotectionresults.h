#pragma once

// The data-protection figures of a finished run (one row per database): its RPO/RTO targets,
// the analytic estimate (docs/data-lifecycle.md), the RPO/RTO the run measured at a loss, the
// writes lost, the stale replica reads and the replica lag, with a verdict.

#include "archsim/model/dataprotection.h"
#include "archsim/simulator/simulation.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace archsim::gui {

// Rows: the databases of a run; sortable through a proxy on Qt::UserRole (the raw number).
class DataProtectionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Database,
        RpoTarget,
        RtoTarget,
        RpoEstimate,
        RtoEstimate,
        RpoMeasured,
        RtoMeasured,
        LostWrites,
        StaleReads,
        StaleShare,
        LagMean,
        LagP99,
        Verdict,
        ColumnCount
    };
    explicit DataProtectionModel(QObject *parent = nullptr);

    // Shows a run's databases (nullptr: empty) beside their estimates; `withRegion` counts a
    // region loss among the estimated losses (the model declares regions).
    void setRun(std::shared_ptr<const simulator::SimulationResult> run,
                std::vector<model::DataProtectionEstimate> estimates, bool withRegion);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    std::shared_ptr<const simulator::SimulationResult> m_run;
    std::vector<model::DataProtectionEstimate> m_estimates; // matched by database id
    bool m_withRegion = false;
};

} // namespace archsim::gui
