#include "mainwindow.h"

#include "analysis.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "ddldialog.h"
#include "document.h"
#include "importdialog.h"
#include "inspector.h"
#include "linkitem.h"
#include "nodeitem.h"
#include "palette.h"
#include "problems.h"
#include "recovery.h"
#include "scenarioeditor.h"
#include "schemaeditor.h"
#include "trainerview.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QCompleter>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QStringListModel>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoView>

namespace archsim::gui {

using namespace archsim::model;

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    style::ensureResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/archsim.svg")));
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    m_doc = new Document(this);
    m_scene = new CanvasScene(m_doc, this);
    m_view = new CanvasView(m_scene);
    m_view->setObjectName(QStringLiteral("canvas"));
    m_schema = new SchemaEditor(m_doc);
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_view, tr("Architecture"));
    m_tabs->addTab(m_schema, tr("Schemas"));
    setCentralWidget(m_tabs);
    m_recovery = new Recovery(m_doc, this);
    m_analyzer = new Analyzer(m_doc, this);
    m_savePrompt = [this] {
        return QMessageBox::warning(
            this, tr("Unsaved changes"),
            tr("The model \"%1\" has unsaved changes. Save them before closing it?")
                .arg(m_doc->displayName()),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    };

    createDocks();
    createActions();
    createMenus();
    createTrainer();
    // Ctrl+Z / Ctrl+Shift+Z while an inspector field has focus undo the document (issue #17).
    qApp->installEventFilter(this);

    m_zoomLabel = new QLabel;
    m_countLabel = new QLabel;
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
    connect(m_view, &CanvasView::zoomChanged, this,
            [this](qreal z) { m_zoomLabel->setText(tr("%1%").arg(qRound(z * 100))); });

    // The controller: views report gestures, the document turns them into undo commands.
    connect(m_scene, &CanvasScene::itemsMoved, m_doc,
            [this](const Positions &o, const Positions &n) { m_doc->moved(o, n); });
    connect(m_scene, &CanvasScene::connectRequested, this,
            [this](const QString &a, const QString &b) {
                const std::string id = m_doc->connectComponents(a.toStdString(), b.toStdString());
                if (!id.empty())
                    m_scene->selectIds({}, {QString::fromStdString(id)});
            });
    connect(m_scene, &CanvasScene::addRequested, this, [this](ComponentKind k, QPointF p) {
        const std::string id = m_doc->addComponent(k, p);
        m_scene->selectIds({QString::fromStdString(id)});
    });
    connect(m_palette, &Palette::activatedKind, this, [this](ComponentKind k) {
        QPointF p = m_view->mapToScene(m_view->viewport()->rect().center())
                    - QPointF(NodeItem::Width / 2, NodeItem::Height / 2);
        // Successive additions at the centre step aside instead of piling up.
        for (int i = 0; i < 50 && !m_scene->items(QRectF(p, QSizeF(NodeItem::Width,
                                                                    NodeItem::Height)))
                                        .isEmpty();
             ++i)
            p += QPointF(32, 32);
        p = QPointF(std::round(p.x() / NodeItem::Grid) * NodeItem::Grid,
                    std::round(p.y() / NodeItem::Grid) * NodeItem::Grid);
        const std::string id = m_doc->addComponent(k, p);
        m_scene->selectIds({QString::fromStdString(id)});
        m_view->setFocus();
    });
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &MainWindow::selectionChanged);
    connect(m_doc, &Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_doc, &Document::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_doc, &Document::modelReset, this, [this] {
        m_pasteCount = 0;
        QTimer::singleShot(0, this, [this] { m_view->fitAll(); });
    });
    connect(m_doc, &Document::contentChanged, this, [this] {
        const Model &m = m_doc->model();
        m_countLabel->setText(tr("%1 components · %2 links").arg(m.components.size())
                                  .arg(m.links.size()));
    });
    connect(m_problems, &ProblemsPanel::targetActivated, this, &MainWindow::showTarget);
    connect(m_analyzer, &Analyzer::estimateUpdated, this, &MainWindow::showEstimate);
    connect(m_recovery, &Recovery::autosaved, this, [this] {
        statusBar()->showMessage(tr("Autosaved a recovery copy"), 3000);
    });

    // The schema editor needs the width: the canvas's palette and inspector step aside while
    // it is shown and come back with the canvas. The trainer page needs the height too: the
    // bottom docks (problems, simulation) step aside while it is shown.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int) {
        const bool canvas = m_tabs->currentWidget() == m_view;
        const bool trainer = m_trainer && m_tabs->currentWidget() == m_trainer;
        const std::pair<const char *, bool> docks[] = {
            {"paletteDock", !canvas},   {"inspectorDock", !canvas}, {"historyDock", !canvas},
            {"problemsDock", trainer}, {"simulationDock", trainer}};
        for (const auto &[name, aside] : docks) {
            auto *d = findChild<QDockWidget *>(QLatin1String(name));
            if (!d)
                continue;
            // Recorded only when stepping aside (not again between two other tabs).
            if (aside && !d->property("steppedAside").toBool()) {
                d->setProperty("wasVisible", d->toggleViewAction()->isChecked());
                d->setProperty("steppedAside", true);
                d->hide();
            } else if (aside) {
                d->hide();
            } else if (d->property("steppedAside").toBool()) {
                d->setProperty("steppedAside", false);
                if (d->property("wasVisible").toBool())
                    d->show();
            }
        }
        if (canvas)
            findChild<QDockWidget *>(QStringLiteral("inspectorDock"))->raise();
    });
    restoreSettings();
    m_doc->reset(Model{}, {});
    updateTitle();
}

