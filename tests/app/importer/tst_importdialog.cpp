// File > Import without a server: a SQL script with errors (listed with their places, nothing
// applied), the review of what is not imported and what is lossy, merge or new component and
// its undo/redo (model comparison), cancel in the middle of a large script, the password kept
// out of QSettings, and the menu entry.

#include "guifixture.h"
#include "importfixture.h"

#include "canvasscene.h"
#include "canvasview.h"
#include "dbserver.h"
#include "importplan.h"

#include "archsim/model/io.h"

#include <QAction>
#include <QSettings>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>

using namespace archsim;
using namespace archsim::gui;
using importfixture::runToEnd;
using importfixture::writeFile;

namespace {

const model::Table *tableOf(const model::Model &m, const std::string &schema,
                            const std::string &name)
{
    for (const auto &s : m.schemas)
        if (s.id == schema)
            for (const auto &t : s.tables)
                if (t.name == name)
                    return &t;
    return nullptr;
}

const model::Component *componentOf(const model::Model &m, const std::string &id)
{
    for (const auto &c : m.components)
        if (c.id == id)
            return &c;
    return nullptr;
}

// The script imported into shopModel(): orders again (other columns), customers new.
const QByteArray kShopSql = "CREATE TABLE orders (\n"
                            "    id bigint PRIMARY KEY,\n"
                            "    total numeric(10,2) NOT NULL\n"
                            ");\n"
                            "CREATE TABLE customers (id bigint PRIMARY KEY, email text);\n";

} // namespace

class TstImportDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    // A dialog on the SQL file tab with `path` and the dialect row `dialect` (0 = detect).
    static void chooseFile(ImportDialog &d, const QString &path, int dialect = 0)
    {
        d.setSourceTab(ImportDialog::SourceTab::SqlFile);
        d.findChild<QLineEdit *>(QStringLiteral("sqlPath"))->setText(path);
        d.findChild<QComboBox *>(QStringLiteral("dialect"))->setCurrentIndex(dialect);
    }

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_importdialog"); }

    void detectsTheDialect_data()
    {
        QTest::addColumn<QString>("file"); // under tests/importers/data, or empty
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("engine");
        QTest::newRow("pg_dump style (a \"tick`s\" column)")
            << "features_pg.sql" << QByteArray() << int(model::DbEngine::Postgres);
        QTest::newRow("mysqldump style")
            << "features_my.sql" << QByteArray() << int(model::DbEngine::Mysql);
        QTest::newRow("sqlite (BLOB)")
            << "features_sqlite.sql" << QByteArray() << int(model::DbEngine::Sqlite);
        QTest::newRow("mysql words in a comment and a string")
            << QString() << QByteArray("-- was ENGINE=InnoDB with AUTO_INCREMENT\n"
                                       "CREATE TABLE t (id int DEFAULT 0, s text "
                                       "DEFAULT 'unsigned `x`');\n")
            << int(model::DbEngine::Postgres);
        QTest::newRow("mysql executable comment")
            << QString() << QByteArray("/*!40101 SET NAMES utf8 */;\nCREATE TABLE t (id int);\n")
            << int(model::DbEngine::Mysql);
        QTest::newRow("sqlite autoincrement")
            << QString() << QByteArray("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);")
            << int(model::DbEngine::Sqlite);
    }

    void detectsTheDialect()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, text);
        QFETCH(int, engine);
        if (!file.isEmpty()) {
            QFile f(QStringLiteral(ARCHSIM_SOURCE_DIR "/tests/importers/data/") + file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            text = f.readAll();
        }
        QCOMPARE(int(detectDialect(std::string_view(text.constData(), size_t(text.size())))),
                 engine);
    }

    void sqlFileWithErrorsShowsPlacesAndAppliesNothing_data()
    {
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QString>("place");
        // PostgreSQL's parser stops at the second comma of line 4 (column 22).
        QTest::newRow("postgres syntax error")
            << 1
            << QByteArray("CREATE TABLE a (id integer PRIMARY KEY);\n"
                          "CREATE TABLE b (\n"
                          "    id integer PRIMARY KEY,\n"
                          "    name text NOT NULL,,\n"
                          ");\n")
            << "bad.sql:4:24:";
        // SQLite runs the script; its error names the statement's line.
        QTest::newRow("sqlite unknown table in index")
            << 3
            << QByteArray("CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
                          "\n"
                          "CREATE INDEX b_x ON b (x);\n")
            << "bad.sql:3:1:";
    }

    void sqlFileWithErrorsShowsPlacesAndAppliesNothing()
    {
        QFETCH(int, dialect);
        QFETCH(QByteArray, sql);
        QFETCH(QString, place);
        Document doc;
        doc.reset(importfixture::shopModel());
        const model::Model before = doc.model();
        ImportDialog d(&doc);
        chooseFile(d, writeFile(m_tmp, QStringLiteral("bad.sql"), sql), dialect);
        QVERIFY(runToEnd(d));
        QCOMPARE(d.page(), ImportDialog::Page::Source);
        const QStringList errors = d.errors();
        QVERIFY2(!errors.isEmpty(), qPrintable(d.status()));
        QVERIFY2(errors.first().startsWith(place), qPrintable(errors.join('\n')));
        QVERIFY(d.status().contains(QStringLiteral("nothing was imported")));
        // Apply is not reachable from here, and nothing changed.
        d.apply();
        QVERIFY(doc.model() == before);
        QCOMPARE(doc.undoStack()->count(), 0);
    }

    void reviewListsNotImportedAndLossyWithPlaces()
    {
        Document doc;
        ImportDialog d(&doc);
        const QByteArray sql = "CREATE TYPE mood AS ENUM ('ok', 'sad');\n"
                               "CREATE TABLE people (\n"
                               "    id serial PRIMARY KEY,\n"
                               "    feeling mood,\n"
                               "    seen time\n"
                               ");\n"
                               "CREATE VIEW happy AS SELECT id FROM people;\n"
                               "CREATE INDEX people_lower ON people (lower(feeling::text));\n";
        chooseFile(d, writeFile(m_tmp, QStringLiteral("people.sql"), sql));
        QVERIFY(runToEnd(d));
        QCOMPARE(d.page(), ImportDialog::Page::Review);
        const QStringList rows = d.reviewRows();
        const QString all = rows.join('\n');
        QVERIFY2(rows.contains(QStringLiteral("To import |  | table people | 3 columns")),
                 qPrintable(all));
        // Views come in with the tables they read.
        QVERIFY2(rows.contains(QStringLiteral("To import |  | view happy | reads people")),
                 qPrintable(all));
        QVERIFY2(rows.contains(QStringLiteral("To import |  | schema public | 1 table, 1 view")),
                 qPrintable(all));
        // Each not-imported object with its file:line and reason.
        QVERIFY2(all.contains(QRegularExpression(
                     QStringLiteral("Not imported \\| people.sql:8 \\| index people_lower"))),
                 qPrintable(all));
        // Lossy mappings name the original type and what the model keeps.
        QVERIFY2(all.contains(QRegularExpression(
                     QStringLiteral("Lossy \\| people.sql:\\d+ \\| column public.people.feeling "
                                    "\\(.*mood.*\\) \\| .*text"))),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("column public.people.seen (time")),
                 qPrintable(all));
        // An empty model: a new component, nothing to merge into.
        QCOMPARE(d.targetEffect(0), QStringLiteral("added as the new database component people"));
        d.apply();
        QCOMPARE(doc.model().components.size(), size_t(1));
        QCOMPARE(doc.model().components[0].id, std::string("people"));
        QVERIFY(tableOf(doc.model(), "people", "people"));
        QCOMPARE(doc.model().schemas[0].views.size(), size_t(1));
        QCOMPARE(doc.model().schemas[0].views[0].reads, std::vector<std::string>{"people"});
    }

    void mergeIntoExistingDatabaseUndoRedo()
    {
        Document doc;
        doc.reset(importfixture::shopModel());
        const model::Model before = doc.model();
        ImportDialog d(&doc);
        chooseFile(d, writeFile(m_tmp, QStringLiteral("shop.sql"), kShopSql));
        QVERIFY(runToEnd(d));
        QCOMPARE(d.page(), ImportDialog::Page::Review);
        // The imported database is named shop, like the model's: merge is the default choice.
        const QString effect = d.targetEffect(0);
        QVERIFY2(effect.contains(QStringLiteral("merged into the database component shop")),
                 qPrintable(effect));
        QVERIFY2(effect.contains(QStringLiteral("engine changes from mysql to postgres")),
                 qPrintable(effect));
        QVERIFY2(effect.contains(QStringLiteral("replaces 1 table of schema shop: orders")),
                 qPrintable(effect));
        QVERIFY2(effect.contains(QStringLiteral("adds 1 table to schema shop: customers")),
                 qPrintable(effect));
        QVERIFY2(effect.contains(
                     QStringLiteral("keeps 1 table the import does not name: planned")),
                 qPrintable(effect));
        d.apply();
        QCOMPARE(d.result(), int(QDialog::Accepted));

        const model::Model after = doc.model();
        QCOMPARE(doc.undoStack()->count(), 1);
        const auto *db = componentOf(after, "shop");
        QVERIFY(db);
        QCOMPARE(db->engine, model::DbEngine::Postgres);
        QCOMPARE(db->replicas, 3);                            // the architect's setting stays
        QVERIFY(db->position == (model::Position{100, 200})); // and its place
        QCOMPARE(after.components.size(), size_t(2));
        QCOMPARE(after.links, before.links);
        QCOMPARE(after.schemas.size(), size_t(1));
        const auto *orders = tableOf(after, "shop", "orders");
        QVERIFY(orders);
        QCOMPARE(orders->columns.size(), size_t(2));
        QCOMPARE(orders->columns[1].name, std::string("total"));
        QVERIFY(tableOf(after, "shop", "customers"));
        QVERIFY(tableOf(after, "shop", "planned"));

        // Undo restores the model exactly; redo brings the import back exactly.
        doc.undoStack()->undo();
        QVERIFY2(doc.model() == before, model::toJson(doc.model()).c_str());
        doc.undoStack()->redo();
        QVERIFY2(doc.model() == after, model::toJson(doc.model()).c_str());
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);
    }

    // Found in the real window: merging a table with other columns broke a foreign key of a
    // kept table, and only the problems dock said so, after Apply.
    void reviewNamesProblemsTheMergeWouldBring()
    {
        Document doc;
        doc.reset(importfixture::shopModel());
        ImportDialog d(&doc);
        chooseFile(d, writeFile(m_tmp, QStringLiteral("shop.sql"),
                                "CREATE TABLE orders (order_no bigint PRIMARY KEY);\n"));
        QVERIFY(runToEnd(d));
        QString all = d.reviewRows().join('\n');
        QVERIFY2(all.contains(QRegularExpression(
                     QStringLiteral("After applying \\| error \\| table 'planned' \\| "
                                    "foreign key references unknown column 'id' of table "
                                    "'orders'"))),
                 qPrintable(all));
        // As a new component nothing of the model breaks.
        d.setMergeTarget(0, {});
        all = d.reviewRows().join('\n');
        QVERIFY2(!all.contains(QStringLiteral("After applying |")), qPrintable(all));
        QVERIFY(doc.model() == importfixture::shopModel());
    }

    // Found in the real window: Enter in the file field opened the file chooser (the first
    // auto-default button) instead of importing.
    void enterInTheFileFieldImports()
    {
        Document doc;
        ImportDialog d(&doc);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        chooseFile(d, writeFile(m_tmp, QStringLiteral("shop.sql"), kShopSql));
        auto *path = d.findChild<QLineEdit *>(QStringLiteral("sqlPath"));
        path->setFocus();
        // A file chooser would block the test: close whatever modal window comes up.
        bool chooserOpened = false;
        QTimer::singleShot(1000, &d, [&] {
            if (QWidget *modal = QApplication::activeModalWidget(); modal && modal != &d) {
                chooserOpened = true;
                modal->close();
            }
        });
        QSignalSpy ended(d.job(), &ImportJob::workerEnded);
        QTest::keyClick(path, Qt::Key_Return);
        QVERIFY(!chooserOpened);
        QVERIFY(ended.wait(30000));
        QCOMPARE(d.page(), ImportDialog::Page::Review);
        // On the review page Enter applies.
        QTest::keyClick(d.findChild<QTreeWidget *>(QStringLiteral("review")), Qt::Key_Return);
        QCOMPARE(doc.undoStack()->count(), 1);
    }

    void newComponentKeepsTheExistingOneUndoRedo()
    {
        Document doc;
        doc.reset(importfixture::shopModel());
        const model::Model before = doc.model();
        ImportDialog d(&doc);
        chooseFile(d, writeFile(m_tmp, QStringLiteral("shop.sql"), kShopSql));
        QVERIFY(runToEnd(d));
        d.setMergeTarget(0, {});
        QCOMPARE(d.targetEffect(0),
                 QStringLiteral("a component shop exists: added as the new database component "
                                "shop-2; a schema shop exists: its tables go to the new schema "
                                "shop-2"));
        d.apply();
        const model::Model after = doc.model();
        QCOMPARE(after.components.size(), size_t(3));
        QVERIFY(*componentOf(after, "shop") == before.components[1]); // untouched
        const auto *added = componentOf(after, "shop-2");
        QVERIFY(added);
        QCOMPARE(added->schema, std::string("shop-2"));
        QVERIFY(added->position); // placed right of the canvas: x 100 + 320
        QCOMPARE(added->position->x, 420.0);
        QVERIFY(after.schemas[0] == before.schemas[0]);
        QVERIFY(tableOf(after, "shop-2", "customers"));
        doc.undoStack()->undo();
        QVERIFY(doc.model() == before);
        doc.undoStack()->redo();
        QVERIFY(doc.model() == after);
    }

    void cancelMidImportAppliesNothing()
    {
        // 20,000 tables: PostgreSQL's parser and the walk over its tree take seconds, so the
        // stop comes while the worker is inside.
        QByteArray sql;
        for (int i = 0; i < 20000; ++i)
            sql += "CREATE TABLE t" + QByteArray::number(i) +
                   " (id bigint PRIMARY KEY, name varchar(80) NOT NULL, at timestamptz);\n";
        Document doc;
        doc.reset(importfixture::shopModel());
        const model::Model before = doc.model();
        ImportDialog d(&doc);
        chooseFile(d, writeFile(m_tmp, QStringLiteral("big.sql"), sql), 1);
        QSignalSpy progress(d.job(), &ImportJob::progress);
        QSignalSpy finished(d.job(), &ImportJob::finished);
        QSignalSpy ended(d.job(), &ImportJob::workerEnded);
        d.startImport();
        QVERIFY(d.job()->isRunning());
        QVERIFY(!d.findChild<QPushButton *>(QStringLiteral("importButton"))->isEnabled());
        // The GUI thread is free while the worker runs: the progress arrives through events.
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty(), 60000);
        QVERIFY2(ended.isEmpty(), "the import ended before it could be stopped");
        d.findChild<QPushButton *>(QStringLiteral("cancelButton"))->click();
        QVERIFY(!d.job()->isRunning());
        QCOMPARE(d.status(), QStringLiteral("Import stopped: nothing was imported."));
        QVERIFY(d.findChild<QPushButton *>(QStringLiteral("importButton"))->isEnabled());
        // The worker leaves at its next check; its result is dropped.
        QTRY_COMPARE_WITH_TIMEOUT(d.job()->workersAlive(), 0, 60000);
        QCOMPARE(finished.count(), 0);
        QCOMPARE(d.page(), ImportDialog::Page::Source);
        QVERIFY(doc.model() == before);
        QCOMPARE(doc.undoStack()->count(), 0);
    }

    void passwordIsNotWrittenToSettings()
    {
        const QString password = QStringLiteral("Pw-never-stored-7f3");
        const int port = ddltest::freePort(); // nothing listens there
        {
            Document doc;
            ImportDialog d(&doc);
            d.setSourceTab(ImportDialog::SourceTab::Database);
            d.findChild<QComboBox *>(QStringLiteral("engine"))->setCurrentIndex(0);
            d.findChild<QLineEdit *>(QStringLiteral("host"))->setText("127.0.0.1");
            d.findChild<QSpinBox *>(QStringLiteral("port"))->setValue(port);
            d.findChild<QLineEdit *>(QStringLiteral("database"))->setText("shop");
            d.findChild<QLineEdit *>(QStringLiteral("user"))->setText("app");
            d.findChild<QLineEdit *>(QStringLiteral("password"))->setText(password);
            d.findChild<QLineEdit *>(QStringLiteral("schemas"))->setText("sales");
            d.findChild<QLineEdit *>(QStringLiteral("devUrl"))
                ->setText("mysql://root:" + password + "@127.0.0.1:3306");
            QVERIFY(QString::fromStdString(d.databaseUrl()).contains(password));
            QVERIFY(runToEnd(d, true));
            // The failure names the host and the reason, never the password.
            QCOMPARE(d.status(), QStringLiteral("Connection test failed."));
            const QString errors = d.errors().join('\n');
            QVERIFY2(errors.contains(QStringLiteral("127.0.0.1")), qPrintable(errors));
            QVERIFY2(!errors.contains(password), qPrintable(errors));
        }
        QSettings s;
        s.sync();
        for (const QString &key : s.allKeys())
            QVERIFY2(!s.value(key).toString().contains(password), qPrintable(key));
        QFile file(s.fileName());
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(s.fileName()));
        const QByteArray stored = file.readAll();
        QVERIFY(!stored.contains(password.toUtf8()));
        // The other fields are remembered for the next import.
        QVERIFY(stored.contains("app"));
        Document doc;
        ImportDialog again(&doc);
        QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("user"))->text(), QString("app"));
        QCOMPARE(again.findChild<QSpinBox *>(QStringLiteral("port"))->value(), port);
        QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("schemas"))->text(),
                 QString("sales"));
        QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("password"))->text(), QString());
        QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("devUrl"))->text(), QString());
    }

    void mysqlScriptWithoutServerSaysWhatToFillIn()
    {
        Document doc;
        ImportDialog d(&doc);
        chooseFile(d, writeFile(m_tmp, QStringLiteral("my.sql"),
                                "CREATE TABLE `t` (id int) ENGINE=InnoDB;\n"));
        d.findChild<QLineEdit *>(QStringLiteral("devUrl"))->clear();
        QVERIFY(runToEnd(d));
        const QString errors = d.errors().join('\n');
        QVERIFY2(errors.contains(QStringLiteral("my.sql: a MySQL/MariaDB script")) &&
                     errors.contains(QStringLiteral("MySQL server for scripts")),
                 qPrintable(errors));
        QVERIFY(!errors.contains(QStringLiteral("--dev-url")));
    }

    void fileMenuOpensTheDialog()
    {
        auto w = shownMainWindow(1200, 800);
        QAction *a = w->action(QStringLiteral("import"));
        QVERIFY(a);
        QCOMPARE(a->text(), QStringLiteral("&Import…"));
        a->trigger();
        auto *d = w->findChild<ImportDialog *>();
        QVERIFY(d);
        QVERIFY(d->isVisible());
        d->reject();
    }

    // Found in the real window: the new component lands right of the canvas, out of view.
    void appliedImportIsSelectedAndShown()
    {
        auto w = shownMainWindow(1200, 800);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        w->action(QStringLiteral("import"))->trigger();
        auto *d = w->findChild<ImportDialog *>();
        QVERIFY(d);
        chooseFile(*d, writeFile(m_tmp, QStringLiteral("billing.sql"),
                                 "CREATE TABLE invoices (id bigint PRIMARY KEY);\n"));
        QVERIFY(runToEnd(*d));
        d->apply();
        const auto selected = w->scene()->selectedItems();
        QCOMPARE(selected.size(), 1);
        QVERIFY(w->document()->component("billing"));
        // The view shows it.
        CanvasView *view = w->view();
        const QRectF shown = view->mapToScene(view->viewport()->rect()).boundingRect();
        QVERIFY(shown.intersects(selected.first()->sceneBoundingRect()));
    }
};

QTEST_MAIN(TstImportDialog)
#include "tst_importdialog.moc"
