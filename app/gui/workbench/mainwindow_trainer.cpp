// The main window's scenario editor tab, trainer mode (the presentation page and its layout)
// and the built-in demos.

#include "mainwindow.h"

#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "noteoverlay.h"
#include "runtimeline.h"
#include "scenarioeditor.h"
#include "scenarioplayer.h"
#include "simcanvas.h"
#include "simcharts.h"
#include "simdock.h"
#include "simulationcontroller.h"
#include "trainersession.h"
#include "trainerview.h"

#include "archsim/model/overrides.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QScrollArea>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <algorithm>

namespace archsim::gui {

const std::vector<MainWindow::Demo> &MainWindow::builtInDemos()
{
    static const std::vector<Demo> demos{
        {QStringLiteral("db-failover"), tr("Primary database fails, the standby takes over")},
        {QStringLiteral("cache-stampede"), tr("Cache stampede: CDN purge without coalescing")},
        {QStringLiteral("cache-stampede-coalescing"),
         tr("Cache stampede: CDN purge with request coalescing")},
        {QStringLiteral("retry-storm-immediate"), tr("Retry storm: immediate retries, no budget")},
        {QStringLiteral("retry-storm-jitter-budget"),
         tr("Retry storm: jittered backoff and a retry budget")},
        {QStringLiteral("zone-outage-one-zone"), tr("Zone outage: everything in one zone")},
        {QStringLiteral("zone-outage"), tr("Zone outage: spread over two zones")},
        {QStringLiteral("breaker"), tr("A dependency fails, the circuit breaker opens")},
        {QStringLiteral("autoscale-spike"), tr("Autoscaling absorbs a spike")},
        {QStringLiteral("autoscale-spike-slow-start"),
         tr("Autoscaling too slow: replicas start after the spike")},
        {QStringLiteral("consumer-outage"),
         tr("Consumer outage and catch-up: 12 partitions")},
        {QStringLiteral("consumer-outage-one-partition"),
         tr("Consumer outage and catch-up: one partition")},
        {QStringLiteral("poison-message-no-dlq"),
         tr("Poison message: no dead-letter queue, the partition stops")},
        {QStringLiteral("poison-message"), tr("Poison message: set aside in a dead-letter queue")},
        {QStringLiteral("ordering-unkeyed"), tr("Order events unkeyed: per-order order lost")},
        {QStringLiteral("ordering-keyed"), tr("Order events keyed by order id: order kept")},
        {QStringLiteral("email-backpressure-block"),
         tr("Full e-mail queue, block: the notification worker waits, its lag grows")},
        {QStringLiteral("email-backpressure-reject"),
         tr("Full e-mail queue, reject: publishes fail, e-mails go to dead letters")},
        {QStringLiteral("region-outage-backup-restore"),
         tr("Region outage: backup and restore, down until the region returns")},
        {QStringLiteral("region-outage-warm-standby"),
         tr("Region outage: warm standby takes over in the other region")},
        {QStringLiteral("etl-on-primary"), tr("Reporting ETL on the primary: online p99 rises")},
        {QStringLiteral("etl-on-replica"), tr("Reporting ETL on the standby: online p99 holds")},
        {QStringLiteral("realtime-crash-no-history"),
         tr("WebSocket gateway replica crash: no history, updates lost")},
        {QStringLiteral("realtime-crash-history"),
         tr("WebSocket gateway replica crash: history, updates recovered")},
        {QStringLiteral("realtime-hot-block"),
         tr("Hot channel, slow clients: block, everyone waits")},
        {QStringLiteral("realtime-hot-disconnect"),
         tr("Hot channel, slow clients: disconnect, the slow ones are cut off")},
    };
    return demos;
}

void MainWindow::createTrainer()
{
    m_scenarioEditor = new ScenarioEditor(m_doc);
    m_tabs->addTab(m_scenarioEditor, tr("Scenarios"));
    m_trainer = new TrainerView;
    m_session = new TrainerSession(m_trainer->player(), this);
    // The page draws the variant being played, not the model being edited: its own document
    // (read-only, set when a scenario starts) and scene.
    m_trainerDoc = new Document(this);
    m_trainerScene = new CanvasScene(m_trainerDoc, this);
    m_trainerCanvas = new CanvasView(m_trainerScene);
    m_trainerCanvas->setObjectName(QStringLiteral("trainerCanvas"));
    m_trainerCanvas->setMinimapVisible(false);
    m_trainerCanvas->setInteractive(false);
    m_trainerCanvas->setFocusPolicy(Qt::NoFocus); // the page keeps the keys (Space, N, ...)
    m_trainer->setContent(m_trainerCanvas, createTrainerCharts());
    m_tabs->addTab(m_trainer, tr("Trainer"));

    connect(m_scenarioEditor, &ScenarioEditor::playRequested, this,
            [this](const QString &id) { playScenario(id); });
    connect(m_trainer, &TrainerView::fullScreenToggled, this,
            [this] { setPresentation(!m_presenting); });
    connect(m_trainer, &TrainerView::leaveRequested, this, [this] { setPresentation(false); });
    connect(m_trainer, &TrainerView::pageResized, this, &MainWindow::updateCardTextSize);
    connect(m_session, &TrainerSession::followUpChanged, m_trainer, &TrainerView::setFollowUp);
    connect(m_session, &TrainerSession::simulationFinished, this, [this](bool ok) {
        m_trainer->setStatus(ok ? QString()
                                : tr("The simulation failed: %1").arg(m_session->errorText()));
    });
    m_trainerOverlay = new SimCanvasOverlay(m_trainerDoc, m_trainerScene, m_trainerCanvas, this);
    m_trainerOverlay->setTimeline(m_session->revealed());
    // Another model: the run played on the page belongs to the old one.
    connect(m_doc, &Document::modelReset, this, &MainWindow::clearTrainer);

    auto *present = new QAction(tr("&Presentation Mode"), this);
    present->setObjectName(QStringLiteral("presentation"));
    present->setShortcut(QKeySequence(Qt::Key_F11));
    present->setCheckable(true);
    present->setToolTip(tr("Trainer mode full screen: docks hidden, large type (F11; Esc "
                           "leaves)"));
    connect(present, &QAction::triggered, this, [this](bool on) { setPresentation(on); });
    addAction(present); // works while the menu bar is hidden
    m_actions.insert(QStringLiteral("presentation"), present);
    auto *leave = new QAction(tr("Leave Presentation"), this);
    leave->setObjectName(QStringLiteral("leavePresentation"));
    leave->setShortcut(QKeySequence(Qt::Key_Escape));
    leave->setEnabled(false); // only while presenting: Esc keeps its meaning elsewhere
    connect(leave, &QAction::triggered, this, [this] { setPresentation(false); });
    addAction(leave);
    m_actions.insert(QStringLiteral("leavePresentation"), leave);

    auto *menu = new QMenu(tr("&Trainer"), this);
    menu->setObjectName(QStringLiteral("trainerMenu"));
    m_demoMenu = menu->addMenu(tr("Built-in &Demos (e-commerce)"));
    m_demoMenu->setObjectName(QStringLiteral("demoMenu"));
    for (const Demo &d : builtInDemos()) {
        QAction *a = m_demoMenu->addAction(d.title, this, [this, id = d.id] { openDemo(id); });
        a->setObjectName(QStringLiteral("demo-") + d.id);
        a->setToolTip(tr("Open the e-commerce example and play scenario '%1'").arg(d.id));
    }
    menu->addAction(tr("Play Current &Scenario"), this, [this] {
        playScenario(QString::fromStdString(m_scenarioEditor->currentScenario()));
    });
    menu->addSeparator();
    menu->addAction(present);
    QAction *help = nullptr;
    for (QAction *a : menuBar()->actions())
        if (a->menu() && a->text() == tr("&Help"))
            help = a;
    menuBar()->insertMenu(help, menu);

    if (auto *tb = findChild<QToolBar *>(QStringLiteral("mainToolBar"))) {
        tb->addSeparator();
        auto *demos = new QToolButton;
        demos->setObjectName(QStringLiteral("demoButton"));
        demos->setText(tr("Demos"));
        demos->setToolTip(tr("Built-in trainer demos, ready to play"));
        demos->setMenu(m_demoMenu);
        demos->setPopupMode(QToolButton::InstantPopup);
        tb->addWidget(demos);
    }
}

bool MainWindow::playScenario(const QString &id, QString *error)
{
    const model::Scenario scenario = findScenario(id);
    QString why;
    if (scenario.id.empty())
        why = tr("There is no scenario '%1' in this model.").arg(id);
    else if (m_session->controller()->isRunning())
        m_session->stop();
    if (why.isEmpty()) {
        m_trainer->load(scenario, m_doc->model().name.empty()
                                      ? m_doc->displayName()
                                      : QString::fromStdString(m_doc->model().name));
        // The page draws the variant the simulation runs on; a variant that cannot be built
        // is refused by the simulation too (its error shows on the page) and the base is drawn.
        auto variant = model::applyOverrides(m_doc->model(), scenario.id);
        m_trainerDoc->reset(variant ? std::move(variant).value() : m_doc->model());
        m_session->start(m_doc->model(), scenario.id, &why);
    }
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        statusBar()->showMessage(why, 5000);
        return false;
    }
    m_tabs->setCurrentWidget(m_trainer);
    m_trainer->setFocus();
    QTimer::singleShot(0, this, [this] { m_trainerCanvas->fitAll(); });
    return true;
}

