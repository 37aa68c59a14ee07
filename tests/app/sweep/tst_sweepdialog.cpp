// Simulate > Sweep...: a spec run on a worker thread with progress and cancel, the scatter of
// cost against the goal's figure with the Pareto front and the cheapest feasible point, a
// point's figures, and Apply as one undo step.

#include "guifixture.h"

#include "document.h"
#include "inspector.h"
#include "sweepdialog.h"

#include "archsim/model/io.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTimer>
#include <QLineSeries>
#include <QProgressBar>
#include <QScatterSeries>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>

#include <cmath>

using namespace archsim;
using namespace archsim::gui;

namespace {

const QString kModel = QStringLiteral(ARCHSIM_SOURCE_DIR "/tests/sweep/data/mmc.json");

// Mean response time of M/M/c in ms: service + Erlang C wait, C(c, a) / (c mu - lambda).
double mmcResponseMs(int c, double lambda, double serviceMs)
{
    const double mu = 1000.0 / serviceMs, a = lambda / mu;
    double term = 1, sum = 1;
    for (int k = 1; k < c; ++k) {
        term *= a / k;
        sum += term;
    }
    const double last = term * a / c * (c / (c - a));
    const double erlangC = last / (sum + last);
    return serviceMs + 1000.0 * erlangC / (c * mu - lambda);
}

QXYSeries *series(SweepDialog *dialog, const char *name)
{
    auto *view = dialog->findChild<QChartView *>(QStringLiteral("sweepChart"));
    for (QAbstractSeries *s : view->chart()->series())
        if (s->objectName() == QLatin1String(name))
            return static_cast<QXYSeries *>(s);
    return nullptr;
}

} // namespace

