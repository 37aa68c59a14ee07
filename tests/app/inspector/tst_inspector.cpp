// The inspector as a user meets it (issue #17). Item 9: Ctrl+Z / Ctrl+Shift+Z work while the
// focus is in an inspector field, and undo (redo) the document's edit that field committed,
// not the field's own text history. Item 13: a long name elides in the heading, whole in its
// tooltip, and brings no horizontal scroll bar; renaming a component offers to rename the link
// ids made of its id, in the same undo step as the rename, with the scenario events, overrides
// and suppressions that name those links.

#include "canvasscene.h"
#include "document.h"
#include "guifixture.h"
#include "inspector.h"
#include "mainwindow.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QUndoStack>
#include <QWheelEvent>
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

    // Seen under Xvfb: the model's contents read "1 schemas (6 tables)" and left views out.
    void modelContentsCountWithSingularsAndViews()
    {
        auto w = shownMainWindow(1400, 900);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        w->scene()->clearSelection();
        const Model &m = w->document()->model();
        // Oracle: the counts of the loaded model, written out by hand.
        const QString expected =
            QStringLiteral("%1 components, %2 links, 1 schema (%3 tables, 1 view), %4 scenarios")
                .arg(m.components.size())
                .arg(m.links.size())
                .arg(m.schemas.at(0).tables.size())
                .arg(m.scenarios.size());
        QCOMPARE(m.schemas.size(), size_t(1));
        QCOMPARE(m.schemas[0].views.size(), size_t(1));
        QStringList seen;
        bool found = false;
        for (QLabel *l : w->inspector()->findChildren<QLabel *>()) {
            seen << l->text();
            found = found || (l->isVisibleTo(w->inspector()) && l->text() == expected);
        }
        QVERIFY2(found, qPrintable(expected + " not among: " + seen.join(" | ")));
    }

    // The job section (issue 21): each field shows the file's value and an edit writes it back
    // as one undo step; a read link's "Read from" sets and clears the link's read_from.
    void jobFieldsRoundTrip()
    {
        auto w = shownMainWindow(1400, 900);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        Document *doc = w->document();
        QVERIFY(doc->component("orders-etl") && doc->component("orders-etl")->job);
        const JobSettings original = *doc->component("orders-etl")->job;
        w->scene()->selectIds({QStringLiteral("orders-etl")});
        QApplication::processEvents();
        auto visible = [&](const QString &name) -> QLineEdit * {
            for (QLineEdit *e : w->inspector()->findChildren<QLineEdit *>(name))
                if (e->isVisibleTo(w->inspector()))
                    return e;
            return nullptr;
        };
        // Oracle: the example's values (scripts/examples/ecommerce.py).
        QLineEdit *every = visible(QStringLiteral("job.interval_s"));
        QLineEdit *batch = visible(QStringLiteral("job.batch_size"));
        QLineEdit *rows = visible(QStringLiteral("job.rows"));
        QLineEdit *cron = visible(QStringLiteral("job.cron"));
        QVERIFY(every && batch && rows && cron);
        QCOMPARE(every->text(), QStringLiteral("900"));
        QCOMPARE(batch->text(), QStringLiteral("5000"));
        QCOMPARE(rows->text(), QStringLiteral("20000000"));
        QVERIFY(cron->text().isEmpty());
        const int index = doc->undoStack()->index();
        batch->setFocus();
        batch->selectAll();
        QTest::keyClicks(batch, QStringLiteral("2500"));
        QCOMPARE(doc->component("orders-etl")->job->batch_size, 2500);
        // A cron line replaces the interval: both edits, then the model validates again.
        every->setFocus();
        every->selectAll();
        QTest::keyClick(every, Qt::Key_Delete);
        cron->setFocus();
        QTest::keyClicks(cron, QStringLiteral("0 2 * * *"));
        QCOMPARE(doc->component("orders-etl")->job->interval_s, 0.0);
        QCOMPARE(doc->component("orders-etl")->job->cron, std::string("0 2 * * *"));
        doc->undoStack()->setIndex(index);
        QVERIFY(*doc->component("orders-etl")->job == original);

        // The job's read link: "Read from" shows the link's replica and clears it.
        w->scene()->clearSelection();
        w->scene()->selectIds({}, {QStringLiteral("orders-etl-shop-db")});
        QApplication::processEvents();
        QComboBox *from = nullptr;
        for (QComboBox *c : w->inspector()->findChildren<QComboBox *>(QStringLiteral("read_from")))
            if (c->isVisibleTo(w->inspector()))
                from = c;
        QVERIFY(from);
        QCOMPARE(from->currentText(), QStringLiteral("replica"));
        from->setCurrentIndex(0); // the database's setting, as the user picks it
        emit from->activated(0);
        QVERIFY(!doc->link("orders-etl-shop-db")->read_from.has_value());
        from->setCurrentIndex(1);
        emit from->activated(1);
        QCOMPARE(doc->link("orders-etl-shop-db")->read_from, std::optional(ReadFrom::Primary));
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

    // Types a new id into the inspector's Id field of the selected component and finishes.
    static void renameInInspector(MainWindow *w, const QString &id, const QString &to)
    {
        w->scene()->selectIds({id});
        QLineEdit *edit = nullptr;
        for (QLineEdit *e : w->inspector()->findChildren<QLineEdit *>(QStringLiteral("id")))
            if (e->isVisibleTo(w->inspector()))
                edit = e;
        QVERIFY(edit);
        edit->setFocus();
        edit->selectAll();
        QTest::keyClicks(edit, to);
        QTest::keyClick(edit, Qt::Key_Return);
    }

    void renameOffersToRenameLinks()
    {
        auto w = shownMainWindow(1400, 900);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        Document *doc = w->document();
        // A suppression and a scenario event that name a link of catalog-svc.
        Model m = doc->model();
        m.suppress.push_back({"reliability/retry-without-budget", "cdn-catalog-svc", "test"});
        Scenario cut;
        cut.id = "cut";
        ScenarioEvent e;
        e.at_s = 10;
        e.action = EventAction::Partition;
        e.target = "api-gateway-catalog-svc";
        e.for_s = 5;
        cut.events.push_back(e);
        m.scenarios.push_back(cut);
        doc->reset(m, doc->filePath());
        const Model before = doc->model();

        QStringList asked;
        w->inspector()->setRenamePrompt(
            [&](const QString &from, const QString &to, const QStringList &links) {
                asked = links;
                return from == "catalog-svc" && to == "catalog";
            });
        const int index = doc->undoStack()->index();
        renameInInspector(w.get(), QStringLiteral("catalog-svc"), QStringLiteral("catalog"));
        QVERIFY(doc->component("catalog"));
        // Oracle: the links touching catalog-svc whose id holds it as a whole part.
        const QStringList expected{
            QStringLiteral("cdn-catalog-svc \u2192 cdn-catalog"),
            QStringLiteral("api-gateway-catalog-svc \u2192 api-gateway-catalog"),
            QStringLiteral("catalog-svc-redis \u2192 catalog-redis"),
            QStringLiteral("catalog-svc-redis-inventory \u2192 catalog-redis-inventory")};
        QCOMPARE(asked, expected);
        for (const char *id : {"cdn-catalog", "api-gateway-catalog", "catalog-redis",
                               "catalog-redis-inventory"})
            QVERIFY2(doc->link(id), id);
        QVERIFY(!doc->link("api-gateway-catalog-svc"));
        QCOMPARE(doc->link("cdn-catalog")->to, std::string("catalog"));
        auto scenario = [&](const std::string &id) -> const Scenario & {
            for (const Scenario &s : doc->model().scenarios)
                if (s.id == id)
                    return s;
            static const Scenario none;
            return none;
        };
        QCOMPARE(scenario("cut").events[0].target, std::string("api-gateway-catalog"));
        // The example's retry-storm overrides name the gateway's link to the catalog.
        const auto &overrides = scenario("retry-storm-immediate").overrides;
        QVERIFY(std::any_of(overrides.begin(), overrides.end(), [](const auto &o) {
            return o.target == "api-gateway-catalog";
        }));
        QCOMPARE(doc->model().suppress.back().target, std::string("cdn-catalog"));

        // One undo step takes all of it back; redo does it again.
        QCOMPARE(doc->undoStack()->index(), index + 1);
        doc->undoStack()->undo();
        QVERIFY(doc->model() == before);
        doc->undoStack()->redo();
        QVERIFY(doc->link("api-gateway-catalog"));
        QCOMPARE(scenario("cut").events[0].target, std::string("api-gateway-catalog"));

        // Declined: the component alone is renamed; its links keep their ids.
        doc->undoStack()->undo();
        w->inspector()->setRenamePrompt([](const QString &, const QString &,
                                           const QStringList &) { return false; });
        renameInInspector(w.get(), QStringLiteral("catalog-svc"), QStringLiteral("catalog"));
        QVERIFY(doc->component("catalog"));
        QVERIFY(doc->link("api-gateway-catalog-svc"));
        QCOMPARE(doc->link("api-gateway-catalog-svc")->to, std::string("catalog"));
    }

    // Returns the inspector's visible line edit of `field`, or nullptr.
    static QLineEdit *visibleField(MainWindow *w, const QString &field)
    {
        for (QLineEdit *e : w->inspector()->findChildren<QLineEdit *>(field))
            if (e->isVisibleTo(w->inspector()))
                return e;
        return nullptr;
    }

    // Issue 18: a consume link's consumer count of 0 means "replicas x workers of the
    // consumer"; the inspector showed "0", which reads as no consumers at all. A queue's
    // max length of 0 (unbounded) likewise. Both show the meaning as a placeholder, and an
    // emptied field writes the default back.
    void defaultCountsShowTheirMeaning()
    {
        auto w = shownMainWindow(1400, 900);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        Document *doc = w->document();
        const std::string linkId = "fulfilment-tracker-order-events";
        QVERIFY(doc->link(linkId) && doc->link(linkId)->consume);
        QCOMPARE(doc->link(linkId)->consume->consumers, 0);
        w->scene()->selectIds({}, {QString::fromStdString(linkId)});
        QApplication::processEvents();
        QLineEdit *consumers = visibleField(w.get(), QStringLiteral("consume.consumers"));
        QVERIFY(consumers);
        QCOMPARE(consumers->text(), QString());
        QVERIFY(consumers->placeholderText().contains(QStringLiteral("workers")));
        consumers->setFocus();
        QTest::keyClicks(consumers, QStringLiteral("6"));
        QCOMPARE(doc->link(linkId)->consume->consumers, 6);
        QTest::keyClick(consumers, Qt::Key_Backspace);
        QCOMPARE(doc->link(linkId)->consume->consumers, 0);
        auto *error =
            w->inspector()->findChild<QLabel *>(QStringLiteral("consume.consumers-error"));
        QVERIFY(error);
        QVERIFY(!error->isVisible());

        // order-queue has no queue settings: max length 0, unbounded.
        w->scene()->selectIds({QStringLiteral("order-queue")});
        QApplication::processEvents();
        QLineEdit *maxLength = visibleField(w.get(), QStringLiteral("queue.max_length"));
        QVERIFY(maxLength);
        QCOMPARE(maxLength->text(), QString());
        QCOMPARE(maxLength->placeholderText(), QStringLiteral("unbounded"));
        maxLength->setFocus();
        QTest::keyClicks(maxLength, QStringLiteral("100"));
        QCOMPARE(doc->component("order-queue")->queue->max_length, 100);
    }

    // Under Xvfb: a stream's long page scrolled to its end, then Escape (nothing selected):
    // the model page showed blank, its scroll range that of the stream's page, because the
    // hidden pages still set the form's height.
    void shortPageHasNoScrollRangeOfTheLongOne()
    {
        auto w = shownMainWindow(1400, 900);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        QScrollBar *bar = w->inspector()->verticalScrollBar();
        w->scene()->selectIds({QStringLiteral("order-events")});
        QApplication::processEvents();
        QTRY_VERIFY(bar->maximum() > 0); // the stream's page is longer than the dock
        bar->setValue(bar->maximum());
        w->scene()->selectIds({});
        QApplication::processEvents();
        // The model page (name, description, zones, contents) fits the dock.
        QTRY_COMPARE(bar->maximum(), 0);
        QCOMPARE(bar->value(), 0);
    }

    // Under Xvfb: scrolling the inspector with the mouse wheel over a consume link's fields
    // changed its dead-letter target (a wheel over a combo box picks the next item) and put
    // "Edit consume.dead_letter" on the undo stack. A combo box without the focus leaves the
    // wheel to the inspector's scroll bar (seen scrolling under Xvfb, not checked here).
    void wheelOverAnUnfocusedChoiceEditsNothing()
    {
        auto w = shownMainWindow(1400, 900);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        Document *doc = w->document();
        const std::string linkId = "fulfilment-tracker-order-events";
        const std::string before = doc->link(linkId)->consume->dead_letter;
        w->scene()->selectIds({}, {QString::fromStdString(linkId)});
        QApplication::processEvents();
        QComboBox *combo = nullptr;
        for (QComboBox *c : w->inspector()->findChildren<QComboBox *>(
                 QStringLiteral("consume.dead_letter")))
            if (c->isVisibleTo(w->inspector()))
                combo = c;
        QVERIFY(combo);
        QVERIFY(!combo->hasFocus());
        const int index = doc->undoStack()->index();
        const QPointF at(combo->width() / 2.0, combo->height() / 2.0);
        for (int delta : {-120, 120, -120}) {
            QWheelEvent wheel(at, combo->mapToGlobal(at), QPoint(), QPoint(0, delta),
                              Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(combo, &wheel);
        }
        QApplication::processEvents();
        QCOMPARE(doc->link(linkId)->consume->dead_letter, before);
        QCOMPARE(doc->undoStack()->index(), index);
    }
};

QTEST_MAIN(TstInspector)
#include "tst_inspector.moc"