MainWindow::~MainWindow()
{
    // Children die in creation order and the document is first: silence it so no view
    // reads a model that is being destroyed, and let running analyses finish first.
    m_doc->blockSignals(true);
    m_doc->undoStack()->blockSignals(true);
    m_scene->blockSignals(true);
    delete m_analyzer;
    m_analyzer = nullptr;
}

QAction *MainWindow::action(const QString &name) const { return m_actions.value(name); }

void MainWindow::setSavePrompt(std::function<QMessageBox::StandardButton()> prompt)
{
    m_savePrompt = std::move(prompt);
}

void MainWindow::createDocks()
{
    auto dock = [this](const QString &name, const QString &title, QWidget *w,
                       Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    m_palette = new Palette;
    auto *paletteDock = dock(QStringLiteral("paletteDock"), tr("Components"), m_palette,
                             Qt::LeftDockWidgetArea);
    paletteDock->setMinimumWidth(170);
    m_inspector = new Inspector(m_doc);
    connect(m_inspector, &Inspector::sweepRequested, this,
            [this](const QString &pointer, const QString &value) {
                openSweep(pointer, value);
            });
    auto *inspectorDock = dock(QStringLiteral("inspectorDock"), tr("Inspector"), m_inspector,
                               Qt::RightDockWidgetArea);
    m_history = new QUndoView(m_doc->undoStack());
    m_history->setObjectName(QStringLiteral("history"));
    m_history->setEmptyLabel(tr("<opened>"));
    auto *historyDock = dock(QStringLiteral("historyDock"), tr("History"), m_history,
                             Qt::RightDockWidgetArea);
    tabifyDockWidget(inspectorDock, historyDock);
    inspectorDock->raise();
    m_problems = new ProblemsPanel(m_analyzer);
    auto *problemsDock = dock(QStringLiteral("problemsDock"), tr("Problems"), m_problems,
                              Qt::BottomDockWidgetArea);
    connect(m_problems, &ProblemsPanel::countsChanged, problemsDock,
            [problemsDock](int e, int w) {
                problemsDock->setWindowTitle(e + w == 0 ? tr("Problems")
                                                        : tr("Problems (%1)").arg(e + w));
            });
    createSimulationDock();
    resizeDocks({paletteDock, inspectorDock}, {180, 340}, Qt::Horizontal);
    resizeDocks({problemsDock}, {kProblemsHeight}, Qt::Vertical);
}

void MainWindow::createActions()
{
    auto add = [this](const QString &name, const QString &text, auto slot,
                      QKeySequence key = {}, const QString &tip = {},
                      QStyle::StandardPixmap icon = QStyle::SP_CustomBase) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key);
        a->setToolTip(tip.isEmpty() ? text.split(QLatin1Char('\t')).first().remove(QLatin1Char('&'))
                                    : tip);
        a->setStatusTip(a->toolTip());
        if (icon != QStyle::SP_CustomBase)
            a->setIcon(style()->standardIcon(icon));
        connect(a, &QAction::triggered, this, slot);
        m_actions.insert(name, a);
        return a;
    };
    add(QStringLiteral("new"), tr("&New"), [this] { newFile(); }, QKeySequence::New,
        tr("New empty model"), QStyle::SP_FileIcon);
    add(QStringLiteral("open"), tr("&Open…"), [this] { open(); }, QKeySequence::Open,
        tr("Open a model (.json or .archsim)"), QStyle::SP_DialogOpenButton);
    add(QStringLiteral("openExample"), tr("Open &Example"), [this] { openExample(); }, {},
        tr("Open the bundled e-commerce example"));
    add(QStringLiteral("save"), tr("&Save"), [this] { save(); }, QKeySequence::Save,
        tr("Save the model"), QStyle::SP_DialogSaveButton);
    add(QStringLiteral("saveAs"), tr("Save &As…"), [this] { saveAs(); }, QKeySequence::SaveAs);
    add(QStringLiteral("import"), tr("&Import…"), [this] {
        auto *d = new ImportDialog(m_doc, this);
        d->setAttribute(Qt::WA_DeleteOnClose);
        // New components go right of the canvas: select what came in and show the whole.
        connect(d, &ImportDialog::applied, this, [this](const QStringList &ids) {
            if (ids.isEmpty())
                return;
            m_scene->selectIds(ids);
            m_view->fitAll();
        });
        d->open();
    }, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
        tr("Import the schema of a SQL file or a live database (PostgreSQL, MySQL, SQLite)"));
    add(QStringLiteral("exportCanvas"), tr("&Export Canvas…"), [this] { exportCanvasDialog(); },
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), tr("Export the canvas as SVG or PNG"));
    add(QStringLiteral("exportDdl"), tr("Export SQL &DDL…"), [this] {
        const QString base = m_doc->filePath().isEmpty()
                                 ? QStringLiteral("schema")
                                 : QFileInfo(m_doc->filePath()).completeBaseName();
        auto *d = new DdlDialog(m_doc->model(), base, this);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->open();
    }, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D),
        tr("Preview and save the SQL DDL of the schemas"));
    add(QStringLiteral("exportK8s"), tr("Export &Kubernetes Manifests…"),
        [this] { exportDialog(ExportKind::Kubernetes); }, {},
        tr("Write Kubernetes manifests of the model into a folder"));
    add(QStringLiteral("exportCompose"), tr("Export docker-&compose Stack…"),
        [this] { exportDialog(ExportKind::Compose); }, {},
        tr("Write a docker-compose local stack of the model into a folder"));
    add(QStringLiteral("exportRedis"), tr("Export &Redis Configuration…"),
        [this] { exportDialog(ExportKind::Redis); }, {},
        tr("Write a redis.conf per cache component into a folder"));
    add(QStringLiteral("exportReport"), tr("Export Review &Report…"),
        [this] { exportDialog(ExportKind::Report); }, {},
        tr("Write the self-contained HTML review report"));
    add(QStringLiteral("quit"), tr("&Quit"), [this] { close(); }, QKeySequence::Quit);

    QAction *undo = m_doc->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName(QStringLiteral("undo"));
    undo->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    m_actions.insert(QStringLiteral("undo"), undo);
    QAction *redo = m_doc->undoStack()->createRedoAction(this, tr("&Redo"));
    // Ctrl+Shift+Z everywhere, and the platform's own (Ctrl+Y) besides.
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    if (!redoKeys.contains(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)))
        redoKeys.prepend(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    redo->setShortcuts(redoKeys);
    redo->setObjectName(QStringLiteral("redo"));
    redo->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    m_actions.insert(QStringLiteral("redo"), redo);
    add(QStringLiteral("cut"), tr("Cu&t"), [this] { copy(); deleteSelection(); },
        QKeySequence::Cut);
    add(QStringLiteral("copy"), tr("&Copy"), [this] { copy(); }, QKeySequence::Copy);
    add(QStringLiteral("paste"), tr("&Paste"), [this] { paste(); }, QKeySequence::Paste);
    add(QStringLiteral("duplicate"), tr("D&uplicate"), [this] { duplicate(); },
        QKeySequence(Qt::CTRL | Qt::Key_D));
    add(QStringLiteral("delete"), tr("&Delete"), [this] { deleteSelection(); },
        QKeySequence::Delete, tr("Delete the selected components and links"));
    add(QStringLiteral("selectAll"), tr("Select &All"), [this] {
        const QSignalBlocker b(m_scene);
        for (QGraphicsItem *i : m_scene->items())
            if (i->flags() & QGraphicsItem::ItemIsSelectable)
                i->setSelected(true);
        selectionChanged();
    }, QKeySequence::SelectAll);
    add(QStringLiteral("find"), tr("&Find Component…"), [this] {
        m_search->setFocus();
        m_search->selectAll();
    }, QKeySequence::Find);

    add(QStringLiteral("zoomIn"), tr("Zoom &In"), [this] { m_view->zoomBy(1.25); },
        QKeySequence::ZoomIn);
    add(QStringLiteral("zoomOut"), tr("Zoom &Out"), [this] { m_view->zoomBy(0.8); },
        QKeySequence::ZoomOut);
    add(QStringLiteral("fit"), tr("&Fit to View"), [this] { m_view->fitAll(); },
        QKeySequence(Qt::CTRL | Qt::Key_0), tr("Show the whole model"));
    add(QStringLiteral("fitSelection"), tr("Fit &Selection"), [this] { m_view->fitAll(true); },
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_0));
    add(QStringLiteral("actualSize"), tr("&Actual Size"), [this] { m_view->setZoom(1); },
        QKeySequence(Qt::CTRL | Qt::Key_1));
    auto *minimap = add(QStringLiteral("minimap"), tr("&Minimap"),
                        [this](bool on) { m_view->setMinimapVisible(on); },
                        QKeySequence(Qt::CTRL | Qt::Key_M));
    minimap->setCheckable(true);
    minimap->setChecked(true);
    auto *snap = add(QStringLiteral("snap"), tr("S&nap to Grid"),
                     [](bool on) { NodeItem::setSnapping(on); });
    snap->setCheckable(true);
    snap->setChecked(true);

    add(QStringLiteral("layoutAll"), tr("&Auto-Layout"), [this] { autoLayout(false); },
        QKeySequence(Qt::CTRL | Qt::Key_L),
        tr("Arrange the whole model in call direction (Graphviz dot)"));
    add(QStringLiteral("layoutSelection"), tr("Auto-Layout &Selection"),
        [this] { autoLayout(true); }, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    const char *alignNames[] = {"alignLeft", "alignRight", "alignTop", "alignBottom",
                                "alignCenterH", "alignCenterV", "distributeH", "distributeV"};
    const QString alignTexts[] = {tr("Align &Left"), tr("Align &Right"), tr("Align &Top"),
                                  tr("Align &Bottom"), tr("Align Centres &Horizontally"),
                                  tr("Align Centres &Vertically"),
                                  tr("Distribute Hori&zontally"), tr("Distribute &Vertically")};
    for (int i = 0; i < 8; ++i)
        add(QString::fromLatin1(alignNames[i]), alignTexts[i], [this, i] { align(i); });
    add(QStringLiteral("about"), tr("&About ArchSim"), [this] {
        QMessageBox::about(this, tr("About ArchSim"),
                           tr("<h3>ArchSim %1</h3><p>Model, simulate and export backend "
                              "architectures.</p>")
                               .arg(QStringLiteral(ARCHSIM_VERSION)));
    });

    auto *tb = addToolBar(tr("Main"));
    tb->setObjectName(QStringLiteral("mainToolBar"));
    tb->setMovable(false);
    tb->setIconSize(QSize(18, 18));
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tb->addAction(action(QStringLiteral("new")));
    tb->addAction(action(QStringLiteral("open")));
    tb->addAction(action(QStringLiteral("save")));
    tb->addSeparator();
    tb->addAction(undo);
    tb->addAction(redo);
    tb->addSeparator();
    tb->addAction(action(QStringLiteral("layoutAll")));
    tb->addAction(action(QStringLiteral("fit")));
    auto *spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    tb->addWidget(spacer);
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Find component (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setFixedWidth(240);
    auto *completer = new QCompleter(new QStringListModel(this), this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_search->setCompleter(completer);
    connect(m_doc, &Document::contentChanged, this, [this, completer] {
        QStringList ids;
        for (const auto &c : m_doc->model().components)
            ids << QString::fromStdString(c.id);
        static_cast<QStringListModel *>(completer->model())->setStringList(ids);
    });
    connect(m_search, &QLineEdit::returnPressed, this, &MainWindow::findComponent);
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this,
            [this] { findComponent(); });
    tb->addWidget(m_search);
    for (QAction *a : tb->actions())
        if (a->objectName() == QLatin1String("layoutAll"))
            a->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    action(QStringLiteral("fit"))->setIcon(style()->standardIcon(QStyle::SP_TitleBarMaxButton));
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("new")));
    file->addAction(action(QStringLiteral("open")));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(action(QStringLiteral("openExample")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("save")));
    file->addAction(action(QStringLiteral("saveAs")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("import")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("exportCanvas")));
    file->addAction(action(QStringLiteral("exportDdl")));
    for (const char *n : {"exportK8s", "exportCompose", "exportRedis", "exportReport"})
        file->addAction(action(QString::fromLatin1(n)));
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));
    rebuildRecentMenu();

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    for (const char *n : {"undo", "redo", "", "cut", "copy", "paste", "duplicate", "delete", "",
                          "selectAll", "find"}) {
        if (!*n)
            edit->addSeparator();
        else
            edit->addAction(action(QString::fromLatin1(n)));
    }

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (const char *n : {"zoomIn", "zoomOut", "fit", "fitSelection", "actualSize", "",
                          "minimap", "snap"}) {
        if (!*n)
            m_viewMenu->addSeparator();
        else
            m_viewMenu->addAction(action(QString::fromLatin1(n)));
    }
    m_viewMenu->addSeparator();
    QMenu *theme = m_viewMenu->addMenu(tr("&Theme"));
    auto *group = new QActionGroup(this);
    const int current = QSettings().value(QStringLiteral("theme"), 0).toInt();
    const QString names[] = {tr("Follow &System"), tr("&Light"), tr("&Dark")};
    for (int i = 0; i < 3; ++i) {
        QAction *a = theme->addAction(names[i]);
        a->setCheckable(true);
        a->setChecked(i == current);
        a->setObjectName(QStringLiteral("theme%1").arg(i));
        group->addAction(a);
        connect(a, &QAction::triggered, this,
                [this, i] { setTheme(style::ThemeMode(i)); });
    }
    m_viewMenu->addSeparator();
    for (QDockWidget *d : findChildren<QDockWidget *>())
        m_viewMenu->addAction(d->toggleViewAction());

    QMenu *arrange = menuBar()->addMenu(tr("&Arrange"));
    arrange->addAction(action(QStringLiteral("layoutAll")));
    arrange->addAction(action(QStringLiteral("layoutSelection")));
    arrange->addSeparator();
    for (const char *n : {"alignLeft", "alignRight", "alignTop", "alignBottom", "alignCenterH",
                          "alignCenterV", "", "distributeH", "distributeV"}) {
        if (!*n)
            arrange->addSeparator();
        else
            arrange->addAction(action(QString::fromLatin1(n)));
    }
    createSimulationMenu();
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(QStringLiteral("about")));
}

