// Issue #17 bug 5: deleting a component takes the scenario events and overrides, suppressions
// and cache invalidations that name it along in the same undo step and says so (also when a
// schema loses its last database); a problem about a scenario navigates to it; the simulation
// dock stops saying the model was refused once an edit (or undo) changed it.

#include "analysis.h"
#include "document.h"
#include "guifixture.h"
#include "mainwindow.h"
#include "scenarioeditor.h"
#include "simdock.h"
#include "simulationcontroller.h"

#include "archsim/model/validate.h"

#include <QDoubleSpinBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QUndoStack>
#include <QtTest>

using namespace archsim::gui;
using namespace archsim::model;

namespace {

QString example()
{
    return QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
}

// Returns every reference of the model to `id` outside the component and its own links.
QStringList referencesTo(const Model &m, const std::string &id)
{
    QStringList out;
    for (const auto &s : m.scenarios) {
        for (const auto &e : s.events)
            if (e.target == id)
                out << QString::fromStdString("event of " + s.id);
        for (const auto &o : s.overrides)
            if (o.target == id)
                out << QString::fromStdString("override of " + s.id);
    }
    for (const auto &s : m.suppress)
        if (s.target == id)
            out << QStringLiteral("suppression");
    for (const auto &l : m.links)
        for (const auto &c : l.invalidates)
            if (c == id)
                out << QString::fromStdString("invalidation of " + l.id);
    return out;
}

} // namespace

class TstDeleteReferences : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_deletereferences"); }

    void deletingTakesItsReferencesAlong_data()
    {
        QTest::addColumn<QStringList>("ids");
        QTest::addColumn<QString>("said"); // a phrase the consequences must contain
        QTest::newRow("cache: events, overrides, invalidations")
            << QStringList{"redis"} << "event(s) of scenario cache-flush";
        QTest::newRow("external: suppression")
            << QStringList{"payment-gateway"} << "suppression";
        QTest::newRow("both databases: the schema loses its database")
            << QStringList{"shop-db", "shop-db-replica"} << "schema shop";
    }

    void deletingTakesItsReferencesAlong()
    {
        QFETCH(QStringList, ids);
        QFETCH(QString, said);
        auto w = shownMainWindow(1200, 800);
        QVERIFY(w->openFile(example()));
        Document *doc = w->document();
        const Model original = doc->model();
        for (const QString &id : ids)
            QVERIFY(!referencesTo(original, id.toStdString()).isEmpty()); // precondition
        const int index = doc->undoStack()->index();
        const QStringList also = doc->remove(ids, {});
        QCOMPARE(doc->undoStack()->index(), index + 1); // one undo step
        for (const QString &id : ids) {
            QVERIFY(!doc->component(id.toStdString()));
            QCOMPARE(referencesTo(doc->model(), id.toStdString()), QStringList());
        }
        QVERIFY2(also.join(QLatin1Char(';')).contains(said), qPrintable(also.join(';')));
        // Nothing is left pointing at what went. A job that read a deleted database is left
        // without a source: a problem the user is shown about the job, not a dangling id.
        for (const auto &d : validate(doc->model())) {
            if (d.severity != Diagnostic::Severity::Error)
                continue;
            const bool jobWithoutSource = d.message.find("a job needs a source")
                                          != std::string::npos;
            QVERIFY2(jobWithoutSource && ids.contains(QStringLiteral("shop-db")),
                     d.format().c_str());
            for (const QString &id : ids)
                QVERIFY2(d.message.find("'" + id.toStdString() + "'") == std::string::npos,
                         d.format().c_str());
        }
        doc->undoStack()->undo();
        QCOMPARE(doc->model(), original);
        doc->undoStack()->redo();
        for (const QString &id : ids)
            QCOMPARE(referencesTo(doc->model(), id.toStdString()), QStringList());
    }

    // A problem inside a scenario names the scenario, and activating it opens the scenario.
    void scenarioProblemNavigates()
    {
        auto w = shownMainWindow(1200, 800);
        QVERIFY(w->openFile(example()));
        Document *doc = w->document();
        Scenario s = doc->model().scenarios.front();
        QVERIFY(!s.events.empty());
        s.events.front().target = "nowhere";
        doc->rawSetScenario(s.id, 0, s);
        w->analyzer()->runNow();
        QVERIFY(QTest::qWaitFor([&] { return !w->analyzer()->isBusy(); }, 10000));
        bool found = false;
        for (const Problem &p : w->analyzer()->problems()) {
            if (!p.place.startsWith(QStringLiteral("/scenarios/")))
                continue;
            found = true;
            QCOMPARE(p.targetKind, QStringLiteral("scenario"));
            QCOMPARE(p.target, QString::fromStdString(s.id));
        }
        QVERIFY(found);
        w->showTarget(QStringLiteral("scenario"), QString::fromStdString(s.id));
        QCOMPARE(w->centralTabs()->currentWidget(), w->scenarioEditor());
        QCOMPARE(w->scenarioEditor()->currentScenario(), s.id);
    }

    // The dock's "refused" is about the model as it was: undo repairs it, the text goes.
    void refusalForgottenAfterUndo()
    {
        auto w = shownMainWindow(1200, 800);
        QVERIFY(w->openFile(example()));
        Document *doc = w->document();
        Component c = *doc->component("order-svc");
        c.workers = 0; // refused by the simulator's validation
        doc->editComponent("order-svc", c, QStringLiteral("workers"));
        SimDock *dock = w->simDock();
        dock->setScenario(QString());
        dock->durationBox()->setValue(5);
        QSignalSpy finished(dock->controller(), &SimulationController::finished);
        QVERIFY(dock->run());
        QVERIFY(finished.wait(30000));
        QVERIFY(!finished.first().at(0).toBool());
        QVERIFY(dock->statusLabel()->text().contains(QStringLiteral("refused the model")));
        doc->undoStack()->undo();
        QVERIFY2(!dock->statusLabel()->text().contains(QStringLiteral("refused the model")),
                 qPrintable(dock->statusLabel()->text()));
    }
};

QTEST_MAIN(TstDeleteReferences)
#include "tst_deletereferences.moc"
