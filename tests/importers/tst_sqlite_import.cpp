// SQLite scripts (run in an in-memory SQLite) and files (opened read-only): what comes in,
// what is listed with its line, and the round trip import -> export -> SQLite, compared
// catalog to catalog with the original.

#include "importtestutil.h"
#include "sqlitedb.h"

#include "archsim/exporters/ddl.h"
#include "archsim/importers/import.h"
#include "archsim/model/validate.h"

#include <QTemporaryDir>
#include <QTest>

using namespace archsim;
using namespace archsim::model;

class TstSqliteImport : public QObject {
    Q_OBJECT

private:
    std::string m_text;
    importers::ImportResult m_r;

private slots:
    void initTestCase()
    {
        m_text = importtest::readText(SRCDIR "data/features_sqlite.sql");
        QVERIFY(!m_text.empty());
        importers::SqlImportOptions o;
        o.dialect = DbEngine::Sqlite;
        o.file = "features_sqlite.sql";
        auto r = importers::importSql(m_text, o);
        QVERIFY2(r.ok(), r.message().c_str());
        m_r = r.value();
    }

    void tablesColumnsKeys()
    {
        QCOMPARE(m_r.schemas.size(), size_t(1));
        QCOMPARE(m_r.schemas[0].id, std::string("features-sqlite"));
        QCOMPARE(m_r.databases[0].engine, DbEngine::Sqlite);
        const Table *c = importtest::table(m_r, "", "customers");
        QVERIFY(c);
        QVERIFY(c->columns[0].identity); // INTEGER PRIMARY KEY is the rowid
        QCOMPARE(c->columns[1].type.toString(), std::string("varchar(200)"));
        QCOMPARE(c->columns[2].default_value->text, std::string("eu"));
        QCOMPARE(c->columns[3].type.toString(), std::string("bool"));
        QCOMPARE(c->columns[3].default_value->kind, DefaultValue::Kind::Bool);
        QCOMPARE(c->columns[4].type.toString(), std::string("decimal(5,2)"));
        QCOMPARE(c->columns[4].default_value->number, -1.5);
        QCOMPARE(c->columns[5].type.toString(), std::string("timestamptz"));
        QCOMPARE(c->columns[5].default_value->kind, DefaultValue::Kind::Now);
        QCOMPARE(c->unique.size(), size_t(1));
        QCOMPARE(c->unique[0].columns, std::vector<std::string>{"email"});
        const Table *o = importtest::table(m_r, "", "orders");
        QCOMPARE(o->primary_key, (std::vector<std::string>{"order_id", "created_at"}));
        QVERIFY(!o->columns[0].identity); // part of a composite key: no rowid alias
        QCOMPARE(o->foreign_keys[0].ref_columns, std::vector<std::string>{"customer_id"});
        QCOMPARE(o->foreign_keys[0].on_delete, RefAction::Cascade);
        const Table *l = importtest::table(m_r, "", "order_lines");
        QCOMPARE(l->foreign_keys[0].columns,
                 (std::vector<std::string>{"order_id", "created_at"}));
        QCOMPARE(l->foreign_keys[0].on_update, RefAction::Restrict);
        QCOMPARE(l->indexes[0].name, std::string("order_lines_sku_qty"));
        QVERIFY(l->indexes[0].columns[1].descending);
        const Table *s = importtest::table(m_r, "", "Select");
        QCOMPARE(s->columns[1].name, std::string("quo\"te"));
        QCOMPARE(s->columns[2].default_value->text, std::string("it's"));
    }

    void notImportedWithLines_data()
    {
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("statement");
        QTest::newRow("expression index") << "customers_lower_email"
                                          << "CREATE UNIQUE INDEX customers_lower_email";
        QTest::newRow("partial index") << "orders_open" << "CREATE INDEX orders_open";
        QTest::newRow("trigger") << "trigger orders_touch" << "CREATE TRIGGER orders_touch";
    }

    void notImportedWithLines()
    {
        QFETCH(QString, object);
        QFETCH(QString, statement);
        const auto *n = importtest::notImportedAbout(m_r, object.toStdString());
        QVERIFY2(n, importtest::listNotImported(m_r).c_str());
        const int line = importtest::lineOf(m_text, statement.toStdString());
        QCOMPARE(QString::fromStdString(n->place),
                 "features_sqlite.sql:" + QString::number(line));
    }

    void roundTripMatchesTheOriginalCatalog()
    {
        ddltest::SqliteDb original;
        QCOMPARE(original.exec(QString::fromStdString(m_text)), QString());
        Model m = importers::mergeImport({}, m_r);
        QVERIFY2(!hasErrors(validate(m)), importtest::format(validate(m)).c_str());
        exporters::DdlOptions options;
        options.roles = false;
        auto ddl = exporters::exportDdl(m, exporters::Dialect::Sqlite, options);
        QVERIFY2(ddl.ok(), ddl.message().c_str());
        ddltest::SqliteDb copy;
        QCOMPARE(copy.exec(QString::fromStdString(ddl.value())), QString());
        // The documented mappings (docs/import.md, SQLite): integer types are declared
        // INTEGER on export; a REFERENCES without columns names the referenced key; the
        // expression and partial indexes are not imported.
        QString expected = original.catalog();
        expected.replace("column order INT null", "column order INTEGER null")
            .replace("references customers (NULL)", "references customers (customer_id)")
            .remove("\nindex customers_lower_email unique (NULL)")
            .remove("\nindex orders_open (created_at)");
        const QString actual = copy.catalog();
        QVERIFY2(actual == expected, qPrintable(importtest::lineDiff(actual, expected)));
    }

