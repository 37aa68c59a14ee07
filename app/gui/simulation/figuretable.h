#pragma once

// The base of the results tables that show one row per item of a finished run (stream groups,
// databases, jobs and views): a fixed list of columns with their help, each cell a number
// (printed with its decimals and unit, sorted on its raw value) or a text, its tooltip, and
// whether it stands out.

#include "archsim/simulator/simulation.h"

#include <QAbstractTableModel>
#include <QString>

#include <cmath>
#include <memory>
#include <vector>

namespace archsim::gui {

// One cell of a results table.
struct FigureCell {
    double value = std::nan("");  // the figure; NaN = none, infinite = never
    int decimals = 1;
    QString text;                 // shown instead of the number when not empty
    QString suffix;               // after the number (" %")
    QString tip;                  // tooltip
    bool warn = false;            // drawn in the warning colour (lost work, missed targets)
};

// Rows: the items of a run; sortable through a proxy on Qt::UserRole (the raw number, or the
// text of a text column).
class FigureTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    struct Column {
        const char *title;
        const char *help;
        bool text = false; // a text column: left-aligned, sorted by its text
        bool left = false; // left-aligned though sorted by its number (a verdict)
    };

    // `columns` must outlive the model (a static table).
    FigureTableModel(const Column *columns, int count, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

protected:
    // The rows of the run shown (0 without a run).
    virtual int rows() const = 0;
    // The cell at a valid row and column.
    virtual FigureCell cell(int row, int column) const = 0;
    // What an infinite figure reads as.
    virtual QString infinityText() const { return QStringLiteral("\u221e"); }

    std::shared_ptr<const simulator::SimulationResult> m_run;

private:
    const Column *m_columns;
    int m_count;
};

} // namespace archsim::gui
