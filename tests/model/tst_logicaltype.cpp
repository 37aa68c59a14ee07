#include "archsim/model/logicaltype.h"

#include <QtTest>

using archsim::model::LogicalType;

class TestLogicalType : public QObject {
    Q_OBJECT
private slots:
    void parsesValid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("plain") << "bigint" << "bigint";
        QTest::newRow("upper case") << "TIMESTAMPTZ" << "timestamptz";
        QTest::newRow("decimal with blanks") << "decimal( 12 , 2 )" << "decimal(12,2)";
        QTest::newRow("decimal without scale") << "decimal(10)" << "decimal(10,0)";
        QTest::newRow("varchar") << "varchar(20)" << "varchar(20)";
        QTest::newRow("char") << "Char(3)" << "char(3)";
        QTest::newRow("ulid") << "ulid" << "ulid";
        QTest::newRow("json") << "json" << "json";
    }
    void parsesValid()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        auto r = LogicalType::parse(text.toStdString());
        QVERIFY2(r.ok(), r.message().c_str());
        QCOMPARE(QString::fromStdString(r.value().toString()), canonical);
        // The canonical spelling parses back to the same type.
        auto again = LogicalType::parse(r.value().toString());
        QVERIFY(again.ok());
        QVERIFY(again.value() == r.value());
    }

    void rejectsInvalid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("unknown") << "varchr(20)" << "unknown type";
        QTest::newRow("scale above precision") << "decimal(2,5)" << "scale";
        QTest::newRow("zero length") << "varchar(0)" << "length";
        QTest::newRow("missing length") << "varchar" << "length";
        QTest::newRow("params on int") << "int(11)" << "no parameters";
        QTest::newRow("unclosed") << "decimal(12,2" << "parenthesis";
        QTest::newRow("negative") << "char(-1)" << "length";
        QTest::newRow("huge") << "varchar(99999999999)" << "length";
        QTest::newRow("empty") << "" << "unknown type";
        QTest::newRow("blank inside a word") << "time stamp tz" << "unknown type";
        QTest::newRow("text after the parenthesis") << "varchar(20)x" << "after its closing";
    }
    void rejectsInvalid()
    {
        QFETCH(QString, text);
        QFETCH(QString, fragment);
        auto r = LogicalType::parse(text.toStdString());
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.message()).contains(fragment), r.message().c_str());
    }

    void classifies()
    {
        QVERIFY(LogicalType::parse("smallint").value().isInteger());
        QVERIFY(!LogicalType::parse("decimal(5,2)").value().isInteger());
        QVERIFY(LogicalType::parse("decimal(5,2)").value().isNumeric());
        QVERIFY(LogicalType::parse("date").value().isTemporal());
        QVERIFY(LogicalType::parse("varchar(3)").value().isText());
        QVERIFY(!LogicalType::parse("uuid").value().isText());
    }
};

QTEST_GUILESS_MAIN(TestLogicalType)
#include "tst_logicaltype.moc"
