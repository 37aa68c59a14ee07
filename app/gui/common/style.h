#pragma once

// Folder common/ (target archsim_gui_common): what every GUI folder may use and nothing that
// knows a feature. The look (this file: palettes, kind colours and icons), the form builder of
// the inspector pages (formbuilder.h), the text forms of model fields (fieldtext.h), the
// palette of component kinds and its drag format (palette.h) and the Graphviz layered layout
// (autolayout.h). It links only Qt and the model.
//
// Look of the workbench: light and dark palettes (Fusion style with our own QPalette, since
// Qt 6.4 has no QStyleHints::colorScheme), kind colours and the SVG kind icons.

#include "archsim/model/types.h"

#include <QColor>
#include <QIcon>
#include <QString>

class QPainter;
class QRectF;

namespace archsim::gui::style {

enum class ThemeMode { System, Light, Dark };

// Registers the bundled resources (icons, examples) of the static GUI library; idempotent.
void ensureResources();
// Applies Fusion and the palette for `mode`; System follows the platform's palette.
void applyTheme(ThemeMode mode);
// Returns true when the dark palette is active.
bool isDark();

// Colours of the canvas for the active theme.
struct CanvasColors {
    QColor background, gridMinor, gridMajor, nodeFill, nodeBorder, text, subtext, selection,
        badgeFill, badgeText;
};
const CanvasColors &canvas();

// Returns the accent colour of a component kind.
QColor kindColor(model::ComponentKind kind);
// Returns the colour of a link kind.
QColor linkColor(model::LinkKind kind);
// Returns a human label for a kind ("Load balancer").
QString kindLabel(model::ComponentKind kind);
// Returns a one-line explanation of a kind, for tooltips.
QString kindHelp(model::ComponentKind kind);
// Draws the white kind glyph (resources/icons/<kind>.svg) into `rect`.
void drawKindGlyph(QPainter *p, model::ComponentKind kind, const QRectF &rect);
// Returns an icon: the glyph on a rounded tile of the kind's colour (crisp at any DPI).
QIcon kindIcon(model::ComponentKind kind);
// Returns every component kind in palette order.
const std::vector<model::ComponentKind> &allKinds();

} // namespace archsim::gui::style
