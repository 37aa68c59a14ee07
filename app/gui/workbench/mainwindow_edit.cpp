// Editing commands of the main window: clipboard, delete, align, find, auto-layout, export.

#include "autolayout.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "mainwindow.h"
#include "inspector.h"
#include "nodeitem.h"
#include "simdock.h"
#include "problems.h"

#include "archsim/model/io.h"

#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QKeyEvent>
#include <QMoveEvent>
#include <QLineEdit>
#include <QMimeData>
#include <QPainter>
#include <QSettings>
#include <QStatusBar>
#include <QSvgGenerator>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <set>

namespace archsim::gui {

using namespace archsim::model;

namespace {
constexpr char kFragmentMime[] = "application/x-archsim-fragment+json";
}

void MainWindow::copy()
{
    const QStringList cs = m_scene->selectedComponents();
    if (cs.isEmpty())
        return;
    std::set<std::string> ids;
    Model fragment;
    for (const QString &id : cs)
        if (const Component *c = m_doc->component(id.toStdString())) {
            fragment.components.push_back(*c);
            ids.insert(c->id);
        }
    // Links travel with the clipboard only when both ends do.
    for (const Link &l : m_doc->model().links)
        if (ids.count(l.from) && ids.count(l.to))
            fragment.links.push_back(l);
    auto *mime = new QMimeData;
    const QByteArray json = QByteArray::fromStdString(toJson(fragment));
    mime->setData(QLatin1String(kFragmentMime), json);
    mime->setText(QString::fromUtf8(json));
    QApplication::clipboard()->setMimeData(mime);
    m_pasteCount = 0;
}

void MainWindow::paste()
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    if (!mime)
        return;
    QByteArray json = mime->data(QLatin1String(kFragmentMime));
    if (json.isEmpty() && mime->hasText())
        json = mime->text().toUtf8(); // a model pasted as JSON text from an editor
    if (json.isEmpty())
        return;
    auto parsed = parseJson(json.toStdString(), "clipboard");
    if (!parsed.ok() || parsed->components.empty()) {
        statusBar()->showMessage(tr("The clipboard holds no ArchSim components"), 4000);
        return;
    }
    ++m_pasteCount;
    const QPointF offset(32.0 * m_pasteCount, 32.0 * m_pasteCount);
    std::map<std::string, std::string> rename;
    std::vector<Component> comps;
    std::set<std::string> taken;
    for (Component c : parsed->components) {
        std::string id = m_doc->uniqueComponentId(c.id);
        for (int n = 2; taken.count(id); ++n)
            id = m_doc->uniqueComponentId(c.id + "-" + std::to_string(n));
        taken.insert(id);
        rename[c.id] = id;
        c.id = id;
        const QPointF p = toPoint(c.position) + offset;
        c.position = Position{p.x(), p.y()};
        comps.push_back(std::move(c));
    }
    std::vector<Link> links;
    std::set<std::string> linkIds;
    for (Link l : parsed->links) {
        if (!rename.count(l.from) || !rename.count(l.to))
            continue;
        l.from = rename[l.from];
        l.to = rename[l.to];
        for (auto &c : l.invalidates)
            if (rename.count(c))
                c = rename[c];
        std::string id = m_doc->uniqueLinkId(l.from, l.to);
        for (int n = 2; linkIds.count(id); ++n)
            id = m_doc->uniqueLinkId(l.from, l.to) + "-" + std::to_string(n);
        linkIds.insert(id);
        l.id = id;
        links.push_back(std::move(l));
    }
    m_doc->insert(comps, links, tr("Paste %1 components").arg(comps.size()));
    QStringList sel;
    for (const auto &c : comps)
        sel << QString::fromStdString(c.id);
    m_scene->selectIds(sel);
}

void MainWindow::duplicate()
{
    copy();
    paste();
}

