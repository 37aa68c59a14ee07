#include "figuretable.h"

#include <QColor>

namespace archsim::gui {

FigureTableModel::FigureTableModel(const Column *columns, int count, QObject *parent)
    : QAbstractTableModel(parent), m_columns(columns), m_count(count)
{
}

int FigureTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_run ? 0 : rows();
}

int FigureTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count;
}

QVariant FigureTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_run || index.row() >= rowCount() || index.column() >= m_count)
        return {};
    const FigureCell c = cell(index.row(), index.column());
    const bool text = m_columns[index.column()].text;
    QString shown = c.text;
    if (shown.isEmpty() && std::isfinite(c.value))
        shown = QString::number(c.value, 'f', c.decimals) + c.suffix;
    else if (shown.isEmpty() && std::isinf(c.value))
        shown = infinityText();
    switch (role) {
    case Qt::DisplayRole:
        return shown;
    case Qt::ToolTipRole:
        return c.tip.isEmpty() ? QVariant() : QVariant(c.tip);
    case Qt::UserRole:
        if (text)
            return shown;
        return std::isnan(c.value) ? -1e300 : (std::isfinite(c.value) ? c.value : 1e300);
    case Qt::TextAlignmentRole:
        return text || m_columns[index.column()].left ? int(Qt::AlignLeft | Qt::AlignVCenter)
                    : int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        return c.warn ? QVariant(QColor("#b45309")) : QVariant();
    default:
        return {};
    }
}

QVariant FigureTableModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || section < 0 || section >= m_count)
        return {};
    if (role == Qt::DisplayRole)
        return tr(m_columns[section].title);
    if (role == Qt::ToolTipRole)
        return tr(m_columns[section].help);
    return {};
}

} // namespace archsim::gui
