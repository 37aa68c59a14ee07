// File > Import from a live PostgreSQL 15 started on loopback in a temporary folder (the
// importer tests' server, tests/common/dbserver.h): the connection test, the schema filter,
// the review and Apply, and the password kept out of the model and QSettings.

#include "guifixture.h"
#include "importfixture.h"

#include "dbserver.h"

#include "archsim/model/io.h"

#include <QSettings>
#include <QtTest>

using namespace archsim;
using namespace archsim::gui;
using importfixture::runToEnd;

class TstDbImportDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    ddltest::PostgresServer m_pg;
    const QString m_password = QStringLiteral("Db-Secret-4e9!");

    // Fills the database tab for the test server's database `shop` as role `app`.
    void connectTo(ImportDialog &d, const QString &schemas)
    {
        d.setSourceTab(ImportDialog::SourceTab::Database);
        d.findChild<QComboBox *>(QStringLiteral("engine"))->setCurrentIndex(0);
        d.findChild<QLineEdit *>(QStringLiteral("host"))->setText("127.0.0.1");
        d.findChild<QSpinBox *>(QStringLiteral("port"))->setValue(m_pg.port());
        d.findChild<QLineEdit *>(QStringLiteral("database"))->setText("shop");
        d.findChild<QLineEdit *>(QStringLiteral("user"))->setText("app");
        d.findChild<QLineEdit *>(QStringLiteral("password"))->setText(m_password);
        d.findChild<QLineEdit *>(QStringLiteral("schemas"))->setText(schemas);
    }

private slots:
    void initTestCase()
    {
        isolateGuiTest(m_tmp, "tst_db_importdialog");
        const QString error = m_pg.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto r = m_pg.script("CREATE ROLE app LOGIN PASSWORD 'Db-Secret-4e9!';\n"
                             "CREATE DATABASE shop OWNER app;\n");
        QVERIFY2(r.ok(), qPrintable(r.err));
        r = m_pg.script("CREATE SCHEMA sales;\n"
                        "CREATE SCHEMA audit;\n"
                        "CREATE TABLE sales.customers (id bigserial PRIMARY KEY, email text);\n"
                        "CREATE TABLE sales.orders (\n"
                        "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                        "    customer_id bigint NOT NULL REFERENCES sales.customers(id),\n"
                        "    placed_at timestamptz NOT NULL DEFAULT now()\n"
                        ");\n"
                        "CREATE VIEW sales.recent AS SELECT id FROM sales.orders;\n"
                        "CREATE TABLE audit.log (id bigint PRIMARY KEY, what text);\n"
                        "CREATE VIEW audit.recent_log AS SELECT id FROM audit.log;\n",
                        "shop", "app");
        QVERIFY2(r.ok(), qPrintable(r.err));
    }

    void testConnectionCountsWhatItWouldImport()
    {
        Document doc;
        ImportDialog d(&doc);
        connectTo(d, {});
        QVERIFY(runToEnd(d, true));
        const QString url = QString("postgresql://app:***@127.0.0.1:%1/shop").arg(m_pg.port());
        QCOMPARE(d.status(), "Connected to " + url + ": 2 schemas, 3 tables.");
        QCOMPARE(d.page(), ImportDialog::Page::Source);
        QCOMPARE(doc.undoStack()->count(), 0);
    }

    void importsTheFilteredSchemaAndKeepsNoPassword()
    {
        Document doc;
        ImportDialog d(&doc);
        connectTo(d, QStringLiteral("sales"));
        QVERIFY(runToEnd(d));
        QCOMPARE(d.page(), ImportDialog::Page::Review);
        const QString all = d.reviewRows().join('\n');
        QVERIFY2(all.contains(QStringLiteral("To import |  | table customers | 2 columns")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("To import |  | table orders | 3 columns")),
                 qPrintable(all));
        // The other schema is left out, with what it would not have imported.
        QVERIFY2(!all.contains(QStringLiteral("table log")), qPrintable(all));
        QVERIFY2(!all.contains(QStringLiteral("audit.recent_log")), qPrintable(all));
        // The schema's view comes in too, reading its table.
        QVERIFY2(all.contains(QStringLiteral("To import |  | view recent | reads orders")),
                 qPrintable(all));
        d.apply();
        const model::Model m = doc.model();
        QCOMPARE(m.components.size(), size_t(1));
        QCOMPARE(m.components[0].kind, model::ComponentKind::Database);
        QCOMPARE(m.schemas.size(), size_t(1));
        QCOMPARE(m.schemas[0].name, std::string("sales"));
        QCOMPARE(m.schemas[0].tables.size(), size_t(2));
        QCOMPARE(m.schemas[0].views.size(), size_t(1));
        const std::string json = model::toJson(m);
        QVERIFY2(json.find(m_password.toStdString()) == std::string::npos, json.c_str());
        QVERIFY(json.find("app:***@127.0.0.1") != std::string::npos);
        doc.undoStack()->undo();
        QVERIFY(doc.model() == model::Model{});

        QSettings s;
        s.sync();
        QFile file(s.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY(!stored.contains(m_password.toUtf8()));
        QVERIFY(stored.contains(QByteArray::number(m_pg.port())));
    }

    void wrongDatabaseNamesHostAndReason()
    {
        Document doc;
        ImportDialog d(&doc);
        connectTo(d, {});
        d.findChild<QLineEdit *>(QStringLiteral("database"))->setText("nosuchdb");
        QVERIFY(runToEnd(d));
        QCOMPARE(d.page(), ImportDialog::Page::Source);
        const QString errors = d.errors().join('\n');
        QVERIFY2(errors.contains(QStringLiteral("127.0.0.1")) &&
                     errors.contains(QStringLiteral("nosuchdb")),
                 qPrintable(errors));
        QVERIFY(!errors.contains(m_password));
    }
};

QTEST_MAIN(TstDbImportDialog)
#include "tst_db_importdialog.moc"