class TestSweepDialog : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::unique_ptr<MainWindow> m_window;

    QString writeSpec(const QString &name, const QByteArray &json)
    {
        const QString path = m_tmp.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(json);
        return path;
    }

    SweepDialog *openDialog()
    {
        QAction *action = m_window->findChild<QAction *>(QStringLiteral("simulateSweep"));
        if (!action)
            return nullptr;
        action->trigger();
        return m_window->findChild<SweepDialog *>();
    }

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_sweepdialog"); }

    void init()
    {
        m_window = shownMainWindow(1600, 1000);
        QVERIFY(m_window->openFile(kModel));
    }

    void cleanup() { m_window.reset(); }

    // The M/M/c grid c = 2..6 at 30/s of 100 ms: c = 2, 3 are overloaded (pruned), the
    // objective mean <= 120 ms fails at c = 4 (Erlang C: 150.9 ms) and holds at c = 5
    // (111.8 ms) and 6 (103.3 ms), so #3 is the cheapest and #3, #4 the front.
    void runsASpecAndDrawsTheFront()
    {
        SweepDialog *dialog = openDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        const QString spec = writeSpec(QStringLiteral("mmc.json"), R"({
            "parameters": [{"name": "replicas", "pointer": "/components/1/replicas",
                            "range": {"from": 2, "to": 6}}],
            "run": {"duration_s": 1000, "warmup_s": 100, "replications": 3,
                    "min_replications": 3, "seed": 11},
            "objectives": [{"metric": "mean_ms", "max": 120}],
            "goal": {"kind": "pareto", "metric": "mean_ms"}})");
        QVERIFY2(dialog->loadSpec(spec), qPrintable(dialog->message()));
        QVERIFY2(dialog->run(), qPrintable(dialog->message()));
        QVERIFY(dialog->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 120000);

        QVERIFY2(dialog->result(), qPrintable(dialog->message()));
        const auto &r = *dialog->result();
        QVERIFY(!r.partial);
        QCOMPARE(r.points.size(), size_t(5));
        const char *verdicts[] = {"pruned", "pruned", "infeasible", "feasible", "feasible"};
        for (size_t i = 0; i < 5; ++i)
            QCOMPARE(QString::fromStdString(r.points[i]["verdict"].get<std::string>()),
                     QString::fromLatin1(verdicts[i]));
        QCOMPARE(dialog->cheapestIndex(), 3);
        QVERIFY(dialog->paretoIndexes() == (std::vector<size_t>{3, 4}));
        auto *progress = dialog->findChild<QProgressBar *>();
        QCOMPARE(progress->value(), progress->maximum());

        // The chart: feasible, infeasible (grey), the front in cost order, the cheapest.
        QXYSeries *feasible = series(dialog, "feasible");
        QXYSeries *infeasible = series(dialog, "infeasible");
        QXYSeries *front = series(dialog, "pareto");
        QXYSeries *cheapest = series(dialog, "cheapest");
        QVERIFY(feasible && infeasible && front && cheapest);
        QCOMPARE(feasible->count(), 2);
        QCOMPARE(infeasible->count(), 1); // the pruned points have no figure
        QCOMPARE(front->count(), 2);
        QVERIFY(front->at(0).x() < front->at(1).x());
        QCOMPARE(cheapest->count(), 1);
        QCOMPARE(cheapest->at(0), front->at(0));
        QCOMPARE(cheapest->at(0).x(), r.points[3]["cost_month"].get<double>());
        // Oracle: Erlang C; tolerance 5% (3 replications of 1000 s, about 2% standard error).
        QVERIFY(std::abs(cheapest->at(0).y() / mmcResponseMs(5, 30, 100) - 1) < 0.05);
        QVERIFY(std::abs(infeasible->at(0).y() / mmcResponseMs(4, 30, 100) - 1) < 0.05);

        // Every point is in the table, the cheapest selected with its figures.
        auto *points = dialog->findChild<QTableWidget *>(QStringLiteral("sweepPoints"));
        QCOMPARE(points->rowCount(), 5);
        QCOMPARE(points->currentRow(), 3);
        auto *figures = dialog->findChild<QTableWidget *>(QStringLiteral("sweepFigures"));
        QVERIFY(figures->rowCount() > 0);
        bool meanShown = false;
        for (int row = 0; row < figures->rowCount(); ++row)
            meanShown = meanShown || figures->item(row, 1)->text() == QLatin1String("mean_ms");
        QVERIFY(meanShown);
        QVERIFY(dialog->selectPoint(0));
        QCOMPARE(figures->rowCount(), 0); // pruned: nothing simulated

        // Apply #4 (6 replicas): one undo step changes replicas only; undo restores.
        Document *doc = m_window->document();
        const model::Model before = doc->model();
        const int steps = doc->undoStack()->count();
        QVERIFY(dialog->selectPoint(4));
        QVERIFY2(dialog->applySelected(), qPrintable(dialog->message()));
        QCOMPARE(doc->undoStack()->count(), steps + 1);
        QCOMPARE(doc->model().components[1].replicas, 6);
        model::Model expected = before;
        expected.components[1].replicas = 6;
        QVERIFY(doc->model() == expected);
        doc->undoStack()->undo();
        QVERIFY(doc->model() == before);
        doc->undoStack()->redo();
        QCOMPARE(doc->model().components[1].replicas, 6);
    }

    // Cancel stops the worker and keeps the points that finished.
    void cancelKeepsThePointsDone()
    {
        SweepDialog *dialog = openDialog();
        QVERIFY(dialog);
        dialog->addParameter(QStringLiteral("/components/1/replicas"), QStringLiteral("4..60"));
        // Long runs (3 replications of 5000 s a point), so the cancel lands mid-sweep.
        auto *duration = dialog->findChild<QDoubleSpinBox *>();
        QVERIFY(duration);
        duration->setValue(5000);
        auto *progress = dialog->findChild<QProgressBar *>();
        QVERIFY2(dialog->run(), qPrintable(dialog->message()));
        QTRY_VERIFY_WITH_TIMEOUT(progress->value() >= 1, 120000);
        dialog->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 120000);
        QVERIFY(dialog->result());
        const auto &r = *dialog->result();
        QVERIFY(r.partial);
        QVERIFY(!r.points.empty());
        QVERIFY(r.points.size() < size_t(57));
        for (const auto &p : r.points)
            QVERIFY(!p["verdict"].get<std::string>().empty());
        auto *points = dialog->findChild<QTableWidget *>(QStringLiteral("sweepPoints"));
        QCOMPARE(points->rowCount(), int(r.points.size()));
    }

    // A pointer that does not resolve is refused before anything runs, its row named.
    void badParameterIsNamedByRow()
    {
        SweepDialog *dialog = openDialog();
        QVERIFY(dialog);
        dialog->addParameter(QStringLiteral("/components/1/replicas"), QStringLiteral("1, 2"));
        dialog->addParameter(QStringLiteral("/components/7/replicas"), QStringLiteral("1"));
        QVERIFY(!dialog->run());
        QVERIFY(!dialog->isRunning());
        QVERIFY2(dialog->message().contains(QStringLiteral("Parameters row 2")),
                 qPrintable(dialog->message()));
        QVERIFY(!dialog->result());
    }

    // Values left empty take the field's current value; a list of JSON values is read.
    void parameterRowFromPointer()
    {
        SweepDialog *dialog = openDialog();
        QVERIFY(dialog);
        dialog->addParameter(QStringLiteral("/components/0/rps"));
        auto *params = dialog->findChild<QTableWidget *>(QStringLiteral("sweepParameters"));
        QCOMPARE(params->rowCount(), 1);
        QCOMPARE(params->item(0, 2)->text().toDouble(), 30.0);
        params->item(0, 2)->setText(QStringLiteral("10, 20.5, \"x\""));
        auto spec = nlohmann::json::parse(dialog->specText().toStdString());
        QVERIFY(spec["parameters"][0]["values"] == nlohmann::json::parse(R"([10, 20.5, "x"])"));
        QVERIFY(spec["parameters"][0]["pointer"] == "/components/0/rps");
        params->item(0, 2)->setText(QStringLiteral("10..40 step 10"));
        spec = nlohmann::json::parse(dialog->specText().toStdString());
        QVERIFY(spec["parameters"][0]["range"]
                == nlohmann::json::parse(R"({"from": 10, "to": 40, "step": 10})"));
    }

    // Right-click a number field of the inspector, "Sweep This...": the dialog opens with a
    // row for the field's pointer at its current value.
    void sweepThisFromTheInspector()
    {
        auto *inspector = m_window->findChild<Inspector *>();
        QVERIFY(inspector);
        inspector->showComponent(QStringLiteral("svc"));
        QCOMPARE(inspector->fieldPointer(QStringLiteral("replicas")),
                 QStringLiteral("/components/1/replicas"));
        QVERIFY(inspector->fieldPointer(QStringLiteral("id")).isEmpty()); // not a number
        QLineEdit *replicas = nullptr;
        for (auto *e : inspector->findChildren<QLineEdit *>(QStringLiteral("replicas")))
            if (e->isVisibleTo(inspector))
                replicas = e;
        QVERIFY(replicas);
        bool offered = false;
        QTimer::singleShot(0, this, [&offered] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            QAction *sweep = menu ? menu->findChild<QAction *>(QStringLiteral("sweepThis"))
                                  : nullptr;
            offered = sweep != nullptr;
            if (menu)
                menu->close();
            if (sweep)
                sweep->trigger();
        });
        emit replicas->customContextMenuRequested(QPoint(5, 5));
        QVERIFY(offered);
        auto *dialog = m_window->findChild<SweepDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        auto *params = dialog->findChild<QTableWidget *>(QStringLiteral("sweepParameters"));
        QCOMPARE(params->rowCount(), 1);
        QCOMPARE(params->item(0, 1)->text(), QStringLiteral("/components/1/replicas"));
        QCOMPARE(params->item(0, 2)->text(), QStringLiteral("1"));
    }
};

QTEST_MAIN(TestSweepDialog)
#include "tst_sweepdialog.moc"
