// Renders the main window with the e-commerce example to PNG: the canvas, the schema editor,
// the problems dock, the simulation dock at the end of a run and the presentation layout
// mid-demo at 1920 x 1080. Writes to a temporary directory, or to $ARCHSIM_SCREENSHOT_DIR when
// set:
//   ARCHSIM_SCREENSHOT_DIR=docs/screenshots QT_QPA_PLATFORM=offscreen
//   ./build/tests/app_tst_screenshots

#include "analysis.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "guifixture.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "problems.h"
#include "noteoverlay.h"
#include "scenarioeditor.h"
#include "scenarioplayer.h"
#include "scenariotimeline.h"
#include "schemaeditor.h"
#include "schemamodels.h"
#include "simcanvas.h"
#include "simcharts.h"
#include "simdock.h"
#include "simulationcontroller.h"
#include "trainersession.h"
#include "trainerview.h"
#include "style.h"

#include <QDir>
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QSignalSpy>
#include <QFontDatabase>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace archsim::gui;

class TstScreenshots : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_dir;

    QString save(QWidget *w, const QString &name)
    {
        const QImage img = w->grab().toImage();
        const QString path = QDir(m_dir).filePath(name);
        if (!img.save(path))
            return {};
        return path;
    }

    // Returns the share of pixels that differ from the most common colour: a blank or
    // all-background picture scores near 0.
    static double inkRatio(const QImage &img)
    {
        QHash<QRgb, int> counts;
        for (int y = 0; y < img.height(); y += 4)
            for (int x = 0; x < img.width(); x += 4)
                ++counts[img.pixel(x, y)];
        int best = 0, total = 0;
        for (int c : counts) {
            best = std::max(best, c);
            total += c;
        }
        return total ? 1.0 - double(best) / total : 0;
    }