void MainWindow::updateTitle()
{
    setWindowTitle(QStringLiteral("%1[*] — ArchSim").arg(m_doc->displayName()));
    setWindowModified(m_doc->isModified());
}

void MainWindow::selectionChanged()
{
    const QStringList cs = m_scene->selectedComponents();
    const QStringList ls = m_scene->selectedLinks();
    if (cs.size() == 1 && ls.isEmpty())
        m_inspector->showComponent(cs.first());
    else if (ls.size() == 1 && cs.isEmpty())
        m_inspector->showLink(ls.first());
    else if (cs.isEmpty() && ls.isEmpty())
        m_inspector->showModel();
    else
        m_inspector->showMany(int(cs.size()), int(ls.size()));
    showEstimate();
    const bool any = !cs.isEmpty() || !ls.isEmpty();
    for (const char *n : {"cut", "copy", "duplicate", "delete"})
        action(QString::fromLatin1(n))->setEnabled(any);
    action(QStringLiteral("layoutSelection"))->setEnabled(cs.size() > 1);
    for (const char *n : {"alignLeft", "alignRight", "alignTop", "alignBottom", "alignCenterH",
                          "alignCenterV"})
        action(QString::fromLatin1(n))->setEnabled(cs.size() > 1);
    action(QStringLiteral("distributeH"))->setEnabled(cs.size() > 2);
    action(QStringLiteral("distributeV"))->setEnabled(cs.size() > 2);
}