void MainWindow::deleteSelection()
{
    const QStringList also = m_doc->remove(m_scene->selectedComponents(),
                                           m_scene->selectedLinks());
    // Say what went besides the selection (issue #17); Undo puts all of it back.
    if (!also.isEmpty())
        statusBar()->showMessage(tr("Deleted, and with it: %1. Undo restores everything.")
                                     .arg(also.join(QStringLiteral("; "))),
                                 20000);
}

void MainWindow::align(int how)
{
    const QStringList cs = m_scene->selectedComponents();
    if (cs.size() < 2)
        return;
    std::vector<NodeItem *> nodes;
    QRectF box;
    for (const QString &id : cs)
        if (NodeItem *n = m_scene->node(id)) {
            nodes.push_back(n);
            box |= QRectF(n->pos(), QSizeF(NodeItem::Width, NodeItem::Height));
        }
    Positions oldPos, newPos;
    auto put = [&](NodeItem *n, QPointF p) {
        oldPos.emplace_back(n->id().toStdString(), n->pos());
        newPos.emplace_back(n->id().toStdString(), p);
    };
    const qreal w = NodeItem::Width, h = NodeItem::Height;
    if (how >= 6) {
        // Distribute: equal gaps between neighbours along one axis.
        const bool horizontal = how == 6;
        std::sort(nodes.begin(), nodes.end(), [&](NodeItem *a, NodeItem *b) {
            return horizontal ? a->x() < b->x() : a->y() < b->y();
        });
        const qreal first = horizontal ? nodes.front()->x() : nodes.front()->y();
        const qreal last = horizontal ? nodes.back()->x() : nodes.back()->y();
        const qreal step = (last - first) / qreal(nodes.size() - 1);
        for (size_t i = 0; i < nodes.size(); ++i) {
            const qreal v = first + step * qreal(i);
            put(nodes[i], horizontal ? QPointF(v, nodes[i]->y()) : QPointF(nodes[i]->x(), v));
        }
    } else {
        for (NodeItem *n : nodes) {
            QPointF p = n->pos();
            switch (how) {
            case 0: p.setX(box.left()); break;
            case 1: p.setX(box.right() - w); break;
            case 2: p.setY(box.top()); break;
            case 3: p.setY(box.bottom() - h); break;
            case 4: p.setY(box.center().y() - h / 2); break;
            case 5: p.setX(box.center().x() - w / 2); break;
            }
            put(n, p);
        }
    }
    m_doc->moved(oldPos, newPos, how >= 6 ? tr("Distribute") : tr("Align"));
}

void MainWindow::findComponent()
{
    const QString q = m_search->text().trimmed();
    if (q.isEmpty())
        return;
    const Model &m = m_doc->model();
    // Best match first: exact id, id prefix, id substring, then the display name.
    QString found;
    int best = 5;
    for (const auto &c : m.components) {
        const QString id = QString::fromStdString(c.id);
        const QString name = QString::fromStdString(c.name);
        const int rank = id.compare(q, Qt::CaseInsensitive) == 0    ? 0
                         : id.startsWith(q, Qt::CaseInsensitive)    ? 1
                         : id.contains(q, Qt::CaseInsensitive)      ? 2
                         : name.startsWith(q, Qt::CaseInsensitive)  ? 3
                         : name.contains(q, Qt::CaseInsensitive)    ? 4
                                                                    : 5;
        if (rank < best) {
            best = rank;
            found = id;
        }
    }
    if (found.isEmpty()) {
        statusBar()->showMessage(tr("No component matches \"%1\"").arg(q), 4000);
        return;
    }
    m_tabs->setCurrentWidget(m_view);
    m_view->focusComponent(found);
    m_view->setFocus();
}

