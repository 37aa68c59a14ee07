#pragma once

// Folder workbench/ (target archsim_gui_workbench): the application window that composes the
// features. The main window (this file, with its edit, file, simulation and trainer parts in
// mainwindow_*.cpp), the problems dock (problems.h) and autosave with crash recovery
// (recovery.h). It links every folder; no folder links it.
//
// The main window of the workbench: canvas in the centre (with the schema editor as a second
// tab), palette on the left, inspector and history on the right, problems at the bottom. The
// bottom/right dock areas leave room for the simulation dock (issue #10).

#include "style.h"

#include <QPointer>
#include <QMainWindow>
#include <QMessageBox>

#include "archsim/model/types.h"

#include <functional>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QTabWidget;
class QUndoView;

namespace archsim::gui {

class Analyzer;
class CanvasScene;
class CanvasView;
class Document;
class Inspector;
class Palette;
class ProblemsPanel;
class Recovery;
class ScenarioEditor;
class SchemaEditor;
class SimCanvasOverlay;
class SimCharts;
class SimDock;
class SweepDialog;
class TrainerSession;
class TrainerView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a model file; on failure shows an error dialog (non-modal) naming the file and
    // place, keeps the current model, and returns false with `error` set.
    bool openFile(const QString &path, QString *error = nullptr);
    // Saves to `path` (format from the extension); returns false and shows an error on failure.
    bool saveTo(const QString &path, QString *error = nullptr);
    // Opens the bundled e-commerce example.
    void openExample(const QString &name = QStringLiteral("ecommerce"));
    // Offers to recover sessions that crashed; returns true if one was recovered.
    bool offerRecovery();
    // Asks whether to save unsaved changes; returns false if the user cancelled.
    bool maybeSave();
    // Replaces the question asked by maybeSave() (tests answer it without a dialog).
    void setSavePrompt(std::function<QMessageBox::StandardButton()> prompt);

    Document *document() const { return m_doc; }
    // Opens Simulate > Sweep... (one dialog per window), with a parameter row for `pointer`
    // and `value` (empty: the field's value in the model) when given; returns the dialog.
    SweepDialog *openSweep(const QString &pointer = {}, const QString &value = {});
    CanvasScene *scene() const { return m_scene; }
    CanvasView *view() const { return m_view; }
    Palette *palette() const { return m_palette; }
    Inspector *inspector() const { return m_inspector; }
    ProblemsPanel *problems() const { return m_problems; }
    SchemaEditor *schemaEditor() const { return m_schema; }
    Recovery *recovery() const { return m_recovery; }
    Analyzer *analyzer() const { return m_analyzer; }
    QTabWidget *centralTabs() const { return m_tabs; }
    SimDock *simDock() const { return m_simDock; }
    QAction *action(const QString &name) const;
    QStringList recentFiles() const;

    // Exports the canvas; the format comes from the extension (.svg, .png).
    bool exportCanvas(const QString &path, QString *error = nullptr);
    // --- Deployment and report exports (mainwindow_export.cpp) ---
    enum class ExportKind { Kubernetes, Compose, Redis, Report };
    // What an export wrote: absolute file paths, the exporter's warnings, or what stopped it.
    struct ExportOutcome {
        QString path; // the folder (the report: the file) written to
        QStringList files;
        QStringList warnings;
        QString error; // empty on success
    };
    // Runs the exporter archsim-cli uses for `kind` on `model` and writes into the folder
    // `path` (the report: the file); the report includes the runs stored in `projectFile`
    // when it is a .archsim project. Touches no widget: runs on a worker thread.
    static ExportOutcome runExport(ExportKind kind, const model::Model &model,
                                   const QString &path, const QString &projectFile);
    // Exports to `path` from now on instead of asking for a folder or file (tests, scripted
    // use); an empty path asks again.
    void setExportPath(const QString &path);
    // Lays out the whole model (or the selection) with Graphviz dot as one undo step.
    // Big graphs run on a worker thread; `wait` blocks until done (tests, benchmarks).
    void autoLayout(bool selectionOnly, bool wait = false);
    // Shows a problem's target: selects and centres a component or link, opens a table or
    // schema in the schema editor, a scenario in the scenario editor. With the problem's JSON
    // pointer `place` ("/components/3/replicas"), the inspector's field gets the focus; with
    // a table's part ("/schemas/0/tables/2/foreign_keys/1"), that row of the schema editor.
    void showTarget(const QString &kind, const QString &target, const QString &place = {});

