#include "testutil.h"

#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include <QtTest>

using namespace archsim::model;

class TestValidate : public QObject {
    Q_OBJECT
private slots:
    // Every file of the bad-input corpus is refused in-process with its place named.
    void badCorpus_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("place");
        const auto cases = archsim::test::badCases();
        QVERIFY(cases.size() >= 40);
        for (const auto &c : cases)
            if (c.file.endsWith(QLatin1String(".json")))
                QTest::newRow(qPrintable(c.file)) << c.file << c.place;
    }
    void badCorpus()
    {
        QFETCH(QString, file);
        QFETCH(QString, place);
        const QString path = archsim::test::sourceDir() + QStringLiteral("/tests/data/bad/") + file;
        auto r = loadModel(path.toStdString());
        QVERIFY(!r.ok());
        const QString msg = QString::fromStdString(r.message());
        QVERIFY2(msg.contains(path + QStringLiteral(":") + place + QStringLiteral(":")),
                 qPrintable(msg));
    }

    void ids_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << "api" << true;
        QTest::newRow("dashes and digits") << "orders-db-2" << true;
        QTest::newRow("upper case") << "Api" << false;
        QTest::newRow("leading digit") << "2api" << false;
        QTest::newRow("trailing dash") << "api-" << false;
        QTest::newRow("underscore") << "api_gw" << false;
        QTest::newRow("63 characters") << QString(63, QLatin1Char('a')) << true;
        QTest::newRow("64 characters") << QString(64, QLatin1Char('a')) << false;
        QTest::newRow("empty") << "" << false;
    }
    void ids()
    {
        QFETCH(QString, id);
        QFETCH(bool, valid);
        QCOMPARE(isValidId(id.toStdString()), valid);
    }

    void reportsEveryProblem()
    {
        Model m;
        Component a;
        a.id = "a";
        a.kind = ComponentKind::Client;
        a.rps = -1;
        Component b;
        b.id = "a"; // duplicate
        b.replicas = 0;
        m.components = {a, b};
        Link l;
        l.id = "l";
        l.from = "a";
        l.to = "ghost";
        l.probability = 2;
        m.links = {l};
        const Diagnostics d = validate(m);
        QStringList places;
        for (const auto &x : d)
            places << QString::fromStdString(x.place);
        QVERIFY2(places.contains(QStringLiteral("/components/0/rps")), qPrintable(places.join(' ')));
        QVERIFY(places.contains(QStringLiteral("/components/1/id")));
        QVERIFY(places.contains(QStringLiteral("/components/1/replicas")));
        QVERIFY(places.contains(QStringLiteral("/links/0/to")));
        QVERIFY(places.contains(QStringLiteral("/links/0/probability")));
    }

    // Two schemas with one id: reported, and lookups never read past a schema's tables.
    // Oracle: the SQL meaning of each default (DESIGN: a column default must be a value of the
    // column's type). Each bad default is reported once, at the column's /default.
    void columnDefaults_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("nullable");
        QTest::addColumn<QString>("json"); // the default as written in a model file
        QTest::addColumn<bool>("identity");
        QTest::addColumn<QString>("problem"); // empty: valid
        QTest::newRow("now on timestamptz") << "timestamptz" << true << "\"now\"" << false << "";
        QTest::newRow("now on date") << "date" << true << "\"now\"" << false << "";
        QTest::newRow("now on text") << "text" << true << "\"now\"" << false
                                     << "date or timestamp";
        QTest::newRow("true on bool") << "bool" << true << "true" << false << "";
        QTest::newRow("true on int") << "int" << true << "true" << false << "bool column";
        QTest::newRow("3 on int") << "int" << true << "3" << false << "";
        QTest::newRow("2.5 on decimal") << "decimal(10,2)" << true << "2.5" << false << "";
        QTest::newRow("2.5 on int") << "int" << true << "2.5" << false << "whole number";
        QTest::newRow("3 on varchar") << "varchar(5)" << true << "3" << false << "numeric column";
        QTest::newRow("null on nullable") << "text" << true << "null" << false << "";
        QTest::newRow("null on not null") << "text" << false << "null" << false << "NOT NULL";
        QTest::newRow("literal on text") << "text" << false << "\"pending\"" << false << "";
        QTest::newRow("NUL in literal") << "text" << true << "\"a\\u0000b\"" << false
                                        << "NUL character";
        QTest::newRow("identity with default") << "bigint" << false << "1" << true
                                               << "cannot also have a default";
    }
    void columnDefaults()
    {
        QFETCH(QString, type);
        QFETCH(bool, nullable);
        QFETCH(QString, json);
        QFETCH(bool, identity);
        QFETCH(QString, problem);
        // Through the reader, as a user's file would come: the default's JSON is parsed there.
        const QString text =
            QStringLiteral("{\"format\": \"archsim\", \"version\": 1, \"name\": \"d\", "
                           "\"schemas\": [{\"id\": \"s\", \"tables\": [{\"name\": \"t\", "
                           "\"columns\": [{\"name\": \"id\", \"type\": \"bigint\"}, "
                           "{\"name\": \"c\", \"type\": \"%1\", \"nullable\": %2, "
                           "\"identity\": %3, \"default\": %4}]}]}]}")
                .arg(type, nullable ? QStringLiteral("true") : QStringLiteral("false"),
                     identity ? QStringLiteral("true") : QStringLiteral("false"), json);
        auto m = parseJson(text.toStdString());
        QVERIFY2(m.ok(), m.ok() ? "" : m.message().c_str());
        const Diagnostics d = validate(m.value());
        if (problem.isEmpty()) {
            QVERIFY2(d.empty(), d.empty() ? "" : d[0].message.c_str());
            QVERIFY(columnDefaultProblem(m.value().schemas[0].tables[0].columns[1]).empty());
            return;
        }
        QCOMPARE(d.size(), size_t(1));
        QCOMPARE(QString::fromStdString(d[0].place),
                 QStringLiteral("/schemas/0/tables/0/columns/1/default"));
        QVERIFY2(QString::fromStdString(d[0].message).contains(problem), d[0].message.c_str());
    }

    void duplicateSchemaIdsDoNotCrash()
    {
        Model m;
        Schema a;
        a.id = "s";
        Table t1;
        t1.name = "only";
        Column c;
        c.name = "id";
        c.type = LogicalType::parse("int").value();
        t1.columns = {c};
        a.tables = {t1};
        Schema b = a;
        for (int i = 0; i < 4; ++i) {
            Table t = t1;
            t.name = "t" + std::to_string(i);
            b.tables.push_back(t);
        }
        ForeignKey fk;
        fk.columns = {"id"};
        fk.references = "t3";
        fk.ref_columns = {"id"};
        b.tables.back().foreign_keys = {fk};
        m.schemas = {a, b};
        const Diagnostics d = validate(m);
        QCOMPARE(d.size(), size_t(1));
        QCOMPARE(QString::fromStdString(d[0].place), QStringLiteral("/schemas/1/id"));
    }

    void partitionRules()
    {
        Model m;
        Schema s;
        s.id = "s";
        Table t;
        t.name = "events";
        Column id;
        id.name = "id";
        id.type = LogicalType::parse("bigint").value();
        Column at;
        at.name = "at";
        at.type = LogicalType::parse("date").value();
        t.columns = {id, at};
        t.primary_key = {"id", "at"};
        Partitioning p;
        p.column = "at";
        p.interval = PartitionInterval::Day;
        p.start = "2028-02-29"; // a leap day
        p.count = 7;
        t.partitioning = p;
        s.tables = {t};
        m.schemas = {s};
        QVERIFY(validate(m).empty());
        m.schemas[0].tables[0].partitioning->start = "2027-02-29"; // not a leap year
        QCOMPARE(validate(m).size(), size_t(1));
        m.schemas[0].tables[0].partitioning->start = "2028-02-29";
        m.schemas[0].tables[0].partitioning->method = PartitionMethod::List;
        auto d = validate(m);
        QCOMPARE(d.size(), size_t(1));
        QCOMPARE(QString::fromStdString(d[0].place),
                 QStringLiteral("/schemas/0/tables/0/partitioning/lists"));
    }
};

QTEST_GUILESS_MAIN(TestValidate)
#include "tst_validate.moc"
