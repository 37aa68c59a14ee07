// The inspector as a user meets it (issue #17). Item 9: Ctrl+Z / Ctrl+Shift+Z work while the
// focus is in an inspector field, and undo (redo) the document's edit that field committed,
// not the field's own text history. Item 13: a long name elides in the heading, whole in its
// tooltip, and brings no horizontal scroll bar.

#include "canvasscene.h"
#include "document.h"
#include "guifixture.h"
#include "inspector.h"
#include "mainwindow.h"

#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QUndoStack>
#include <QtTest>

using namespace archsim::gui;
using namespace archsim::model;

class TstInspector : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_inspector"); }

    void undoRedoKeysWorkInAnInspectorField()
    {
        auto w = shownMainWindow(1400, 900);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        Document *doc = w->document();
        w->scene()->selectIds({QStringLiteral("order-svc")});
        QLineEdit *edit = nullptr;
        for (QLineEdit *e : w->inspector()->findChildren<QLineEdit *>(QStringLiteral("replicas")))
            if (e->isVisibleTo(w->inspector()))
                edit = e;
        QVERIFY(edit);
        const int before = doc->component("order-svc")->replicas;
        QVERIFY(before != 7);
        const int index = doc->undoStack()->index();
        edit->setFocus();
        QTRY_VERIFY(edit->hasFocus());
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("7")); // typed: committed at once
        QCOMPARE(doc->component("order-svc")->replicas, 7);
        QVERIFY(doc->undoStack()->index() > index);

        QTest::keyClick(edit, Qt::Key_Z, Qt::ControlModifier);
        // The edit is undone on the document (not a new edit typing the old text back).
        QTRY_COMPARE(doc->undoStack()->index(), index);
        QCOMPARE(doc->component("order-svc")->replicas, before);
        QTRY_COMPARE(edit->text(), QString::number(before));

        QTest::keyClick(edit, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(doc->component("order-svc")->replicas, 7);
        QVERIFY(doc->undoStack()->index() > index);
        QTRY_COMPARE(edit->text(), QStringLiteral("7"));
    }

    void longNameElidesWithoutScrollBar()
    {
        auto w = shownMainWindow(1400, 900);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        Document *doc = w->document();
        const std::string longId =
            "order-service-for-the-european-marketplace-checkout-and-returns-v2";
        Component c = *doc->component("order-svc");
        c.id = longId;
        c.name.clear();
        doc->editComponent("order-svc", c, QStringLiteral("id"));
        w->scene()->selectIds({QString::fromStdString(longId)});
        QApplication::processEvents();
        auto *title = w->inspector()->findChild<QLabel *>(QStringLiteral("inspectorTitle"));
        QVERIFY(title);
        QVERIFY2(title->toolTip().contains(QString::fromStdString(longId)),
                 qPrintable(title->toolTip()));
        QVERIFY(!title->text().contains(QString::fromStdString(longId))); // elided
        QVERIFY(title->text().contains(QChar(0x2026)));
        QVERIFY(!w->inspector()->horizontalScrollBar()->isVisible());
        // The heading fits in the inspector's viewport.
        QVERIFY(title->width() <= w->inspector()->viewport()->width());
    }
};

QTEST_MAIN(TstInspector)
#include "tst_inspector.moc"
