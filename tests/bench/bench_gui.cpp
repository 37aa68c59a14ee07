// Workbench benchmarks on a generated model of 2,000 components and 5,000 tables:
//   time until the window is usable (model set, scene built, first paint), selecting a node +
//   editing a property + the analytic estimate shown for it, and auto-layout of every component.
// Run: QT_QPA_PLATFORM=offscreen ./build-release/tests/bench/bench_gui

#include "analysis.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "inspector.h"
#include "nodeitem.h"
#include "mainwindow.h"
#include "style.h"

#include "archsim/model/generator.h"
#include "archsim/model/io.h"

#include <QApplication>
#include <QUndoStack>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <ctime>

using namespace archsim::gui;
using namespace archsim::model;

namespace {

const Model &bigModel()
{
    static const Model m = [] {
        GeneratorOptions o;
        o.components = 2000;
        o.tables = 5000;
        o.columnsPerTable = 12;
        o.schemas = 10;
        o.exerciseEverything = false;
        return generateModel(42, o);
    }();
    return m;
}

const QString &bigFile()
{
    static QTemporaryDir dir;
    static const QString path = [] {
        const QString p = dir.filePath(QStringLiteral("big.archsim"));
        if (!saveModel(bigModel(), p.toStdString()).ok())
            std::abort();
        return p;
    }();
    return path;
}

double threadCpuMs()
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

void processUntil(const std::function<bool()> &done)
{
    while (!done())
        QApplication::processEvents(QEventLoop::AllEvents, 5);
}

// Open the file and paint the window once: what the user waits for.
void BM_OpenToUsableWindow(benchmark::State &state)
{
    const QString path = bigFile();
    for (auto _ : state) {
        MainWindow w;
        w.setSavePrompt([] { return QMessageBox::Discard; });
        w.resize(1600, 1000);
        w.show();
        if (!w.openFile(path))
            state.SkipWithError("open failed");
        QApplication::processEvents(); // the fit-to-view queued by the reset
        w.grab();                      // a full paint of the window
        state.PauseTiming();
        w.setSavePrompt([] { return QMessageBox::Discard; });
        state.ResumeTiming();
    }
    state.counters["components"] = double(bigModel().components.size());
}

// Select a service, type a new worker count into the inspector, wait until the estimate
// shown in the inspector changes.
void BM_SelectEditEstimate(benchmark::State &state)
{
    MainWindow w;
    w.setSavePrompt([] { return QMessageBox::Discard; });
    w.resize(1600, 1000);
    w.show();
    w.document()->reset(bigModel());
    processUntil([&] { return !w.analyzer()->isBusy(); });
    std::vector<QString> services;
    for (const auto &c : w.document()->model().components)
        if (c.kind == ComponentKind::Service)
            services.push_back(QString::fromStdString(c.id));
    auto *label = w.inspector()->findChild<QLabel *>(QStringLiteral("estimate"));
    if (qEnvironmentVariableIsSet("BENCH_GUI_NO_MINIMAP"))
        w.view()->setMinimapVisible(false);
    int n = 0;
    for (auto _ : state) {
        const double tSel = threadCpuMs();
        const QString id = services[size_t(n++) % services.size()];
        // An architect edits at a readable zoom around the node, not with 2,000 nodes on screen.
        w.view()->focusComponent(id);
        w.view()->setZoom(1.0);
        w.view()->centerOn(w.scene()->node(id));
        QLineEdit *workers = nullptr;
        for (QLineEdit *e : w.inspector()->findChildren<QLineEdit *>(QStringLiteral("workers")))
            if (e->isVisibleTo(w.inspector()))
                workers = e;
        const QString before = label->text();
        const int current = w.document()->component(id.toStdString())->workers;
        const double t0 = threadCpuMs();
        workers->setText(QString::number(current + 1));
        emit workers->textEdited(workers->text());
        const double t1 = threadCpuMs();
        processUntil([&] { return label->text() != before && !label->text().isEmpty(); });
        if (qEnvironmentVariableIsSet("BENCH_GUI_TRACE"))
            std::fprintf(stderr, "select %.1f ms, edit %.1f ms, until estimate %.1f ms\n",
                         t0 - tSel, t1 - t0, threadCpuMs() - t1);
    }
}

void BM_AutoLayoutAll(benchmark::State &state)
{
    MainWindow w;
    w.setSavePrompt([] { return QMessageBox::Discard; });
    w.document()->reset(bigModel());
    int overlaps = 0;
    for (auto _ : state) {
        w.autoLayout(false, true);
        state.PauseTiming();
        // Quality check: no two cards may overlap (sweep over x-sorted rectangles).
        std::vector<QRectF> r;
        for (const auto &c : w.document()->model().components)
            r.emplace_back(toPoint(c.position), QSizeF(NodeItem::Width, NodeItem::Height));
        std::sort(r.begin(), r.end(), [](const QRectF &a, const QRectF &b) { return a.x() < b.x(); });
        overlaps = 0;
        for (size_t i = 0; i < r.size(); ++i)
            for (size_t j = i + 1; j < r.size() && r[j].x() < r[i].right(); ++j)
                overlaps += r[i].intersects(r[j]);
        w.document()->undoStack()->undo();
        state.ResumeTiming();
    }
    state.counters["overlaps"] = overlaps;
}

} // namespace

BENCHMARK(BM_OpenToUsableWindow)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_SelectEditEstimate)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK(BM_AutoLayoutAll)->Unit(benchmark::kMillisecond)->Iterations(2);

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen"
                                                                     : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir recovery;
    qputenv("ARCHSIM_RECOVERY_DIR", recovery.path().toUtf8());
    style::applyTheme(style::ThemeMode::Light);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