model::Scenario MainWindow::findScenario(const QString &id) const
{
    for (const auto &s : m_doc->model().scenarios)
        if (s.id == id.toStdString())
            return s;
    return {};
}

bool MainWindow::openDemo(const QString &id)
{
    if (!maybeSave())
        return false;
    openExample(QStringLiteral("ecommerce"));
    return playScenario(id);
}

void MainWindow::setPresentation(bool on)
{
    if (on == m_presenting)
        return;
    m_presenting = on;
    if (QAction *a = action(QStringLiteral("presentation")))
        a->setChecked(on);
    if (QAction *a = action(QStringLiteral("leavePresentation")))
        a->setEnabled(on);
    if (on) {
        m_tabs->setCurrentWidget(m_trainer); // the palette and inspector step aside first
        m_preState = saveState();
        m_preMaximized = isMaximized();
        for (QDockWidget *d : findChildren<QDockWidget *>())
            d->hide();
        for (QToolBar *t : findChildren<QToolBar *>())
            t->hide();
        menuBar()->hide();
        statusBar()->hide();
        m_tabs->tabBar()->hide();
        // Large type for the room: 1.6 x the desktop's size on the whole page.
        QFont f = QApplication::font();
        f.setPointSizeF(f.pointSizeF() * 1.6);
        m_trainer->setFont(f);
        // Two large charts (the room picks them) with their legends under the plots.
        m_trainerCharts->setPresentation(true);
        m_trainerCharts->setFontScale(1.6);
        m_trainer->setProperty("presenting", true);
        showFullScreen();
    } else {
        m_trainer->setFont(QApplication::font());
        m_trainerCharts->setPresentation(false);
        m_trainerCharts->setFontScale(1.0);
        m_trainer->setProperty("presenting", false);
        m_tabs->tabBar()->show();
        menuBar()->show();
        statusBar()->show();
        restoreState(m_preState);
        if (m_preMaximized)
            showMaximized();
        else
            showNormal();
    }
    m_trainer->overlay()->reposition();
    QTimer::singleShot(0, this, [this] {
        updateCardTextSize();
        m_trainerCanvas->fitAll();
    });
    m_trainer->setFocus();
}

