// The JSON Schema in resources/schema/ accepts every example and every generated-canonical
// model, and refuses the structural mistakes of the bad-input corpus.

#include "testutil.h"

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <QtTest>

class TestSchema : public QObject {
    Q_OBJECT
private:
    valijson::Schema m_schema;

    QString check(const nlohmann::json &doc)
    {
        valijson::Validator validator;
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter target(doc);
        if (validator.validate(m_schema, target, &results))
            return {};
        QString out;
        valijson::ValidationResults::Error e;
        while (results.popError(e)) {
            QString ctx;
            for (const auto &c : e.context)
                ctx += QString::fromStdString(c);
            out += ctx + QStringLiteral(": ") + QString::fromStdString(e.description) + '\n';
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        const std::string text = archsim::test::readAll(
            archsim::test::sourceDir() + QStringLiteral("/resources/schema/archsim.schema.json"));
        QVERIFY(!text.empty());
        nlohmann::json doc = nlohmann::json::parse(text);
        valijson::SchemaParser parser;
        valijson::adapters::NlohmannJsonAdapter adapter(doc);
        parser.populateSchema(adapter, m_schema);
    }

    void examplesConform_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString &p : archsim::test::examplePaths())
            QTest::newRow(qPrintable(QFileInfo(p).fileName())) << p;
    }
    void examplesConform()
    {
        QFETCH(QString, path);
        auto doc = nlohmann::json::parse(archsim::test::readAll(path));
        const QString errors = check(doc);
        QVERIFY2(errors.isEmpty(), qPrintable(errors));
    }

    // Structural mistakes the loader refuses are refused by the schema too.
    void refusesStructuralMistakes_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *f : {"unknown-kind.json", "unknown-field.json", "replicas-string.json",
                              "replicas-fraction.json", "replicas-zero.json", "rps-negative.json",
                              "unknown-dist.json", "malformed-id.json", "id-too-long.json",
                              "link-unknown-kind.json", "probability-high.json",
                              "unknown-type.json", "future-version.json", "wrong-format.json",
                              "missing-version.json", "unknown-action.json", "component-null.json",
                              "health-path-injection.json"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void refusesStructuralMistakes()
    {
        QFETCH(QString, file);
        auto doc = nlohmann::json::parse(archsim::test::readAll(
            archsim::test::sourceDir() + QStringLiteral("/tests/data/bad/") + file));
        QVERIFY2(!check(doc).isEmpty(), "the schema accepted a broken model");
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