void MainWindow::showEstimate()
{
    m_inspector->setEstimate(m_inspector->currentComponent().isEmpty()
                                 ? QString()
                                 : m_analyzer->describe(m_inspector->currentComponent()));
    m_scene->setUtilization(m_analyzer->estimateOfStations());
}

void MainWindow::showTarget(const QString &kind, const QString &target, const QString &place)
{
    // "/components/3/replicas": the field the finding is about (issue #17).
    const QStringList parts = place.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const QString field = parts.size() >= 3 ? parts[2] : QString();
    if (kind == QLatin1String("component")) {
        m_tabs->setCurrentWidget(m_view);
        m_view->focusComponent(target);
        m_inspector->focusField(field);
    } else if (kind == QLatin1String("link")) {
        m_tabs->setCurrentWidget(m_view);
        m_scene->selectIds({}, {target});
        if (LinkItem *l = m_scene->linkItem(target))
            m_view->centerOn(l);
        m_inspector->focusField(field);
    } else if (kind == QLatin1String("scenario")) {
        m_tabs->setCurrentWidget(m_scenarioEditor);
        m_scenarioEditor->selectScenario(target.toStdString());
    } else if (kind == QLatin1String("table") || kind == QLatin1String("schema")) {
        m_tabs->setCurrentWidget(m_schema);
        const int dot = int(target.indexOf(QLatin1Char('.')));
        m_schema->showTable(dot < 0 ? target : target.left(dot),
                            dot < 0 ? QString() : target.mid(dot + 1));
        // "/schemas/0/tables/3/foreign_keys/1": that row of the table's part (issue #17).
        bool isRow = false;
        const int row = parts.size() >= 6 ? parts[5].toInt(&isRow) : -1;
        if (isRow && parts[2] == QLatin1String("tables"))
            m_schema->focusPart(parts[4], row);
    }
}

