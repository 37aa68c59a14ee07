// The main window's simulation dock and menu (issue #10).

#include "mainwindow.h"

#include "canvasview.h"
#include "simdock.h"

#include <QAction>
#include <QDockWidget>
#include <QMenuBar>

#include <algorithm>

namespace archsim::gui {

void MainWindow::createSimulationDock()
{
    m_simDock = new SimDock(m_doc, m_scene, m_view);
    auto *d = new QDockWidget(tr("Simulation"), this);
    d->setObjectName(QStringLiteral("simulationDock"));
    d->setWidget(m_simDock);
    addDockWidget(Qt::BottomDockWidgetArea, d);
    if (auto *problems = findChild<QDockWidget *>(QStringLiteral("problemsDock"))) {
        tabifyDockWidget(problems, d);
        problems->raise();
    }
    // A run needs room for its charts: show the dock and make it tall enough.
    connect(m_simDock->controller(), &SimulationController::started, this, [this, d] {
        d->show();
        d->raise();
        const int want = std::max(340, height() * 45 / 100);
        if (d->height() < want - 20)
            resizeDocks({d}, {want}, Qt::Vertical);
    });
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
}

} // namespace archsim::gui
