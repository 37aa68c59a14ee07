// The native project file (*.archsim): lossless round trips, the relational layout, refusal of
// files that are not ours, corrupt or too new, upgrades, and the stored simulation runs.

#include "archsimtestutil.h"

#include "archsim/model/generator.h"
#include "archsim/model/io.h"
#include "archsim/model/runstore.h"

#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/file.h>

#include <cmath>
#include <limits>

using namespace archsim::model;
using archsim::test::execSql;
using archsim::test::querySql;

class TestArchsimIo : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    // Returns a fresh path in the temporary folder.
    std::string path(const char *suffix = ".archsim")
    {
        return m_dir.filePath(QString("f%1%2").arg(++m_counter).arg(suffix)).toStdString();
    }

    // Writes then reads a model; fails the test with the first difference.
    void checkRoundTrip(const Model &m, const QByteArray &what)
    {
        std::string file = path();
        Status w = writeArchsim(m, file);
        QVERIFY2(w.ok(), (what + ": " + w.message().c_str()).constData());
        auto r = readArchsim(file);
        QVERIFY2(r.ok(), (what + ": " + r.message().c_str()).constData());
        if (!(r.value() == m))
            QFAIL((what + " differs after the round trip, " +
                   archsim::test::modelDifference(m, r.value()).c_str())
                      .constData());
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Model -> archsim -> Model is the identity (operator==) for 200 generated models.
    void roundTripGenerated()
    {
        for (uint64_t seed = 1; seed <= 200 && !QTest::currentTestFailed(); ++seed)
            checkRoundTrip(generateModel(seed), "seed " + QByteArray::number(qulonglong(seed)));
    }

    void roundTripShapes_data()
    {
        QTest::addColumn<int>("components");
        QTest::addColumn<int>("tables");
        QTest::addColumn<bool>("everything");
        QTest::newRow("empty model") << 0 << 0 << true;
        QTest::newRow("plain fields only") << 30 << 12 << false;
        QTest::newRow("one of each kind") << 10 << 1 << true;
        QTest::newRow("larger") << 400 << 150 << true;
    }

    void roundTripShapes()
    {
        QFETCH(int, components);
        QFETCH(int, tables);
        QFETCH(bool, everything);
        GeneratorOptions o;
        o.components = components;
        o.tables = tables;
        o.exerciseEverything = everything;
        o.scenarios = components > 0 ? 3 : 0;
        o.zones = components > 0 ? 3 : 0;
        checkRoundTrip(generateModel(77, o), QTest::currentDataTag());
    }

    // Values at the edges of what the file holds: extreme doubles, full-range integers, text
    // with every kind of character, a seed above 2^63, an empty position list.
    void roundTripEdgeValues()
    {
        Model m;
        m.name = std::string("nul\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\ \n\t end");
        Component c;
        c.id = "c";
        c.kind = ComponentKind::Cache;
        c.rps = std::numeric_limits<double>::denorm_min();
        c.ttl_s = std::numeric_limits<double>::max();
        c.zipf = 1e-9;
        c.keys = std::numeric_limits<int64_t>::max();
        c.capacity = std::numeric_limits<int64_t>::min();
        c.position = Position{-0.0, 123456.789};
        c.queue_limit = 0;
        c.service_time = Distribution{};
        c.deploy.env["A=B"] = "";
        m.components.push_back(c);
        Scenario s;
        s.id = "s";
        s.seed = std::numeric_limits<uint64_t>::max();
        m.scenarios.push_back(s);
        checkRoundTrip(m, "edge values");
    }

    // Every bundled example: Model -> archsim -> Model, and json -> archsim -> json bytes.
    void examples_data()
    {
        QTest::addColumn<QString>("file");
        QDir dir(QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples"));
        const auto files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 3, "expected the three bundled examples");
        for (const QString &f : files)
            QTest::newRow(f.toUtf8().constData()) << dir.absoluteFilePath(f);
    }

    void examples()
    {
        QFETCH(QString, file);
        std::string text = archsim::test::readBytes(file);
        auto parsed = parseJson(text, file.toStdString());
        QVERIFY2(parsed.ok(), parsed.message().c_str());
        checkRoundTrip(parsed.value(), file.toUtf8());
        std::string out = path();
        QVERIFY(writeArchsim(parsed.value(), out).ok());
        auto back = readArchsim(out);
        QVERIFY2(back.ok(), back.message().c_str());
        std::string json = toJson(back.value());
        QVERIFY2(json == text, archsim::test::firstDifference(text, json).c_str());
    }

    // model -> json -> archsim -> json is byte-identical for 200 generated models.
    void jsonArchsimJsonGenerated()
    {
        for (uint64_t seed = 1001; seed <= 1200; ++seed) {
            std::string json = toJson(generateModel(seed));
            auto parsed = parseJson(json);
            QVERIFY2(parsed.ok(), parsed.message().c_str());
            std::string file = path();
            QVERIFY(writeArchsim(parsed.value(), file).ok());
            auto back = readArchsim(file);
            QVERIFY2(back.ok(), back.message().c_str());
            std::string again = toJson(back.value());
            if (again != json)
                QFAIL(("seed " + std::to_string(seed) + ": " +
                       archsim::test::firstDifference(json, again))
                          .c_str());
        }
    }

    // The layout is relational: one row per entity, references in real columns with keys.
    void relationalLayout()
    {
        GeneratorOptions o;
        o.components = 40;
        o.tables = 12;
        Model m = generateModel(5, o);
        std::string file = path();
        QVERIFY(writeArchsim(m, file).ok());
        QCOMPARE(querySql(file, "PRAGMA application_id"), std::to_string(0x41524348));
        QCOMPARE(querySql(file, "PRAGMA user_version"), std::to_string(kFormatVersion));
        QCOMPARE(querySql(file, "PRAGMA journal_mode"), std::string("delete"));
        QCOMPARE(querySql(file, "SELECT count(*) FROM components"), std::to_string(40));
        QCOMPARE(querySql(file, "SELECT count(*) FROM links"), std::to_string(m.links.size()));
        size_t columns = 0;
        for (const auto &s : m.schemas)
            for (const auto &t : s.tables)
                columns += t.columns.size();
        QCOMPARE(querySql(file, "SELECT count(*) FROM columns"), std::to_string(columns));
        const Link &l = m.links.front();
        QCOMPARE(querySql(file, "SELECT from_id || '>' || to_id FROM links WHERE ordinal = 0"),
                 l.from + ">" + l.to);
        // links.from_id and links.to_id are foreign keys to components(id), with indexes.
        QCOMPARE(querySql(file, "SELECT group_concat(\"from\", ',') FROM "
                                "(SELECT * FROM pragma_foreign_key_list('links') ORDER BY 4)"),
                 std::string("from_id,to_id"));
        QCOMPARE(querySql(file, "SELECT count(*) FROM pragma_index_list('links') "
                                "WHERE name IN ('links_from', 'links_to')"),
                 std::string("2"));
        QCOMPARE(querySql(file, "PRAGMA foreign_key_check"), std::string());
        QCOMPARE(querySql(file, "PRAGMA integrity_check"), std::string("ok"));
    }

    // A model the relational layout cannot hold is refused with its place, before SQLite.
    void refusesUnsavable_data()
    {
        QTest::addColumn<int>("breakage");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("message");
        QTest::newRow("duplicate component id") << 0 << "/components/3/id" << "duplicate id";
        QTest::newRow("link to nowhere") << 1 << "/links/0/to" << "unknown component 'ghost'";
        QTest::newRow("infinite number") << 2 << "/components/2/rps" << "not a finite number";
        QTest::newRow("NaN in an event")
            << 3 << "/scenarios/0/events/0/factor" << "not a finite number";
        QTest::newRow("duplicate zone") << 4 << "/zones/1" << "duplicate";
    }

    void refusesUnsavable()
    {
        QFETCH(int, breakage);
        QFETCH(QString, place);
        QFETCH(QString, message);
        Model m = generateModel(9);
        switch (breakage) {
        case 0:
            m.components[3].id = m.components[1].id;
            break;
        case 1:
            m.links[0].to = "ghost";
            break;
        case 2:
            m.components[2].rps = std::numeric_limits<double>::infinity();
            break;
        case 3:
            m.scenarios[0].events.push_back({});
            m.scenarios[0].events[0].factor = std::nan("");
            break;
        case 4:
            m.zones = {"zone-a", "zone-a"};
            break;
        }
        std::string file = path();
        Status s = writeArchsim(m, file);
        QVERIFY(!s.ok());
        QCOMPARE(QString::fromStdString(s.diagnostics.front().place), place);
        QVERIFY2(s.message().find(message.toStdString()) != std::string::npos,
                 s.message().c_str());
        QVERIFY2(!QFile::exists(QString::fromStdString(file)), "a failed new file is removed");
    }

    // A save that fails half-way over an existing project leaves the previous model intact.
    void failedSaveKeepsPreviousModel()
    {
        std::string file = path();
        Model first = generateModel(21);
        QVERIFY(writeArchsim(first, file).ok());
        Model second = generateModel(22);
        second.scenarios.back().events.push_back({});
        second.scenarios.back().events.back().at_s = std::nan(""); // written last
        QVERIFY(!writeArchsim(second, file).ok());
        auto back = readArchsim(file);
        QVERIFY2(back.ok(), back.message().c_str());
        QVERIFY2(back.value() == first,
                 archsim::test::modelDifference(first, back.value()).c_str());
    }

    // Broken files made here from a valid project by the same recipes as
    // scripts/make-bad-archsim.sh; each is refused with a message that says what is wrong.
    void refuses_data()
    {
        QTest::addColumn<int>("recipe");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("message");
        QTest::newRow("zero-byte file") << 0 << "" << "empty file (0 bytes)";
        QTest::newRow("random bytes") << 1 << "" << "not a SQLite database";
        QTest::newRow("JSON named .archsim") << 2 << "" << "looks like JSON";
        QTest::newRow("someone else's SQLite file")
            << 3 << "" << "not an ArchSim project (application_id 0x00000000";
        QTest::newRow("future version") << 4 << "" << "newer ArchSim (format version 3)";
        QTest::newRow("truncated file") << 5 << "" << "truncated ArchSim project";
        QTest::newRow("corrupt page") << 6 << "" << "corrupt ArchSim project";
        QTest::newRow("missing table") << 7 << "" << "table 'components' is missing";
        QTest::newRow("unknown kind")
            << 8 << "/components/1/kind" << "unknown component kind 'spaceship'";
        QTest::newRow("wrong attribute type")
            << 9 << "/components/2/replicas" << "expected an integer";
        QTest::newRow("unknown attribute")
            << 10 << "/components/2/warp_drive" << "unknown attribute 'warp_drive'";
        QTest::newRow("bad column type")
            << 11 << "/schemas/0/tables/0/columns/1/type" << "varchar(0)";
        QTest::newRow("orphan row") << 12 << "" << "'ghost', which does not exist";
        QTest::newRow("no such file") << 13 << "" << "no such file";
        QTest::newRow("a directory") << 14 << "" << "is a directory";
    }

    void refuses()
    {
        QFETCH(int, recipe);
        QFETCH(QString, place);
        QFETCH(QString, message);
        std::string file = path();
        QString qfile = QString::fromStdString(file);
        GeneratorOptions o;
        o.components = 12;
        o.tables = 4;
        QVERIFY(writeArchsim(generateModel(3, o), file).ok());
        std::string good = archsim::test::readBytes(qfile);
        std::string bytes;
        switch (recipe) {
        case 0:
            break;
        case 1:
            for (uint64_t x = 12345, i = 0; i < 4096; ++i) // a fixed LCG: same bytes every run
                bytes += char((x = x * 6364136223846793005ULL + 1) >> 56);
            break;
        case 2:
            bytes = "{\"format\": \"archsim\", \"version\": 1}\n";
            break;
        case 3:
            QFile::remove(qfile);
            QVERIFY(execSql(file, "CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('hi');"));
            bytes = archsim::test::readBytes(qfile);
            break;
        case 4:
            QVERIFY(execSql(file, "PRAGMA user_version = 3"));
            bytes = archsim::test::readBytes(qfile);
            break;
        case 5:
            bytes = good.substr(0, good.size() / 2);
            break;
        case 6:
            // Page 2 holds a b-tree of the layout; 4096 bytes of 0xA5 over it break its header.
            bytes = good;
            QVERIFY(bytes.size() > 3 * 4096);
            std::fill(bytes.begin() + 4096, bytes.begin() + 2 * 4096, char(0xA5));
            break;
        case 7:
            QVERIFY(execSql(file, "PRAGMA foreign_keys=OFF; DROP TABLE components;"));
            bytes = archsim::test::readBytes(qfile);
            break;
        case 8:
            QVERIFY(execSql(file, "UPDATE components SET kind = 'spaceship' WHERE ordinal = 1"));
            bytes = archsim::test::readBytes(qfile);
            break;
        case 9:
            QVERIFY(execSql(file, "UPDATE components SET attrs = '{\"replicas\": \"three\"}' "
                                  "WHERE ordinal = 2"));
            bytes = archsim::test::readBytes(qfile);
            break;
        case 10:
            QVERIFY(execSql(file, "UPDATE components SET attrs = '{\"warp_drive\": 9}' "
                                  "WHERE ordinal = 2"));
            bytes = archsim::test::readBytes(qfile);
            break;
        case 11:
            QVERIFY(execSql(file, "UPDATE columns SET type = 'varchar(0)' WHERE ordinal = 1 AND "
                                  "table_id = (SELECT table_id FROM tables WHERE ordinal = 0 "
                                  "AND schema_id = 'schema-0')"));
            bytes = archsim::test::readBytes(qfile);
            break;
        case 12:
            QVERIFY(execSql(file, "INSERT INTO component_zones VALUES ('ghost', 0, 'zone-a')"));
            bytes = archsim::test::readBytes(qfile);
            break;
        case 13:
            QFile::remove(qfile);
            break;
        case 14:
            QFile::remove(qfile);
            QVERIFY(QDir().mkdir(qfile));
            break;
        }
        if (recipe < 13)
            QVERIFY(archsim::test::writeBytes(qfile, bytes));
        auto r = readArchsim(file);
        QVERIFY(!r.ok());
        const Diagnostic &d = r.diagnostics().front();
        QCOMPARE(QString::fromStdString(d.file), qfile);
        QCOMPARE(QString::fromStdString(d.place), place);
        QVERIFY2(d.message.find(message.toStdString()) != std::string::npos, d.message.c_str());
        // The run store refuses a file that is not a sound project and never changes it
        // (a bad row in the model tables does not concern the runs table).
        if (recipe <= 7 || recipe >= 13) {
            QVERIFY(!storeRun(file, RunRecord{}).ok());
            if (recipe < 13)
                QCOMPARE(archsim::test::readBytes(qfile), bytes);
        }
        // Saving over a file that is not an ArchSim project does not clobber it.
        if (recipe >= 1 && recipe <= 3) {
            QVERIFY(!writeArchsim(generateModel(4), file).ok());
            QCOMPARE(archsim::test::readBytes(qfile), bytes);
        }
    }

    // The committed corpus (tests/data/bad/bad-archsim-*.archsim, made by
    // scripts/make-bad-archsim.sh) is refused by loadModel with the listed message.
    void badFixtures_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("message");
        QFile tsv(QStringLiteral(ARCHSIM_SOURCE_DIR "/tests/data/bad/expected-archsim.tsv"));
        QVERIFY(tsv.open(QIODevice::ReadOnly | QIODevice::Text));
        int rows = 0;
        while (!tsv.atEnd()) {
            QString line = QString::fromUtf8(tsv.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            QStringList parts = line.split('\t');
            QCOMPARE(parts.size(), 3);
            QTest::newRow(parts[0].toUtf8().constData())
                << QStringLiteral(ARCHSIM_SOURCE_DIR "/tests/data/bad/") + parts[0]
                << (parts[1] == "-" ? QString() : parts[1]) << parts[2];
            ++rows;
        }
        QVERIFY(rows >= 10);
        QDir dir(QStringLiteral(ARCHSIM_SOURCE_DIR "/tests/data/bad"));
        QCOMPARE(int(dir.entryList({"bad-archsim-*.archsim"}, QDir::Files).size()), rows);
    }

    void badFixtures()
    {
        QFETCH(QString, file);
        QFETCH(QString, place);
        QFETCH(QString, message);
        auto r = loadModel(file.toStdString());
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.diagnostics().front().file), file);
        QCOMPARE(QString::fromStdString(r.diagnostics().front().place), place);
        QVERIFY2(r.message().find(message.toStdString()) != std::string::npos,
                 r.message().c_str());
    }

    // Saving replaces the model and keeps the stored runs: in place, and through saveModel's
    // temporary file and rename.
    void runsSurviveSaves()
    {
        std::string file = path();
        QVERIFY(writeArchsim(generateModel(31), file).ok());
        RunRecord a;
        a.scenario_id = "scenario-0";
        a.seed = 7;
        a.label = "baseline \xE2\x9C\x93";
        a.options_json = R"({"duration_s":600})";
        a.results_json = R"({"p99_ms":12.5})";
        QVERIFY(storeRun(file, a).ok());
        RunRecord b = a;
        b.seed = std::numeric_limits<uint64_t>::max();
        b.created_at = "2026-11-29T06:00:00.000Z";
        QVERIFY(storeRun(file, b).ok());

        Model second = generateModel(32);
        QVERIFY(writeArchsim(second, file).ok());
        auto runs = listRuns(file);
        QVERIFY2(runs.ok(), runs.message().c_str());
        QCOMPARE(runs.value().size(), size_t(2));
        QCOMPARE(readArchsim(file).value(), second);

        Model third = generateModel(33);
        Status saved = saveModel(third, file);
        QVERIFY2(saved.ok(), saved.message().c_str());
        QCOMPARE(readArchsim(file).value(), third);
        auto after = listRuns(file);
        QVERIFY2(after.ok(), after.message().c_str());
        QCOMPARE(after.value().size(), size_t(2));
        RunRecord first = after.value()[0], last = after.value()[1];
        QCOMPARE(first.label, a.label);
        QCOMPARE(first.options_json, a.options_json);
        QCOMPARE(first.results_json, a.results_json);
        QVERIFY(!first.created_at.empty());
        QCOMPARE(last.seed, b.seed);
        QCOMPARE(last.created_at, b.created_at);
        QVERIFY(first.id < last.id);
    }

    void runStore()
    {
        std::string file = path();
        QVERIFY(writeArchsim(generateModel(41), file).ok());
        QCOMPARE(listRuns(file).value().size(), size_t(0));
        RunRecord r;
        r.results_json = "{not json";
        Status bad = storeRun(file, r);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.message().find("results are not a JSON document") != std::string::npos,
                 bad.message().c_str());
        r.results_json.clear(); // empty means "{}"
        QVERIFY(storeRun(file, r).ok());
        QVERIFY(storeRun(file, r).ok());
        auto runs = listRuns(file).value();
        QCOMPARE(runs.size(), size_t(2));
        QCOMPARE(runs[0].results_json, std::string("{}"));
        QVERIFY(deleteRun(file, runs[0].id).ok());
        QVERIFY(!deleteRun(file, runs[0].id).ok());
        QCOMPARE(listRuns(file).value().size(), size_t(1));
        std::string other = path();
        QVERIFY(writeArchsim(generateModel(42), other).ok());
        QVERIFY(copyRuns(file, other).ok());
        QCOMPARE(listRuns(other).value().size(), size_t(1));
        QVERIFY(!listRuns(path(".json")).ok());
    }

    // Version 0 (the base layout without the runs table) is read and upgraded in memory
    // without touching the file; storing a run upgrades the file in place.
    void upgradesVersionZero()
    {
        std::string file = path();
        QString qfile = QString::fromStdString(file);
        Model m = generateModel(51);
        for (auto &s : m.schemas)
            s.views.clear(); // version 0 has no views (they came with version 2)
        QVERIFY(writeArchsim(m, file).ok());
        QVERIFY(execSql(file, "DROP TABLE runs; DROP TABLE view_index_columns; "
                              "DROP TABLE view_indexes; DROP TABLE view_reads; DROP TABLE views; "
                              "PRAGMA user_version = 0;"));
        QCOMPARE(querySql(file, "PRAGMA user_version"), std::string("0"));
        std::string before = archsim::test::readBytes(qfile);
        auto r = readArchsim(file);
        QVERIFY2(r.ok(), r.message().c_str());
        QCOMPARE(r.value(), m);
        QCOMPARE(r.value().version, kFormatVersion);
        QCOMPARE(listRuns(file).value().size(), size_t(0));
        QCOMPARE(archsim::test::readBytes(qfile), before);
        QVERIFY(storeRun(file, RunRecord{}).ok());
        QCOMPARE(querySql(file, "PRAGMA user_version"), std::to_string(kFormatVersion));
        QCOMPARE(listRuns(file).value().size(), size_t(1));
        QCOMPARE(readArchsim(file).value(), m);
    }

    // A hand-made file cannot make our connection run its code: triggers and views are off.
    void hostileSchemaIsInert()
    {
        std::string file = path();
        Model m = generateModel(61);
        QVERIFY(writeArchsim(m, file).ok());
        QVERIFY(execSql(file, "CREATE TRIGGER wipe AFTER INSERT ON runs "
                              "BEGIN DELETE FROM suppressions; UPDATE model SET name = 'pwned'; "
                              "END;"));
        QVERIFY(storeRun(file, RunRecord{}).ok());
        QCOMPARE(querySql(file, "SELECT name FROM model"), m.name);
        QCOMPARE(readArchsim(file).value(), m);
    }

    // Defect 1 of issue #15: a partitionings row whose table_id names no table made the reader
    // look up the table's place before the table, and crash (validate and info segfaulted).
    void partitioningOrphanTable()
    {
        std::string file = path();
        QVERIFY(writeArchsim(generateModel(81), file).ok());
        QVERIFY(execSql(file, "INSERT INTO partitionings VALUES (9999, 'range', 'x', '{}')"));
        auto r = readArchsim(file);
        QVERIFY(!r.ok());
        const Diagnostic &d = r.diagnostics().front();
        QCOMPARE(QString::fromStdString(d.place), QString());
        QVERIFY2(d.message.find("a row of 'partitionings' belongs to 'table #9999', which does "
                                "not exist") != std::string::npos,
                 d.message.c_str());
    }

    // Defect 10 of issue #15: a list partition of a table without partitioning was reported as
    // belonging to a table that "does not exist"; the table exists, it is not partitioned.
    void listPartitionOfUnpartitionedTable()
    {
        std::string file = path();
        QVERIFY(writeArchsim(generateModel(82), file).ok());
        const std::string table = "(SELECT min(table_id) FROM tables WHERE table_id NOT IN "
                                  "(SELECT table_id FROM partitionings))";
        const std::string name = querySql(file, "SELECT name FROM tables WHERE table_id = " +
                                                    table);
        QVERIFY(!name.empty());
        QVERIFY(execSql(file, "INSERT INTO list_partitions (table_id, ordinal, name) VALUES (" +
                                  table + ", 0, 'p-eu')"));
        auto r = readArchsim(file);
        QVERIFY(!r.ok());
        const Diagnostic &d = r.diagnostics().front();
        QVERIFY2(QString::fromStdString(d.place).contains(
                     QRegularExpression("^/schemas/\\d+/tables/\\d+/partitioning$")),
                 d.place.c_str());
        QVERIFY2(d.message.find("list partition 'p-eu' (a row of 'list_partitions') belongs to "
                                "table '" + name + "', which is not partitioned") !=
                     std::string::npos,
                 d.message.c_str());
        QVERIFY2(d.message.find("does not exist") == std::string::npos, d.message.c_str());
    }

    // Defect 10 of issue #15: user_version is signed; -1 was reported as 4294967295.
    void negativeUserVersion()
    {
        std::string file = path();
        QVERIFY(writeArchsim(generateModel(83), file).ok());
        QVERIFY(execSql(file, "PRAGMA user_version = -1"));
        QCOMPARE(querySql(file, "PRAGMA user_version"), std::string("-1"));
        auto r = readArchsim(file);
        QVERIFY(!r.ok());
        const std::string &message = r.diagnostics().front().message;
        QVERIFY2(message.find("format version -1 ") != std::string::npos, message.c_str());
        QVERIFY2(message.find("4294967295") == std::string::npos, message.c_str());
        QVERIFY2(message.find("newer") == std::string::npos, message.c_str());
    }

    // Defect 4 of issue #15: SQLite stores 1e999 as Inf in a REAL column; it passed validate and
    // became null in JSON, which then failed to load. Refused on reading, at its place.
    void nonFiniteNumberRefused_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("message");
        const QString c0 = "(SELECT id FROM components WHERE ordinal = 0)";
        const QString s0 = "(SELECT id FROM scenarios WHERE ordinal = 0)";
        QTest::newRow("x = 1e999")
            << "UPDATE components SET x = 1e999, y = 0 WHERE ordinal = 0"
            << "/components/0/position/x" << "not a finite number (Inf)";
        QTest::newRow("y = -1e999")
            << "UPDATE components SET x = 0, y = -1e999 WHERE ordinal = 0"
            << "/components/0/position/y" << "not a finite number (-Inf)";
        QTest::newRow("x NULL (a NaN), y set")
            << "UPDATE components SET x = NULL, y = 5 WHERE ordinal = 0"
            << "/components/0/position/x" << "a position needs both x and y";
        QTest::newRow("profile at_s")
            << "DELETE FROM profile_points WHERE component_id = " + c0 +
                   "; INSERT INTO profile_points VALUES (" + c0 + ", 0, 1e999, 5)"
            << "/components/0/profile/0/at_s" << "not a finite number (Inf)";
        QTest::newRow("key class share")
            << "DELETE FROM key_classes WHERE component_id = " + c0 +
                   "; INSERT INTO key_classes VALUES (" + c0 + ", 0, 'k', -1e999, 0, 0)"
            << "/components/0/key_classes/0/share" << "not a finite number (-Inf)";
        QTest::newRow("column default")
            << "UPDATE columns SET default_kind = 'number', default_value = 1e999 "
               "WHERE table_id = 1 AND ordinal = 0"
            << "/schemas/0/tables/0/columns/0/default" << "not a finite number (Inf)";
        QTest::newRow("event at_s")
            << "DELETE FROM scenario_events WHERE scenario_id = " + s0 +
                   "; INSERT INTO scenario_events VALUES (" + s0 +
                   ", 0, 1e999, 'crash', 'x', '{}')"
            << "/scenarios/0/events/0/at_s" << "not a finite number (Inf)";
        QTest::newRow("number in attrs")
            << "UPDATE components SET attrs = '{\"rps\": 1e999}' WHERE ordinal = 0"
            << "/components/0" << "not a finite number";
    }

    void nonFiniteNumberRefused()
    {
        QFETCH(QString, sql);
        QFETCH(QString, place);
        QFETCH(QString, message);
        std::string file = path();
        QVERIFY(writeArchsim(generateModel(84), file).ok());
        std::string error;
        QVERIFY2(execSql(file, sql.toStdString(), &error), error.c_str());
        auto r = loadModel(file);
        QVERIFY(!r.ok());
        const Diagnostic &d = r.diagnostics().front();
        QCOMPARE(QString::fromStdString(d.place), place);
        QVERIFY2(d.message.find(message.toStdString()) != std::string::npos, d.message.c_str());
    }

    // The JSON reader refuses them too, at their line:col (nlohmann reads 1e999 as overflow).
    void nonFiniteJsonNumberRefused_data()
    {
        QTest::addColumn<QString>("number");
        QTest::newRow("1e999") << "1e999";
        QTest::newRow("-1e999") << "-1e999";
        QTest::newRow("NaN") << "NaN";
        QTest::newRow("Infinity") << "Infinity";
    }

    void nonFiniteJsonNumberRefused()
    {
        QFETCH(QString, number);
        const std::string text = "{\"format\": \"archsim\", \"version\": 1,\n"
                                 " \"components\": [{\"id\": \"c\", \"kind\": \"client\", "
                                 "\"rps\": " + number.toStdString() + "}]}";
        auto r = parseJson(text, "n.json");
        QVERIFY(!r.ok());
        const Diagnostic &d = r.diagnostics().front();
        QVERIFY2(QString::fromStdString(d.place).contains(QRegularExpression("^2:\\d+$")),
                 d.place.c_str());
        QVERIFY2(d.message.find("invalid JSON") != std::string::npos, d.message.c_str());
    }

    // Defect 8 of issue #15: reading is read-only. A hot journal (an interrupted save in
    // place), a WAL with frames, and a file in WAL mode without a WAL used to be recovered in
    // place or to leave -wal and -shm files. Reading now recovers a private copy: it sees the
    // last complete state, and the files beside it keep their names, bytes and times. The next
    // save recovers the file itself (rolls back, checkpoints) before replacing it.
    void readingIsReadOnly_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("hot journal of an interrupted save") << 0;
        QTest::newRow("WAL holding committed frames") << 1;
        QTest::newRow("WAL-mode file without a WAL") << 2;
    }

    void readingIsReadOnly()
    {
        QFETCH(int, kind);
        QTemporaryDir dir;
        const std::string source = dir.filePath("source.archsim").toStdString();
        const std::string file = dir.filePath("crashed.archsim").toStdString();
        GeneratorOptions o;
        o.tables = 60;
        Model m = generateModel(91, o);
        QVERIFY(writeArchsim(m, source).ok());
        RunRecord run;
        run.label = "before";
        QVERIFY(storeRun(source, run).ok());
        Model expected = m;
        auto copy = [&](const char *suffix) {
            return QFile::copy(QString::fromStdString(source + suffix),
                               QString::fromStdString(file + suffix));
        };
        if (kind == 2) {
            QVERIFY(execSql(source, "PRAGMA journal_mode = WAL"));
            QVERIFY(copy(""));
        } else {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(source.c_str(), &db), SQLITE_OK);
            // A tiny page cache makes SQLite write changed pages before the commit.
            const char *sql = kind == 0 ? "PRAGMA cache_size = 1; BEGIN; DELETE FROM columns; "
                                          "UPDATE model SET name = 'half-saved';"
                                        : "PRAGMA journal_mode = WAL; "
                                          "UPDATE model SET name = 'in-the-wal';";
            QCOMPARE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
            // The "crash": copy the file and its journal or WAL as they are now.
            QVERIFY(copy(kind == 0 ? "-journal" : "-wal"));
            QVERIFY(copy(""));
            sqlite3_close(db);
            if (kind == 1)
                expected.name = "in-the-wal";
        }
        auto before = archsim::test::folderState(dir.path());
        QVERIFY(before.size() >= 2);
        auto back = readArchsim(file);
        QVERIFY2(back.ok(), back.message().c_str());
        QVERIFY2(back.value() == expected,
                 archsim::test::modelDifference(expected, back.value()).c_str());
        auto runs = listRuns(file);
        QVERIFY2(runs.ok(), runs.message().c_str());
        QCOMPARE(runs.value().size(), size_t(1));
        QVERIFY(loadModelUnchecked(file).ok());
        QCOMPARE(archsim::test::folderState(dir.path()), before);
        // The next save recovers the old file, keeps its run and leaves no sidecar.
        Model next = generateModel(92);
        Status saved = saveModel(next, file);
        QVERIFY2(saved.ok(), saved.message().c_str());
        for (const char *suffix : {"-journal", "-wal", "-shm"})
            QVERIFY2(!QFile::exists(QString::fromStdString(file + suffix)), suffix);
        QCOMPARE(readArchsim(file).value(), next);
        QCOMPARE(listRuns(file).value().size(), size_t(1));
    }

    // Defect 7 of issue #15: temporary files of killed saves piled up beside the target. The
    // next save removes those of its own target whose save is gone (their lock is free), and
    // nothing else: not a live save's, not another target's, not a name of another shape.
    void staleTempFilesRemoved_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("json") << ".json";
        QTest::newRow("archsim") << ".archsim";
    }

    void staleTempFilesRemoved()
    {
        QFETCH(QString, suffix);
        QTemporaryDir dir;
        const QString name = "model" + suffix;
        const std::string file = dir.filePath(name).toStdString();
        QVERIFY(saveModel(generateModel(93), file).ok());
        const QString own = "." + name + ".tmp-";
        const QStringList stale = {own + "a1B2c3", own + "a1B2c3-journal", own + "zz9ZZ9-journal",
                                   own + "Qq0000", own + "Qq0000-wal", own + "Qq0000-shm"};
        const QStringList kept = {own + "LIVE01", own + "LIVE01-journal",
                                  ".other" + suffix + ".tmp-a1B2c3", own + "a1B2c",
                                  own + "a1B2c3.bak", name + ".tmp-a1B2c3", own + "a1B2-3"};
        for (const QString &f : stale + kept)
            QVERIFY(archsim::test::writeBytes(dir.filePath(f), "partial"));
        // A live save: its temporary file is locked by the process writing it.
        QFile live(dir.filePath(own + "LIVE01"));
        QVERIFY(live.open(QIODevice::ReadWrite));
        QCOMPARE(::flock(live.handle(), LOCK_EX | LOCK_NB), 0);
        Model next = generateModel(94);
        QVERIFY(saveModel(next, file).ok());
        for (const QString &f : stale)
            QVERIFY2(!QFile::exists(dir.filePath(f)), qPrintable(f));
        for (const QString &f : kept)
            QVERIFY2(QFile::exists(dir.filePath(f)), qPrintable(f));
        QCOMPARE(loadModelUnchecked(file).value(), next);
        // Once that save is gone, the next save removes its file too.
        live.close();
        QVERIFY(saveModel(next, file).ok());
        QVERIFY(!QFile::exists(dir.filePath(own + "LIVE01")));
        QVERIFY(!QFile::exists(dir.filePath(own + "LIVE01-journal")));
    }

    // Defect 9 of issue #15: a save over a .archsim file that cannot be read dropped the runs
    // it may hold. saveModel now refuses and leaves it as it is, unless told to overwrite.
    void saveRefusesUnreadableTarget()
    {
        std::string file = path();
        QString qfile = QString::fromStdString(file);
        GeneratorOptions o;
        o.tables = 30;
        QVERIFY(writeArchsim(generateModel(95, o), file).ok());
        QVERIFY(storeRun(file, RunRecord{}).ok());
        std::string bytes = archsim::test::readBytes(qfile);
        std::fill(bytes.begin() + 4096, bytes.begin() + 2 * 4096, char(0xA5));
        QVERIFY(archsim::test::writeBytes(qfile, bytes));
        Model next = generateModel(96);
        Status s = saveModel(next, file);
        QVERIFY(!s.ok());
        QVERIFY2(s.message().find("may hold stored simulation runs") != std::string::npos,
                 s.message().c_str());
        QCOMPARE(archsim::test::readBytes(qfile), bytes);
        SaveOptions force;
        force.overwriteUnreadable = true;
        QVERIFY(saveModel(next, file, force).ok());
        QCOMPARE(readArchsim(file).value(), next);
    }
};

QTEST_GUILESS_MAIN(TestArchsimIo)
#include "tst_archsimio.moc"
