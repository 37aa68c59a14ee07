#pragma once

// The palette of component kinds: drag one onto the canvas, or double-click (or press Enter)
// to add it at the centre of the view.

#include "archsim/model/types.h"

#include <QListWidget>

namespace archsim::gui {

// The MIME type the palette drags: the component kind's file name ("service"). The canvas
// accepts drops of it.
inline constexpr char kKindMime[] = "application/x-archsim-kind";

class Palette : public QListWidget {
    Q_OBJECT
public:
    explicit Palette(QWidget *parent = nullptr);
    // Returns the row of a kind (for tests and keyboard navigation).
    int rowOf(model::ComponentKind kind) const;

signals:
    void activatedKind(model::ComponentKind kind);

protected:
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QList<QListWidgetItem *> &items) const override;
};

} // namespace archsim::gui
