#pragma once

// The data-protection figures of a finished run (one row per database): its RPO/RTO targets,
// the analytic estimate (docs/data-lifecycle.md), the RPO/RTO the run measured at a loss, the
// writes lost, the stale replica reads and the replica lag, with a verdict.

#include "figuretable.h"

#include "archsim/model/dataprotection.h"

namespace archsim::gui {

// Rows: the databases of a run; sortable through a proxy on Qt::UserRole (the raw number).
class DataProtectionModel : public FigureTableModel {
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

protected:
    int rows() const override;
    FigureCell cell(int row, int column) const override;
    QString infinityText() const override { return tr("never"); }

private:
    std::vector<model::DataProtectionEstimate> m_estimates; // matched by database id
    bool m_withRegion = false;
};

} // namespace archsim::gui
