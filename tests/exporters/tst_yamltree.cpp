// The YAML tree behind the deployment exporters: strings that YAML 1.1 would read as
// something else stay strings, references to children survive added siblings, and what is
// emitted reads back identically with an independent reader (yaml-cpp's parser).

#include "../../exporters/src/yamltree.h"

#include <QTest>

#include <yaml-cpp/yaml.h>

using archsim::exporters::yaml::Node;

class TestYamlTree : public QObject {
    Q_OBJECT

private slots:
    void stringsStayStrings_data();
    void stringsStayStrings();
    void childReferencesAreStable();
    void longKeyKeepsLinesShort();
};

void TestYamlTree::stringsStayStrings_data()
{
    QTest::addColumn<QString>("text");
    for (const char *s : {"8080", "yes", "No", "on", "true", "null", "~", "1.5", "-1", "0x1F",
                          "1e3", ".inf", "a: b", "# c", "- d", "[x]", "{y}", "'q'", "\"dq\"",
                          "tab\there", "line\nbreak", "", " lead", "trail ", "*alias",
                          "&anchor", "!tag", "%percent", "@at", "`tick`", "日本語", "ÜBER", "a:", "a:b", "registry:5000/x:1.2",
                          "img@sha256:0f", "1:30", "y:",
                          "registry.example.com/a-very-long-repository-name/of-a-team:1.0.0",
                          "#not-a-comment-but-a-long-word-of-more-than-forty-chars",
                          "-leading-dash-and-long-enough-to-be-a-literal-block-xx"})
        QTest::newRow(s) << QString::fromUtf8(s);
}

void TestYamlTree::stringsStayStrings()
{
    QFETCH(QString, text);
    Node doc = Node::map();
    doc["value"] = text.toStdString();
    doc["list"].push(text.toStdString());
    const std::string yaml =
        archsim::exporters::yaml::emitDocuments({doc}, "header\nsecond line");
    const YAML::Node back = YAML::Load(yaml);
    QCOMPARE(QString::fromStdString(back["value"].as<std::string>()), text);
    QCOMPARE(QString::fromStdString(back["list"][0].as<std::string>()), text);
    // No emitted line is longer than yamllint's 80 columns for these short keys.
    for (const auto &line : QString::fromStdString(yaml).split('\n'))
        QVERIFY2(line.size() <= 80 || !line.trimmed().contains(' '), qPrintable(line));
    // Plain scalars are only used where a YAML 1.1 reader keeps them as strings.
    if (back["value"].Tag() == "?") {
        const auto s = back["value"].Scalar();
        QVERIFY2(archsim::exporters::yaml::isSafePlain(s), s.c_str());
    }
}

void TestYamlTree::childReferencesAreStable()
{
    Node doc = Node::map();
    Node &first = doc["first"];
    for (int i = 0; i < 100; ++i)
        doc["k" + std::to_string(i)] = i; // would reallocate a vector of children
    first["still"] = "here";
    const YAML::Node back = YAML::Load(archsim::exporters::yaml::emitDocuments({doc}, ""));
    QCOMPARE(back["first"]["still"].as<std::string>(), std::string("here"));
    QCOMPARE(back["k99"].as<int>(), 99);
}

// The compose export failed yamllint (86 > 80 columns): a 40-character value without blanks
// was written beside the 36-character key KAFKA_LISTENER_SECURITY_PROTOCOL_MAP, six columns
// in. Such a value now moves to its own line, and still reads back unchanged.
void TestYamlTree::longKeyKeepsLinesShort()
{
    const std::string key = "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP";
    const std::string value = "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT";
    Node doc = Node::map();
    doc["services"]["kafka"]["environment"][key] = value;
    doc["services"]["kafka"]["environment"]["SHORT"] = "yes"; // short values stay beside
    const std::string yaml = archsim::exporters::yaml::emitDocuments({doc}, "");
    for (const auto &line : QString::fromStdString(yaml).split('\n'))
        QVERIFY2(line.size() <= 80, qPrintable(line));
    const YAML::Node back = YAML::Load(yaml);
    QCOMPARE(back["services"]["kafka"]["environment"][key].as<std::string>(), value);
    QCOMPARE(back["services"]["kafka"]["environment"]["SHORT"].as<std::string>(),
             std::string("yes"));
    QVERIFY(yaml.find("SHORT: \"yes\"") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestYamlTree)
#include "tst_yamltree.moc"