void MainWindow::updateCardTextSize()
{
    // Presenting, the card names are at least as large as the note band's smallest type
    // (0: the canvas's default).
    QWidget *port = m_trainerCanvas->viewport();
    const double pt = m_presenting ? m_trainer->overlay()->smallestTextPx() * 72.0 /
                                         std::max(1, port->logicalDpiY())
                                   : 0.0;
    if (port->property("cardTextMinPt").toDouble() != pt) {
        port->setProperty("cardTextMinPt", pt);
        port->update();
    }
}

void MainWindow::clearTrainer()
{
    m_session->clear();
    m_trainer->clear();
    m_trainerDoc->reset({});
}

QWidget *MainWindow::createTrainerCharts()
{
    m_trainerCharts = new SimCharts;
    m_trainerCharts->setObjectName(QStringLiteral("trainerCharts"));
    m_trainerCharts->setTimeline(m_session->revealed());
    m_trainerCharts->setAxisFollowsData(true);
    // Up to fourteen charts beside the canvas: below 130 px a chart scrolls instead of being
    // squeezed (at 1920 x 1080 with the note band up they were 90 px tall, every axis label
    // "...", seen under Xvfb), as in the simulation dock.
    m_trainerCharts->setMinimumChartHeight(130);
    auto *page = new QScrollArea;
    page->setObjectName(QStringLiteral("trainerChartsPage"));
    page->setWidget(m_trainerCharts);
    page->setWidgetResizable(true);
    page->setFrameShape(QFrame::NoFrame);
    page->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    page->setFocusPolicy(Qt::NoFocus); // the page keeps its keys (Space, N, arrows)
    return page;
}

} // namespace archsim::gui

