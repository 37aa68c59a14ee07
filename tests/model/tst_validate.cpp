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

    // Issue 15, defect 2 (shell injection through health_path): the compose export ran the
    // path in a shell. A health path is a URL path: one that holds a space, a control or shell
    // metacharacter, or lacks its leading '/', is refused at its JSON pointer.
    void healthPathShellInjection_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("valid");
        QTest::newRow("healthz") << "/healthz" << true;
        QTest::newRow("empty: a TCP probe") << "" << true;
        QTest::newRow("query") << "/q/health/ready?full=1,x=y" << true;
        QTest::newRow("escapes and punctuation") << "/v1/a%20b/x:check@+~_.-" << true;
        QTest::newRow("the probe's command") << "/health; touch x; echo " << false;
        QTest::newRow("command substitution") << "/health$(touch x)" << false;
        QTest::newRow("variable") << "/health$HOME" << false;
        QTest::newRow("backticks") << "/health`id`" << false;
        QTest::newRow("pipe") << "/health|id" << false;
        QTest::newRow("ampersand") << "/health&id" << false;
        QTest::newRow("quote") << "/health'x" << false;
        QTest::newRow("redirection") << "/health>x" << false;
        QTest::newRow("newline") << "/health\ntouch x" << false;
        QTest::newRow("tab") << "/a\tb" << false;
        QTest::newRow("non-ASCII") << QString::fromUtf8("/sant\xc3\xa9") << false;
        QTest::newRow("no leading slash") << "healthz" << false;
        QTest::newRow("short escape") << "/a%2" << false;
        QTest::newRow("escape not hex") << "/a%zz" << false;
    }
    void healthPathShellInjection()
    {
        QFETCH(QString, path);
        QFETCH(bool, valid);
        Model m;
        Component api;
        api.id = "api";
        api.deploy.health_path = path.toStdString();
        m.components = {api};
        const Diagnostics d = validate(m);
        QStringList places;
        for (const auto &x : d)
            places << QString::fromStdString(x.place + ": " + x.message);
        if (valid) {
            QVERIFY2(d.empty(), qPrintable(places.join('\n')));
            return;
        }
        QCOMPARE(d.size(), size_t(1));
        QCOMPARE(QString::fromStdString(d[0].place),
                 QStringLiteral("/components/0/deploy/health_path"));
        QVERIFY2(d[0].message.find("health_path") != std::string::npos, d[0].message.c_str());
        QCOMPARE(healthPathProblem(path.toStdString()).empty(), false);
    }

    // Issue 15, defect 6 (environment names that collide): '#K', '&K', '*K' and '-K' are all
    // written as '_K', so the exporters kept one value and lost three. Each later key of a
    // colliding group is refused at its own JSON pointer; plain keys come before secrets.
    void envNameCollision()
    {
        Model m;
        Component api;
        api.id = "api";
        api.deploy.env = {{"#K", "1"}, {"&K", "2"}, {"*K", "3"}, {"-K", "4"}, {"K", "5"},
                          {"a/b", "6"}, {"a~b", "7"}, {"DB_PASSWORD", "8"}};
        api.deploy.secrets = {{"DB-PASSWORD", "db", "password"}, {"TOKEN", "t", "a"},
                              {"TOKEN", "t", "b"}, {"OTHER", "t", "c"}};
        m.components = {api};
        QStringList places;
        for (const auto &x : validate(m))
            places << QString::fromStdString(x.place);
        // std::map keeps the keys in byte order: '#' < '&' < '*' < '-', and '/' < '~'.
        const QStringList expected{"/components/0/deploy/env/&K", "/components/0/deploy/env/*K",
                                   "/components/0/deploy/env/-K",
                                   "/components/0/deploy/env/a~0b",
                                   "/components/0/deploy/secrets/0/env",
                                   "/components/0/deploy/secrets/2/env"};
        QCOMPARE(places, expected);
        // The rule is the one the exporters write with.
        QCOMPARE(envName("-K"), std::string("_K"));
        QCOMPARE(envName("9lives"), std::string("_9lives"));
        QCOMPARE(envName(""), std::string("_"));
    }

    void envNameCollisionMessage()
    {
        Model m;
        Component api;
        api.id = "api";
        api.deploy.env = {{"#K", "1"}, {"-K", "4"}};
        m.components = {api};
        const Diagnostics d = validate(m);
        QCOMPARE(d.size(), size_t(1));
        QCOMPARE(QString::fromStdString(d[0].message),
                 QStringLiteral("component 'api': environment variable '-K' becomes '_K', the "
                                "name of '#K' (/components/0/deploy/env/#K): one of the two "
                                "values would be lost; rename one"));
    }
};

QTEST_GUILESS_MAIN(TestValidate)
#include "tst_validate.moc"
