#pragma once

// Placement of link labels: each label slides along its link (and, where the link is too short,
// beside it) to the place nearest the middle that covers no card and no other label. Greedy,
// with a grid of the obstacles, so re-placing the labels of a few moved links among thousands
// costs well under a millisecond.

#include <QList>
#include <QRectF>

#include <vector>

namespace archsim::gui {

class LinkItem;

// Re-places the labels of `dirty` (and of labels lying on their endpoints' cards), keeping
// every other label where it is. `cards` are the scene rectangles of the cards, `links` every
// link of the scene. With `dirty` == `links` all labels are placed afresh, the most
// constrained (shortest visible segment) first.
void placeLabels(const QList<LinkItem *> &dirty, const std::vector<QRectF> &cards,
                 const QList<LinkItem *> &links);

// Returns the overlap area of a label at `r` with the cards and the other labels (0 = free);
// used by tests to check a placement.
qreal labelOverlap(const QRectF &r, const std::vector<QRectF> &cards,
                   const std::vector<QRectF> &labels);

} // namespace archsim::gui