void MainWindow::autoLayout(bool selectionOnly, bool wait)
{
    if (m_layoutRunning)
        return;
    const Model &m = m_doc->model();
    std::set<std::string> chosen;
    if (selectionOnly)
        for (const QString &id : m_scene->selectedComponents())
            chosen.insert(id.toStdString());
    LayoutGraph g;
    g.nodeWidth = NodeItem::Width;
    g.nodeHeight = NodeItem::Height + 8; // room for the stacked-replica outline
    std::map<std::string, int> index;
    QRectF before;
    for (const auto &c : m.components) {
        if (selectionOnly && !chosen.count(c.id))
            continue;
        index[c.id] = int(g.ids.size());
        g.ids.push_back(c.id);
        std::string key;
        for (const auto &z : c.zones)
            key += (key.empty() ? "" : "+") + z;
        g.groups.push_back(key);
        before |= QRectF(toPoint(c.position), QSizeF(NodeItem::Width, NodeItem::Height));
    }
    if (g.ids.size() < 2)
        return;
    for (const auto &l : m.links) {
        auto a = index.find(l.from), b = index.find(l.to);
        if (a != index.end() && b != index.end())
            g.edges.emplace_back(a->second, b->second);
    }
    const quint64 generation = m_doc->generation();
    const QString text = selectionOnly ? tr("Auto-layout selection") : tr("Auto-layout");
    auto finish = [this, g, generation, text, selectionOnly,
                   before](const std::optional<std::vector<QPointF>> &pos, const QString &err) {
        m_layoutRunning = false;
        QApplication::restoreOverrideCursor();
        if (!pos) {
            statusBar()->showMessage(err, 6000);
            return;
        }
        // A selection keeps its place: the new arrangement starts where the old one did.
        QPointF shift;
        if (selectionOnly) {
            QRectF after;
            for (const QPointF &p : *pos)
                after |= QRectF(p, QSizeF(1, 1));
            shift = before.topLeft() - after.topLeft();
        }
        Positions target;
        for (size_t i = 0; i < g.ids.size(); ++i)
            target.emplace_back(g.ids[i], (*pos)[i] + shift);
        applyLayout(target, generation, text);
        if (!selectionOnly)
            m_view->fitAll();
    };
    m_layoutRunning = true;
    QApplication::setOverrideCursor(Qt::BusyCursor);
    statusBar()->showMessage(tr("Laying out %1 components…").arg(g.ids.size()));
    if (wait || g.ids.size() < 200) {
        QString err;
        auto pos = layoutGraph(g, &err);
        finish(pos, err);
        return;
    }
    auto *watcher = new QFutureWatcher<std::pair<std::optional<std::vector<QPointF>>, QString>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, finish] {
        const auto r = watcher->result();
        finish(r.first, r.second);
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([g] {
        QString err;
        auto pos = layoutGraph(g, &err);
        return std::make_pair(pos, err);
    }));
}

void MainWindow::applyLayout(const Positions &positions, quint64 generation, const QString &text)
{
    if (generation != m_doc->generation()) {
        statusBar()->showMessage(tr("The model changed during the layout; run it again"), 5000);
        return;
    }
    Positions oldPos, newPos;
    for (const auto &[id, p] : positions)
        if (const Component *c = m_doc->component(id)) {
            oldPos.emplace_back(id, toPoint(c->position));
            newPos.emplace_back(id, p);
        }
    m_doc->moved(oldPos, newPos, text);
    statusBar()->showMessage(tr("Laid out %1 components").arg(positions.size()), 4000);
}

