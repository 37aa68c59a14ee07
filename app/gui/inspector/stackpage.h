#pragma once

// A page of the inspector's QStackedWidget.

#include <QWidget>

namespace archsim::gui {

// A page that asks no height while hidden. QStackedLayout::heightForWidth() takes the largest
// of every page's, shown or not, so a long page (a stream's) gave the short ones (the model's)
// a scroll range of blank space under them.
class StackPage : public QWidget {
public:
    using QWidget::QWidget;
    // The height the page needs at `width`, or 0 while it is not the page shown.
    int heightForWidth(int width) const override
    {
        return isHidden() ? 0 : QWidget::heightForWidth(width);
    }
};

} // namespace archsim::gui