void MainWindow::setTheme(style::ThemeMode mode)
{
    QSettings().setValue(QStringLiteral("theme"), int(mode));
    style::applyTheme(mode);
    m_view->resetCachedContent();
    m_scene->update();
    m_schema->themeChanged();
}

void MainWindow::changeEvent(QEvent *e)
{
    // Follow the desktop when it switches between light and dark while we run.
    if (e->type() == QEvent::ThemeChange
        && QSettings().value(QStringLiteral("theme"), 0).toInt() == 0)
        QTimer::singleShot(0, this, [this] { setTheme(style::ThemeMode::System); });
    QMainWindow::changeEvent(e);
}

void MainWindow::restoreSettings()
{
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1440, 900);
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    const bool minimap = s.value(QStringLiteral("view/minimap"), true).toBool();
    action(QStringLiteral("minimap"))->setChecked(minimap);
    m_view->setMinimapVisible(minimap);
    const bool snap = s.value(QStringLiteral("view/snap"), true).toBool();
    action(QStringLiteral("snap"))->setChecked(snap);
    NodeItem::setSnapping(snap);
}

void MainWindow::closeEvent(QCloseEvent *e)
{
    if (!maybeSave()) {
        e->ignore();
        return;
    }
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("view/minimap"), action(QStringLiteral("minimap"))->isChecked());
    s.setValue(QStringLiteral("view/snap"), action(QStringLiteral("snap"))->isChecked());
    m_recovery->discard();
    e->accept();
}

} // namespace archsim::gui
