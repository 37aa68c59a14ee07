// The main window's simulation dock and menu (issue #10).

#include "mainwindow.h"

#include "canvasview.h"
#include "document.h"
#include "problems.h"
#include "simdock.h"
#include "sweepdialog.h"

#include <QAction>
#include <QDockWidget>
#include <QLayout>
#include <QMenuBar>
#include <QScrollArea>
#include <QTimer>

#include <algorithm>

namespace archsim::gui {

namespace {

// True when `dock` is shown and, among tabbed docks, the current tab: the others stay
// "visible" but are moved out of the window.
bool isRaisedDock(const QWidget *dock)
{
    return dock->isVisible() && dock->parentWidget()
           && dock->geometry().intersects(dock->parentWidget()->rect());
}

} // namespace

void MainWindow::createSimulationDock()
{
    m_simDock = new SimDock(m_doc, m_scene, m_view);
    auto *d = new QDockWidget(tr("Simulation"), this);
    d->setObjectName(QStringLiteral("simulationDock"));
    // The problems and simulation docks are tabs of one area, and a tabbed area cannot be
    // lower than the largest minimum of its tabs, hidden ones included: the simulation
    // dock's stacked rows (settings, status, tabs, the results' buttons and inner tabs) held
    // an empty problems list at 235 px. Scrolled as a whole, the dock can be as low as the
    // problems dock; it is made tall enough whenever it is raised (issue #17).
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("simDockScroll"));
    scroll->setWidget(m_simDock);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    d->setWidget(scroll);
    addDockWidget(Qt::BottomDockWidgetArea, d);
    auto *problems = findChild<QDockWidget *>(QStringLiteral("problemsDock"));
    if (problems) {
        tabifyDockWidget(problems, d);
        problems->raise();
    }
    // A tab of the area is raised (or the area comes back with the canvas): size it, once the
    // tab switch is over.
    for (QDockWidget *dock : {problems, d})
        if (dock)
            connect(dock, &QDockWidget::visibilityChanged, this, [this, dock](bool visible) {
                if (visible)
                    QTimer::singleShot(0, this, [this, dock] { fitBottomDock(dock); });
            });
    // The findings come and go with edits: the raised problems dock grows for the first one
    // and shrinks to its summary when the last one goes.
    connect(m_problems, &ProblemsPanel::countsChanged, this, [this, problems, scroll] {
        // No lower than the problems dock (its summary line alone when it has no findings;
        // a scroll area's own minimum, room for its scroll bars, is about twice that): the
        // area then takes the height of whichever tab is raised.
        m_problems->layout()->invalidate(); // the list was just shown or hidden
        scroll->setMinimumHeight(m_problems->minimumSizeHint().height());
        if (problems && isRaisedDock(problems)
            && (m_problems->isEmpty() || m_problemsWereEmpty))
            fitBottomDock(problems);
    });
    // A run needs room for its charts: show the dock and make it tall enough.
    connect(m_simDock->controller(), &SimulationController::started, this, [this, d] {
        d->show();
        d->raise();
        QTimer::singleShot(0, this, [this, d] { fitBottomDock(d); }); // once laid out
    });
}

void MainWindow::fitBottomDock(QDockWidget *dock)
{
    if (!isRaisedDock(dock) || dock->isFloating()
        || dockWidgetArea(dock) != Qt::BottomDockWidgetArea)
        return;
    // The dock's own title and frame, above its content (the dock is laid out: it is shown).
    const int chrome = dock->height() - dock->widget()->height();
    if (dock->widget()->isAncestorOf(m_simDock)) {
        // All four charts whole, but the canvas keeps at least 40 % of the window; a dock the
        // user made taller stays so.
        const int want = std::min(chrome + m_simDock->heightForCharts(kChartHeight),
                                  height() * 60 / 100);
        if (dock->height() < want)
            resizeDocks({dock}, {want}, Qt::Vertical);
        return;
    }
    m_problemsWereEmpty = m_problems->isEmpty();
    // No findings: the summary line alone (the panel's minimum); findings: a few rows.
    m_problems->layout()->invalidate();
    resizeDocks({dock}, {m_problemsWereEmpty ? chrome + m_problems->minimumSizeHint().height()
                                             : kProblemsHeight},
                Qt::Vertical);
}

void MainWindow::createSimulationMenu()
{
    QMenu *menu = menuBar()->addMenu(tr("&Simulate"));
    QAction *run = menu->addAction(tr("&Run"), this, [this] { m_simDock->run(); });
    run->setObjectName(QStringLiteral("simulateRun"));
    run->setShortcut(QKeySequence(Qt::Key_F5));
    QAction *cancel = menu->addAction(tr("&Cancel Run"), this, [this] { m_simDock->cancel(); });
    cancel->setObjectName(QStringLiteral("simulateCancel"));
    cancel->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    QAction *clear = menu->addAction(tr("C&lear Run"), this, [this] { m_simDock->clearRun(); });
    clear->setObjectName(QStringLiteral("simulateClear"));
    m_actions.insert(run->objectName(), run);
    m_actions.insert(cancel->objectName(), cancel);
    m_actions.insert(clear->objectName(), clear);
    menu->addSeparator();
    QAction *sweep = menu->addAction(tr("S&weep..."), this, [this] { openSweep(); });
    sweep->setObjectName(QStringLiteral("simulateSweep"));
    m_actions.insert(sweep->objectName(), sweep);
    // A sweep of another model's fields means nothing: its dialog goes with the model.
    connect(m_doc, &Document::modelReset, this, [this] {
        delete m_sweep;
        m_sweep = nullptr;
    });
}

SweepDialog *MainWindow::openSweep(const QString &pointer, const QString &value)
{
    if (!m_sweep) {
        m_sweep = new SweepDialog(m_doc, this);
    }
    if (!pointer.isEmpty())
        m_sweep->addParameter(pointer, value);
    m_sweep->show();
    m_sweep->raise();
    m_sweep->activateWindow();
    return m_sweep;
}

} // namespace archsim::gui
