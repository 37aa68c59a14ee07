// Lint over the shipped examples: ecommerce.json passes without errors, and
// ecommerce-flawed.json (the trainers' file) triggers every rule.

#include "archsim/model/io.h"
#include "archsim/model/lint.h"

#include <QTest>

#include <set>

using namespace archsim::model;

namespace {

Model load(const char *name)
{
    const std::string path = std::string(ARCHSIM_SOURCE_DIR) + "/resources/examples/" + name;
    auto result = loadModel(path);
    if (!result.ok())
        qFatal("%s", result.message().c_str());
    return std::move(result).value();
}

} // namespace

class TestLintExamples : public QObject {
    Q_OBJECT
private slots:
    void examplesHaveNoErrors_data();
    void examplesHaveNoErrors();
    void flawedExampleTriggersEveryRule();
    void flawedExampleSuppressionIsApplied();
};

void TestLintExamples::examplesHaveNoErrors_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("ecommerce") << QStringLiteral("ecommerce.json");
    QTest::newRow("three-tier") << QStringLiteral("three-tier.json");
    QTest::newRow("payments") << QStringLiteral("payments.json");
}

void TestLintExamples::examplesHaveNoErrors()
{
    QFETCH(QString, file);
    const LintReport r = lint(load(file.toUtf8().constData()));
    std::vector<Finding> errors;
    for (const auto &f : r.findings)
        if (f.severity == Severity::Error)
            errors.push_back(f);
    QVERIFY2(errors.empty(), findingsToText(errors).c_str());
}

void TestLintExamples::flawedExampleTriggersEveryRule()
{
    const LintReport r = lint(load("ecommerce-flawed.json"));
    std::set<std::string> fired;
    for (const auto &f : r.findings)
        fired.insert(f.rule);
    for (const auto &rule : lintRules())
        QVERIFY2(fired.count(rule.id), rule.id);
}

void TestLintExamples::flawedExampleSuppressionIsApplied()
{
    const LintReport r = lint(load("ecommerce-flawed.json"));
    QCOMPARE(r.suppressed.size(), size_t(1));
    QCOMPARE(r.suppressed[0].target, std::string("payment-gateway"));
}

QTEST_GUILESS_MAIN(TestLintExamples)
#include "tst_lint_examples.moc"
