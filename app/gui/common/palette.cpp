#include "palette.h"

#include "style.h"

#include <QMimeData>

namespace archsim::gui {

using model::ComponentKind;

Palette::Palette(QWidget *parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("palette"));
    setDragEnabled(true);
    setDragDropMode(DragOnly);
    setIconSize(QSize(28, 28));
    setSpacing(2);
    setUniformItemSizes(true);
    setFrameShape(QFrame::NoFrame);
    for (ComponentKind k : style::allKinds()) {
        auto *item = new QListWidgetItem(style::kindIcon(k), style::kindLabel(k), this);
        item->setData(Qt::UserRole, QString::fromLatin1(model::toString(k)));
        item->setToolTip(tr("<b>%1</b><br>%2<br><i>Drag onto the canvas or double-click</i>")
                             .arg(style::kindLabel(k), style::kindHelp(k)));
        item->setSizeHint(QSize(0, 38));
    }
    auto emitKind = [this](QListWidgetItem *item) {
        ComponentKind k;
        if (item && model::fromString(item->data(Qt::UserRole).toString().toStdString(), k))
            emit activatedKind(k);
    };
    connect(this, &QListWidget::itemActivated, this, emitKind);
}

int Palette::rowOf(ComponentKind kind) const
{
    for (int i = 0; i < count(); ++i)
        if (item(i)->data(Qt::UserRole).toString() == QLatin1String(model::toString(kind)))
            return i;
    return -1;
}

QStringList Palette::mimeTypes() const { return {QLatin1String(kKindMime)}; }

QMimeData *Palette::mimeData(const QList<QListWidgetItem *> &items) const
{
    if (items.isEmpty())
        return nullptr;
    auto *m = new QMimeData;
    m->setData(QLatin1String(kKindMime), items.first()->data(Qt::UserRole).toString().toUtf8());
    return m;
}

} // namespace archsim::gui
