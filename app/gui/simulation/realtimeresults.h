#pragma once

// The realtime figures of a finished run (docs/realtime.md): one row per gateway (publish to
// deliver p50/p95/p99, deliveries/s beside the estimate, drops, disconnects, reconnects,
// recovered vs lost messages, ordering violations), then a row per replica and per
// client-rate class under it.

#include "archsim/model/realtimeanalytic.h"
#include "archsim/simulator/simulation.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace archsim::gui {

// Rows: each gateway, its replicas, then its client-rate classes, in the run's order (the
// grouping is the order: the table is not sorted). Qt::UserRole holds the raw number (NaN
// where a row has no such figure).
class RealtimeResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Name,
        Connections,
        PublishedRps,
        DeliveriesRps,
        DeliveriesRpsEstimate,
        Mbps,
        LatencyP50,
        LatencyP95,
        LatencyP99,
        Dropped,
        SlowDisconnects,
        CrashDisconnects,
        Reconnects,
        Recovered,
        Lost,
        OrderingViolations,
        BlockMsMax,
        QueueBytesMax,
        ColumnCount
    };
    // What a row shows.
    enum class RowKind { Gateway, Replica, Class };

    explicit RealtimeResultsModel(QObject *parent = nullptr);

    // Shows a run's gateways (nullptr: empty) with the estimates to compare against.
    void setRun(std::shared_ptr<const simulator::SimulationResult> run,
                std::vector<model::RealtimeEstimate> estimates);
    // The kind of row `row` and its gateway's index in the run's realtime figures.
    RowKind rowKind(int row) const;
    int rowGateway(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    struct Row {
        RowKind kind = RowKind::Gateway;
        size_t gateway = 0;
        size_t index = 0; // replica or class within the gateway
    };
    // The raw figure of a cell (NaN: none on this row).
    double value(const Row &row, int column) const;

    std::shared_ptr<const simulator::SimulationResult> m_run;
    std::vector<model::RealtimeEstimate> m_estimates; // matched by gateway id
    std::vector<Row> m_rows;
};

} // namespace archsim::gui