private slots:
    void initTestCase()
    {
        isolateGuiTest(m_tmp, "tst_screenshots");
        m_dir = qEnvironmentVariable("ARCHSIM_SCREENSHOT_DIR");
        if (m_dir.isEmpty())
            m_dir = m_tmp.path();
        QDir().mkpath(m_dir);
        qInfo() << "screenshots go to" << m_dir;
    }

    void fontsExist()
    {
        // Without fonts Qt draws boxes and says nothing; every label would be unreadable.
        QVERIFY(!QFontDatabase::families().isEmpty());
    }

    void screenshots_data()
    {
        QTest::addColumn<int>("theme");
        QTest::addColumn<QString>("suffix");
        QTest::newRow("light") << int(style::ThemeMode::Light) << QString();
        QTest::newRow("dark") << int(style::ThemeMode::Dark) << QStringLiteral("-dark");
    }

    void screenshots()
    {
        QFETCH(int, theme);
        QFETCH(QString, suffix);
        style::applyTheme(style::ThemeMode(theme));
        MainWindow w;
        w.setSavePrompt([] { return QMessageBox::Discard; });
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json")));
        QTRY_VERIFY(!w.problems()->isRunning());
        QTest::qWait(100);
        w.view()->fitAll();
        w.view()->focusComponent(QStringLiteral("order-svc"));
        w.view()->fitAll();
        QTest::qWait(50);
        const QString canvas = save(&w, QStringLiteral("workbench%1.png").arg(suffix));
        QVERIFY(!canvas.isEmpty());
        QVERIFY2(inkRatio(QImage(canvas)) > 0.05, "the window looks blank");

        w.centralTabs()->setCurrentWidget(w.schemaEditor());
        w.schemaEditor()->showTable(QStringLiteral("shop"), QStringLiteral("orders"));
        QTest::qWait(50);
        const QString schema = save(&w, QStringLiteral("schema-editor%1.png").arg(suffix));
        QVERIFY(!schema.isEmpty());
        QVERIFY(inkRatio(QImage(schema)) > 0.05);

        if (suffix.isEmpty()) {
            // A list-partitioned table with a unique constraint, made through the editor's own
            // models, with the form scrolled to its keys and partitions.
            SchemaEditor *ed = w.schemaEditor();
            const QString table = ed->addTable();
            ColumnModel *cols = ed->columns();
            const char *columns[][2] = {{"email", "varchar(320)"}, {"country", "char(2)"}};
            for (const auto &c : columns) {
                const int r = cols->addColumn();
                QVERIFY(cols->setData(cols->index(r, ColumnModel::Name), QString::fromLatin1(c[0]),
                                      Qt::EditRole));
                QVERIFY(cols->setData(cols->index(r, ColumnModel::Type), QString::fromLatin1(c[1]),
                                      Qt::EditRole));
            }
            ed->setPartitioning(QStringLiteral("list"), QStringLiteral("country"));
            const char *lists[][2] = {{"eu", "de, fr, it, es"}, {"na", "us, ca"}, {"apac", "jp, au"}};
            for (const auto &l : lists) {
                const int r = ed->listPartitions()->addPartition();
                auto *m = ed->listPartitions();
                QVERIFY(m->setData(m->index(r, ListPartitionModel::Values), QString::fromLatin1(l[1]),
                                   Qt::EditRole));
                QVERIFY(m->setData(m->index(r, ListPartitionModel::Name), QString::fromLatin1(l[0]),
                                   Qt::EditRole));
            }
            const int u = ed->uniques()->addUnique();
            QVERIFY(ed->uniques()->setData(ed->uniques()->index(u, UniqueModel::Columns),
                                           QStringLiteral("email, country"), Qt::EditRole));
            auto *scroll = ed->findChild<QScrollArea *>();
            QVERIFY(scroll);
            scroll->ensureWidgetVisible(ed->findChild<QWidget *>(QStringLiteral("partitionEditor")));
            QTest::qWait(50);
            QVERIFY(!save(&w, QStringLiteral("schema-partitions.png")).isEmpty());
            QVERIFY(!table.isEmpty());

            w.centralTabs()->setCurrentIndex(0);
            auto *dock = w.findChild<QDockWidget *>(QStringLiteral("problemsDock"));
            QVERIFY(dock);
            // The example lints clean: two findings with their fixes, for the picture.
            Document *doc = w.document();
            const int clean = doc->undoStack()->index();
            auto c = *doc->component("order-svc");
            c.replicas = 1;
            doc->editComponent(c.id, c, QStringLiteral("replicas"));
            auto l = *doc->link("order-svc-payment-gateway");
            l.timeout_ms.reset();
            doc->editLink(l.id, l, QStringLiteral("timeout_ms"));
            w.analyzer()->runNow();
            QTRY_VERIFY(!w.analyzer()->isBusy() && !w.problems()->isEmpty());
            QTest::qWait(100); // the dock grows for the findings
            QVERIFY(!save(dock, QStringLiteral("problems-dock.png")).isEmpty());
            doc->undoStack()->setIndex(clean);
            QVERIFY(w.exportCanvas(QDir(m_dir).filePath(QStringLiteral("canvas.png"))));
            // The same model after Graphviz auto-layout.
            w.autoLayout(false, true);
            QTest::qWait(50);
            QVERIFY(w.exportCanvas(QDir(m_dir).filePath(QStringLiteral("auto-layout.png"))));
        }
    }

    // The e-commerce example at the end of its db-failover scenario: the primary database
    // hung at 120 s, the standby took over at 150 s, the old primary recovered at 210 s; the
    // charts hold the whole run with its markers.
    void simulationDock()
    {
        style::applyTheme(style::ThemeMode::Light);
        MainWindow w;
        w.setSavePrompt([] { return QMessageBox::Discard; });
        w.resize(1600, 1150);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json")));
        SimDock *dock = w.simDock();
        QVERIFY(dock);
        dock->setScenario(QStringLiteral("db-failover"));
        dock->speedBox()->setCurrentIndex(dock->speedBox()->findData(0.0)); // max speed
        QVERIFY(dock->run());
        QTRY_VERIFY_WITH_TIMEOUT(!dock->controller()->isRunning(), 60000);
        QVERIFY(dock->shownResult());
        QTest::qWait(150);
        w.view()->fitAll();
        dock->charts()->refresh();
        dock->overlay()->refresh();
        QTest::qWait(50);
        const QString path = save(&w, QStringLiteral("simulation-dock.png"));
        QVERIFY(!path.isEmpty());
        QVERIFY(inkRatio(QImage(path)) > 0.05);
        auto *d = w.findChild<QDockWidget *>(QStringLiteral("simulationDock"));
        QVERIFY(d);
        QVERIFY(!save(d, QStringLiteral("simulation-charts.png")).isEmpty());
    }

    // Trainer mode as the room sees it: the presentation layout mid-scenario with a note and
    // the charts, and the scenario editor with a few events.
    void trainerScreenshots()
    {
        style::applyTheme(style::ThemeMode::Light);
        MainWindow w;
        w.setSavePrompt([] { return QMessageBox::Discard; });
        w.resize(1920, 1080);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openDemo(QStringLiteral("db-failover")));
        w.trainerSession()->controller()->waitForFinished();
        w.setPresentation(true);
        w.showNormal(); // the offscreen screen is small: keep the layout, choose the size
        w.resize(1920, 1080);
        QTest::qWait(50);
        ScenarioPlayer *p = w.trainer()->player();
        p->stepToNextEvent();
        p->seek(165); // the failover at 150 s is on the charts and under the note
        QTest::qWait(400); // the charts and the canvas refresh on a timer
        const QString path = save(&w, QStringLiteral("presentation.png"));
        QVERIFY(!path.isEmpty());
        QVERIFY(inkRatio(QImage(path)) > 0.05);
        QVERIFY(w.trainer()->overlay()->isVisible());
        w.setPresentation(false);

        w.centralTabs()->setCurrentWidget(w.scenarioEditor());
        ScenarioEditor *e = w.scenarioEditor();
        QVERIFY(e->selectScenario("db-failover"));
        const int load = e->addEvent(archsim::model::EventAction::Load, 300);
        auto ev = w.document()->model().scenarios[0].events[size_t(load)];
        ev.factor = 1.5;
        ev.for_s = 120;
        ev.target = "shoppers";
        ev.note = "The evening peak arrives while the old primary is back as a replica.";
        e->editEvent(load, ev, QStringLiteral("note"));
        const int slow = e->addEvent(archsim::model::EventAction::Slow, 450);
        ev = w.document()->model().scenarios[0].events[size_t(slow)];
        ev.target = "payment-gateway";
        ev.note = "The payment provider slows down: watch the order service's breaker.";
        e->editEvent(slow, ev, QStringLiteral("note"));
        e->timeline()->setSelected(0);
        QTest::qWait(50);
        const QString editor = save(&w, QStringLiteral("scenario-editor.png"));
        QVERIFY(!editor.isEmpty());
        QVERIFY(inkRatio(QImage(editor)) > 0.05);
    }

    // The import's review step: a pg_dump-like script merged into the example's database.
    void importReview()
    {
        style::applyTheme(style::ThemeMode::Light);
        MainWindow w;
        w.setSavePrompt([] { return QMessageBox::Discard; });
        w.resize(1600, 1000);
        w.show();
        QVERIFY(w.openFile(
            QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json")));
        const QString script = m_tmp.filePath(QStringLiteral("shop-db.sql"));
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("SET client_encoding = 'UTF8';\n"
                "CREATE TYPE public.order_state AS ENUM ('new', 'paid', 'shipped');\n"
                "CREATE TABLE public.orders (\n"
                "    id bigint NOT NULL,\n"
                "    user_id bigint NOT NULL,\n"
                "    state public.order_state DEFAULT 'new'::public.order_state NOT NULL,\n"
                "    total numeric(12,2) NOT NULL,\n"
                "    placed_at timestamp(3) with time zone DEFAULT now() NOT NULL\n"
                ");\n"
                "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\n"
                "CREATE TABLE public.payments (\n"
                "    id uuid DEFAULT gen_random_uuid() NOT NULL,\n"
                "    order_id bigint NOT NULL,\n"
                "    amount numeric(12,2) NOT NULL,\n"
                "    CONSTRAINT payments_amount_check CHECK (amount > 0)\n"
                ");\n"
                "ALTER TABLE ONLY public.payments ADD CONSTRAINT payments_pkey PRIMARY KEY (id);\n"
                "ALTER TABLE ONLY public.payments ADD CONSTRAINT payments_order_fk\n"
                "    FOREIGN KEY (order_id) REFERENCES public.orders(id);\n"
                "CREATE INDEX orders_recent ON public.orders (placed_at) WHERE total > 100;\n"
                "CREATE VIEW public.open_orders AS SELECT id FROM public.orders;\n");
        f.close();
        w.action(QStringLiteral("import"))->trigger();
        auto *d = w.findChild<ImportDialog *>();
        QVERIFY(d);
        d->setSourceTab(ImportDialog::SourceTab::SqlFile);
        d->findChild<QLineEdit *>(QStringLiteral("sqlPath"))->setText(script);
        d->findChild<QComboBox *>(QStringLiteral("dialect"))->setCurrentIndex(0);
        QSignalSpy ended(d->job(), &ImportJob::workerEnded);
        d->startImport();
        QVERIFY(ended.wait(30000));
        QCOMPARE(d->page(), ImportDialog::Page::Review);
        d->resize(1100, 720);
        QTest::qWait(50);
        const QString path = save(d, QStringLiteral("import-review.png"));
        QVERIFY(!path.isEmpty());
        QVERIFY(inkRatio(QImage(path)) > 0.05);
        d->reject();
    }
};

QTEST_MAIN(TstScreenshots)
#include "tst_screenshots.moc"
