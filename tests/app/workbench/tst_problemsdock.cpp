// Issue #17 item 11: the problems dock shows each finding's fix in a column of its own (not
// only in a tooltip), and activating a finding focuses the inspector field it is about.

#include "analysis.h"
#include "document.h"
#include "guifixture.h"
#include "mainwindow.h"
#include "problems.h"

#include <QAction>
#include <QDockWidget>
#include <QLineEdit>
#include <QTableView>
#include <QtTest>

using namespace archsim::gui;
using namespace archsim::model;

class TstProblemsDock : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_problemsdock"); }

    void fixShownAndFieldFocused()
    {
        auto w = shownMainWindow(1400, 900);
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        Document *doc = w->document();
        auto settle = [&] {
            w->analyzer()->runNow();
            QVERIFY(QTest::qWaitFor([&] { return !w->analyzer()->isBusy(); }, 10000));
            QApplication::processEvents();
        };
        Component c = *doc->component("order-svc");
        c.replicas = 1; // a lint finding with a fix (a single point of failure)
        doc->editComponent("order-svc", c, QStringLiteral("replicas"));
        settle();
        auto *table = w->problems()->findChild<QTableView *>();
        QVERIFY(table);
        QAbstractItemModel *m = table->model();
        int fixes = 0;
        for (int r = 0; r < m->rowCount(); ++r)
            fixes += !m->index(r, ProblemModel::FixCol).data().toString().isEmpty();
        // Oracle: the analyzer's findings that carry a fix, each shown in the Fix column.
        int expected = 0;
        for (const Problem &p : w->analyzer()->problems())
            expected += !p.fix.isEmpty();
        QVERIFY(expected > 0);
        QCOMPARE(fixes, expected);

        c.workers = 0; // a validation error at /components/N/workers
        doc->editComponent("order-svc", c, QStringLiteral("workers"));
        settle();
        int workersRow = -1;
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->index(r, ProblemModel::TargetCol).data().toString() == "order-svc"
                && m->index(r, ProblemModel::MessageCol).data().toString().contains("workers"))
                workersRow = r;
        QVERIFY(workersRow >= 0);

        // Activating (Enter, double click) the finding puts the cursor in its field.
        emit table->activated(m->index(workersRow, 0));
        QApplication::processEvents();
        QWidget *focus = QApplication::focusWidget();
        QVERIFY(focus);
        QCOMPARE(focus->objectName(), QStringLiteral("workers"));
        QVERIFY(qobject_cast<QLineEdit *>(focus));
    }

    // Issue 21: the analyzer checks a copy of the model that lacked its regions and DR plan,
    // so the e-commerce example's region outages were "unknown region" errors in the Problems
    // dock (the CLI said ok) and the region-loss lint ran on no regions. Oracle: the findings
    // of the document's whole model, found in one go.
    void analyzerSeesRegionsAndDrPlan()
    {
        auto w = shownMainWindow(1400, 900);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        QVERIFY(!w->document()->model().regions.empty());
        w->analyzer()->runNow();
        QVERIFY(QTest::qWaitFor([&] { return !w->analyzer()->isBusy(); }, 10000));
        const std::vector<Problem> expected = findProblems(w->document()->model());
        for (const Problem &p : w->analyzer()->problems())
            QVERIFY2(!p.message.contains(QStringLiteral("region")) || p.rule != "validate",
                     qPrintable(p.message));
        QStringList got, want;
        for (const Problem &p : w->analyzer()->problems())
            got << p.rule + ": " + p.message;
        for (const Problem &p : expected)
            want << p.rule + ": " + p.message;
        got.sort();
        want.sort();
        QCOMPARE(got, want);
    }

    // Item 12 (part): with no findings the list hides and the summary line stays at the top.
    void emptyListHidden()
    {
        auto w = shownMainWindow(1400, 900);
        auto settle = [&] {
            w->analyzer()->runNow();
            QVERIFY(QTest::qWaitFor([&] { return !w->analyzer()->isBusy(); }, 10000));
            QApplication::processEvents();
        };
        w->action(QStringLiteral("new"))->trigger(); // an empty model: nothing to say
        settle();
        QVERIFY(w->problems()->isEmpty());
        QVERIFY(w->problems()->table()->isHidden());
        // A lone service with no client gets findings.
        w->document()->addComponent(ComponentKind::Service, QPointF(0, 0));
        settle();
        QVERIFY(!w->problems()->isEmpty());
        QVERIFY(!w->problems()->table()->isHidden());
    }
};

QTEST_MAIN(TstProblemsDock)
#include "tst_problemsdock.moc"