bool MainWindow::exportCanvas(const QString &path, QString *error)
{
    const QRectF src = m_scene->contentRect();
    const QList<QGraphicsItem *> selected = m_scene->selectedItems();
    {
        const QSignalBlocker b(m_scene);
        m_scene->clearSelection(); // selection rings do not belong in a document
    }
    bool ok = false;
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator gen;
        gen.setFileName(path);
        gen.setSize(src.size().toSize());
        gen.setViewBox(QRectF(QPointF(), src.size()));
        gen.setTitle(QString::fromStdString(m_doc->model().name));
        gen.setDescription(tr("ArchSim architecture diagram"));
        QPainter p;
        ok = p.begin(&gen);
        if (ok) {
            m_scene->render(&p, QRectF(QPointF(), src.size()), src);
            p.end();
        }
    } else {
        // 2x for crisp text on high-DPI screens and in slides, capped for huge models.
        const qreal scale = std::min(2.0, 16000.0 / std::max(src.width(), src.height()));
        QImage img((src.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
        img.fill(style::canvas().background);
        QPainter p(&img);
        p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        m_scene->render(&p, QRectF(QPointF(), QSizeF(img.size())), src);
        p.end();
        ok = img.save(path);
    }
    for (QGraphicsItem *i : selected)
        i->setSelected(true);
    if (!ok && error)
        *error = tr("Could not write %1").arg(path);
    return ok;
}

void MainWindow::exportCanvasDialog()
{
    QSettings s;
    QString base = m_doc->filePath().isEmpty() ? QStringLiteral("architecture")
                                               : QFileInfo(m_doc->filePath()).completeBaseName();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Canvas"),
        QFileInfo(s.value(QStringLiteral("lastDir")).toString(), base + QStringLiteral(".svg"))
            .filePath(),
        tr("SVG image (*.svg);;PNG image (*.png)"));
    if (path.isEmpty())
        return;
    QString err;
    if (exportCanvas(path, &err))
        statusBar()->showMessage(tr("Exported %1").arg(QFileInfo(path).fileName()), 4000);
    else
        QMessageBox::warning(this, tr("Export failed"), err);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *e)
{
    // The bottom area's docks (issue #17). A tab that is raised moves in from outside the
    // window: it gets its height. The window grew (the first start maximises it) and the
    // area with it: an empty problems dock goes back to its summary line.
    if (e->type() == QEvent::Move || e->type() == QEvent::Resize) {
        auto *dock = qobject_cast<QDockWidget *>(watched);
        const bool problems = dock && m_problems && dock == m_problems->parentWidget();
        const bool sim = dock && !problems && dock->widget()
                         && dock->widget()->isAncestorOf(m_simDock);
        // Tabs that are not the current one stay "visible", moved out of the window.
        auto raised = [](const QWidget *d) {
            return d->isVisible() && d->geometry().intersects(d->parentWidget()->rect());
        };
        bool fit = false;
        if ((problems || sim) && e->type() == QEvent::Move && dock->parentWidget()) {
            const QPoint from = static_cast<QMoveEvent *>(e)->oldPos();
            fit = !dock->parentWidget()->rect().contains(from) && raised(dock);
        } else if (problems && e->type() == QEvent::Resize) {
            fit = m_problems->isEmpty() && raised(dock);
        }
        if (fit)
            QTimer::singleShot(0, this, [this, dock] { fitBottomDock(dock); });
        return QMainWindow::eventFilter(watched, e);
    }
    // An inspector field commits each edit to the document at once, so its own text undo
    // would only fight the document's: Ctrl+Z and Ctrl+Shift+Z (Ctrl+Y) there undo and redo
    // the document, which puts the field's previous value back (issue #17).
    if (e->type() != QEvent::ShortcutOverride && e->type() != QEvent::KeyPress)
        return QMainWindow::eventFilter(watched, e);
    auto *w = qobject_cast<QWidget *>(watched);
    if (!w || !m_inspector || !m_inspector->isAncestorOf(w))
        return QMainWindow::eventFilter(watched, e);
    auto *key = static_cast<QKeyEvent *>(e);
    const QKeySequence pressed(key->keyCombination());
    QAction *act = nullptr;
    if (key->matches(QKeySequence::Undo))
        act = action(QStringLiteral("undo"));
    else if (action(QStringLiteral("redo"))->shortcuts().contains(pressed))
        act = action(QStringLiteral("redo"));
    if (!act)
        return QMainWindow::eventFilter(watched, e);
    if (e->type() == QEvent::ShortcutOverride) {
        e->accept(); // the key comes to the field as a key press, handled below
        return true;
    }
    // Triggered after this event is done with the field: the undo may rebuild the form.
    e->accept();
    QTimer::singleShot(0, act, [act] {
        if (act->isEnabled())
            act->trigger();
    });
    return true;
}

} // namespace archsim::gui