    // --- Scenarios and trainer mode (mainwindow_trainer.cpp) ---
    // A built-in demo: a scenario of the bundled e-commerce example and its menu title.
    struct Demo {
        QString id;
        QString title;
    };
    static const std::vector<Demo> &builtInDemos();
    // Simulates scenario `id` of the current model and shows it on the trainer page, paused
    // at 0 s; false with `error` set when there is no such scenario.
    bool playScenario(const QString &id, QString *error = nullptr);
    // Opens the e-commerce example (after asking to save) and plays its scenario `id`.
    bool openDemo(const QString &id);
    // Enters or leaves the presentation layout: the trainer page alone, full screen, docks,
    // bars and tabs hidden, large type. F11 toggles, Esc leaves.
    void setPresentation(bool on);
    bool isPresenting() const { return m_presenting; }
    ScenarioEditor *scenarioEditor() const { return m_scenarioEditor; }
    TrainerView *trainer() const { return m_trainer; }
    TrainerSession *trainerSession() const { return m_session; }
    CanvasView *trainerCanvas() const { return m_trainerCanvas; }

signals:
    // An export finished (the outcome dialog is open): the files written, warnings, error.
    void exportFinished(const QStringList &files, const QStringList &warnings,
                        const QString &error);

protected:
    void closeEvent(QCloseEvent *e) override;
    void dragEnterEvent(QDragEnterEvent *e) override;
    void dropEvent(QDropEvent *e) override;
    void changeEvent(QEvent *e) override;
    bool eventFilter(QObject *watched, QEvent *e) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void createSimulationDock(); // mainwindow_sim.cpp
    void createSimulationMenu();
    // Gives the raised dock of the bottom area (problems or simulation) the height it needs.
    void fitBottomDock(QDockWidget *dock);
    void updateTitle();
    void selectionChanged();
    void showEstimate();
    void addRecent(const QString &path);
    void rebuildRecentMenu();
    void newFile();
    void open();
    bool save();
    bool saveAs();
    void copy();
    void paste();
    void duplicate();
    void deleteSelection();
    void align(int how);
    void findComponent();
    void exportCanvasDialog();
    void exportDialog(ExportKind kind);
    void showExportOutcome(ExportKind kind, const ExportOutcome &outcome);
    void setTheme(style::ThemeMode mode);
    void restoreSettings();
    void createTrainer();
    QWidget *createTrainerCharts();
    void clearTrainer();
    void updateCardTextSize();
    model::Scenario findScenario(const QString &id) const;
    void applyLayout(const std::vector<std::pair<std::string, QPointF>> &positions,
                     quint64 generation, const QString &text);

    Document *m_doc;
    CanvasScene *m_scene;
    CanvasView *m_view;
    QTabWidget *m_tabs;
    Palette *m_palette = nullptr;
    Inspector *m_inspector = nullptr;
    ProblemsPanel *m_problems = nullptr;
    SimDock *m_simDock = nullptr;
    // The open sweep dialog (a child), deleted when the model is replaced. A QPointer, not a
    // destroyed() handler: ~QWidget deletes it after ~MainWindow, when a handler writing
    // m_sweep would write into a destroyed MainWindow (UBSan in app_tst_sweepdialog).
    QPointer<SweepDialog> m_sweep;
    SchemaEditor *m_schema = nullptr;
    QUndoView *m_history = nullptr;
    Recovery *m_recovery;
    Analyzer *m_analyzer;
    QLineEdit *m_search = nullptr;
    QLabel *m_zoomLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QHash<QString, QAction *> m_actions;
    std::function<QMessageBox::StandardButton()> m_savePrompt;
    int m_pasteCount = 0;
    bool m_layoutRunning = false;
    ScenarioEditor *m_scenarioEditor = nullptr;
    TrainerView *m_trainer = nullptr;
    TrainerSession *m_session = nullptr;
    Document *m_trainerDoc = nullptr;     // the variant being played (overrides applied)
    CanvasScene *m_trainerScene = nullptr; // draws m_trainerDoc on the trainer page
    CanvasView *m_trainerCanvas = nullptr;
    SimCharts *m_trainerCharts = nullptr;
    SimCanvasOverlay *m_trainerOverlay = nullptr;
    QMenu *m_demoMenu = nullptr;
    QByteArray m_preState;
    bool m_preMaximized = false;
    bool m_presenting = false;
    QString m_exportPath; // set by setExportPath(): used instead of asking
    bool m_problemsWereEmpty = false; // the problems dock was last sized for an empty list
    static constexpr int kProblemsHeight = 170; // the problems dock with findings
    static constexpr int kChartHeight = 180;    // each live chart of the simulation dock
};

} // namespace archsim::gui