    void liveFileReadOnlyWithRowCounts()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + "/shop.db";
        {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, m_text.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "INSERT INTO customers (email) VALUES ('a'), ('b'), "
                                      "('c');",
                                  nullptr, nullptr, nullptr),
                     SQLITE_OK);
            sqlite3_close(db);
        }
        QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadUser);
        auto r = importers::importDatabase(path.toStdString());
        QVERIFY2(r.ok(), r.message().c_str());
        QCOMPARE(r->schemas[0].id, std::string("shop"));
        QCOMPARE(importtest::table(r.value(), "", "customers")->rows, int64_t(3));
        QCOMPARE(importtest::table(r.value(), "", "orders")->rows, int64_t(0));
        // The same tables as the script import.
        QCOMPARE(r->schemas[0].tables.size(), m_r.schemas[0].tables.size());
        QCOMPARE(r->schemas[0].views, m_r.schemas[0].views);
    }

    void viewsWithTheirQueryAndReads()
    {
        const Schema &s = m_r.schemas.at(0);
        QCOMPARE(s.views.size(), size_t(2));
        QCOMPARE(s.views[0].name, std::string("big_orders"));
        QCOMPARE(s.views[0].kind, ViewKind::View);
        QCOMPARE(s.views[0].query,
                 std::string("SELECT order_id, total FROM orders WHERE total > 100"));
        QCOMPARE(s.views[0].reads, std::vector<std::string>{"orders"});
        // Names are case-insensitive in SQLite: a read takes the relation's own spelling;
        // "FROM a, b JOIN c" names three relations.
        QCOMPARE(s.views[1].name, std::string("Order Customers"));
        QCOMPARE(s.views[1].reads,
                 (std::vector<std::string>{"big_orders", "orders", "customers"}));
        QVERIFY(s.views[1].query.starts_with("SELECT O.order_id, c.email FROM Big_Orders b"));
        QVERIFY(importtest::lossyAbout(m_r, "view Order Customers")); // its column list
        QVERIFY(!importtest::notImportedAbout(m_r, "view"));
    }

    // fuzz_sql finding (the SQLite features script with NUMERIC(0,2)): SQLite accepts any
    // declared type, and decimal(0,2) made a model that did not validate.
    void declaredTypesBeyondTheModelsRangesFit()
    {
        importers::SqlImportOptions o;
        o.dialect = DbEngine::Sqlite;
        o.file = "t.sql";
        auto r = importers::importSql(
            "CREATE TABLE t (a NUMERIC(0,2), b VARCHAR(70000), c NUMERIC(3,1));\n", o);
        QVERIFY2(r.ok(), r.message().c_str());
        const auto &cols = r.value().schemas[0].tables[0].columns;
        QCOMPARE(cols[0].type.toString(), std::string("decimal(38,10)"));
        QCOMPARE(cols[1].type.toString(), std::string("text"));
        QCOMPARE(cols[2].type.toString(), std::string("decimal(3,1)"));
        QVERIFY(importtest::lossyAbout(r.value(), "column t.a"));
        QVERIFY(importtest::lossyAbout(r.value(), "column t.b"));
        auto problems = validate(importers::mergeImport({}, r.value()));
        QVERIFY2(!hasErrors(problems), importtest::format(problems).c_str());
    }

    // Found by the GUI's import test: an error SQLite gives without an offset was placed at
    // the end of the statement before (line 1 here), not at the failing statement.
    void errorWithoutOffsetNamesTheStatementsLine()
    {
        importers::SqlImportOptions o;
        o.dialect = DbEngine::Sqlite;
        o.file = "bad.sql";
        auto r = importers::importSql("CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
                                      "-- the index of a table that does not exist\n"
                                      "\n"
                                      "  CREATE INDEX b_x ON b (x);\n",
                                      o);
        QVERIFY(!r.ok());
        QCOMPARE(r.diagnostics().front().file, std::string("bad.sql"));
        QCOMPARE(r.diagnostics().front().place, std::string("4:3"));
        QVERIFY2(r.message().find("no such table") != std::string::npos, r.message().c_str());
    }

    void missingFileIsAnError()
    {
        auto r = importers::importDatabase("/nonexistent/dir/x.db");
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find("/nonexistent/dir/x.db") != std::string::npos,
                 r.message().c_str());
    }

    void syntaxErrorHasLine()
    {
        importers::SqlImportOptions o;
        o.dialect = DbEngine::Sqlite;
        o.file = "bad.sql";
        auto r = importers::importSql("CREATE TABLE a (x);\nCREATE TABLE b (y INT,,);\n", o);
        QVERIFY(!r.ok());
        QCOMPARE(r.diagnostics()[0].file, std::string("bad.sql"));
        QVERIFY2(r.diagnostics()[0].place.starts_with("2:"), r.diagnostics()[0].place.c_str());
        QVERIFY2(r.diagnostics()[0].message.find("syntax error") != std::string::npos,
                 r.diagnostics()[0].message.c_str());
    }
};

QTEST_GUILESS_MAIN(TstSqliteImport)
#include "tst_sqlite_import.moc"
