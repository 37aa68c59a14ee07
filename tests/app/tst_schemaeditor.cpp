// The schema editor, the problems dock, the DDL preview and every custom item model of the
// workbench (each under QAbstractItemModelTester while it is edited).

#include "analysis.h"
#include "canvasscene.h"
#include "ddldialog.h"
#include "document.h"
#include "erview.h"
#include "mainwindow.h"
#include "problems.h"
#include "schemaeditor.h"
#include "schemamodels.h"

#include "archsim/model/validate.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace archsim::gui;
using namespace archsim::model;

namespace {
QString example() { return QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json"); }

// Returns the problems that are not findings about the given rule prefix.
bool hasTableErrors(const Model &m, const std::string &table)
{
    for (const auto &d : validate(m))
        if (d.severity == Diagnostic::Severity::Error && d.place.find("/tables/") != std::string::npos)
            for (size_t s = 0; s < m.schemas.size(); ++s)
                for (size_t t = 0; t < m.schemas[s].tables.size(); ++t)
                    if (m.schemas[s].tables[t].name == table
                        && d.place.rfind("/schemas/" + std::to_string(s) + "/tables/"
                                             + std::to_string(t),
                                         0) == 0)
                        return true;
    return false;
}
} // namespace

class TstSchemaEditor : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    std::unique_ptr<MainWindow> m_w;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("ArchSimTest"));
        QApplication::setApplicationName(QStringLiteral("tst_schemaeditor"));
        qputenv("ARCHSIM_RECOVERY_DIR", m_tmp.filePath(QStringLiteral("recovery")).toUtf8());
    }

    void init()
    {
        m_w = std::make_unique<MainWindow>();
        m_w->setSavePrompt([] { return QMessageBox::Discard; });
        m_w->resize(1500, 950);
        m_w->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
    }

    void cleanup() { m_w.reset(); }

    void createsPartitionedTableThatValidates()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        SchemaEditor *ed = m_w->schemaEditor();
        m_w->centralTabs()->setCurrentWidget(ed);
        ed->showTable(QStringLiteral("shop"), {});
        QAbstractItemModelTester columnsTester(ed->columns());
        QAbstractItemModelTester tablesTester(ed->tables());
        const int before = int(doc->schema("shop")->tables.size());

        // A new table through the button, renamed in the form.
        QTest::mouseClick(ed->findChild<QPushButton *>(QStringLiteral("addTable")),
                          Qt::LeftButton);
        QCOMPARE(int(doc->schema("shop")->tables.size()), before + 1);
        auto *name = ed->findChild<QLineEdit *>(QStringLiteral("tableName"));
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("payments"));
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(doc->table("shop", "payments"));
        QCOMPARE(ed->currentTable(), QStringLiteral("payments"));

        // Columns through the column model (as the table view's delegates write them).
        ColumnModel *cols = ed->columns();
        int row = cols->addColumn();
        QVERIFY(cols->setData(cols->index(row, ColumnModel::Name), QStringLiteral("created_at"),
                              Qt::EditRole));
        // The type picker refuses what is not a logical type and says why.
        QVERIFY(!cols->setData(cols->index(row, ColumnModel::Type), QStringLiteral("datetime"),
                               Qt::EditRole));
        QVERIFY(!ed->lastError().isEmpty());
        QVERIFY(cols->setData(cols->index(row, ColumnModel::Type), QStringLiteral("timestamptz"),
                              Qt::EditRole));
        QVERIFY(ed->lastError().isEmpty());
        row = cols->addColumn();
        QVERIFY(cols->setData(cols->index(row, ColumnModel::Name), QStringLiteral("amount"),
                              Qt::EditRole));
        QVERIFY(cols->setData(cols->index(row, ColumnModel::Type), QStringLiteral("decimal(12, 2)"),
                              Qt::EditRole));
        QCOMPARE(doc->table("shop", "payments")->columns[size_t(row)].type.toString(),
                 std::string("decimal(12,2)"));

        // Partition by month on created_at through the form's widgets.
        auto *method = ed->findChild<QComboBox *>(QStringLiteral("partMethod"));
        auto *column = ed->findChild<QComboBox *>(QStringLiteral("partColumn"));
        auto *count = ed->findChild<QLineEdit *>(QStringLiteral("partCount"));
        method->setCurrentIndex(method->findText(QStringLiteral("range")));
        column->setCurrentText(QStringLiteral("created_at"));
        count->setText(QStringLiteral("24"));
        ed->setPartitioning(QStringLiteral("range"), QStringLiteral("created_at"));
        const Table *t = doc->table("shop", "payments");
        QVERIFY(t->partitioning);
        QCOMPARE(t->partitioning->method, PartitionMethod::Range);
        QCOMPARE(t->partitioning->column, std::string("created_at"));
        QCOMPARE(t->partitioning->count, 24);
        QCOMPARE(t->partitioning->interval, PartitionInterval::Month);
        QCOMPARE(QString::fromStdString(t->partitioning->start),
                 QDate::currentDate().toString(QStringLiteral("yyyy-MM")));
        // The partition column joined the primary key, as PostgreSQL requires.
        QCOMPARE(t->primary_key, (std::vector<std::string>{"id", "created_at"}));
        QVERIFY(!hasTableErrors(doc->model(), "payments"));
        QVERIFY(!hasErrors(validate(doc->model())));

        // Unpicking the partition column from the key is refused with the reason.
        const int createdRow = 1;
        QVERIFY(!cols->setData(cols->index(createdRow, ColumnModel::PrimaryKey), Qt::Unchecked,
                               Qt::CheckStateRole));
        QVERIFY(ed->lastError().contains(QStringLiteral("partition")));

        // An index and a foreign key, validated against the columns.
        QAbstractItemModelTester indexTester(ed->indexes());
        QAbstractItemModelTester fkTester(ed->foreignKeys());
        const int ix = ed->indexes()->addIndex();
        QVERIFY(!ed->indexes()->setData(ed->indexes()->index(ix, IndexModel::Columns),
                                        QStringLiteral("nope"), Qt::EditRole));
        QVERIFY(ed->indexes()->setData(ed->indexes()->index(ix, IndexModel::Columns),
                                       QStringLiteral("amount, created_at DESC"), Qt::EditRole));
        const Index &index = doc->table("shop", "payments")->indexes[size_t(ix)];
        QCOMPARE(index.columns.size(), size_t(2));
        QVERIFY(index.columns[1].descending);
        const int fk = ed->foreignKeys()->addForeignKey();
        QVERIFY(fk >= 0);
        QVERIFY(!ed->foreignKeys()->setData(ed->foreignKeys()->index(fk, ForeignKeyModel::References),
                                            QStringLiteral("nowhere"), Qt::EditRole));
        QVERIFY(!hasErrors(validate(doc->model())));

        // The ER view shows the new table.
        QVERIFY(ed->erView()->shownTables().contains(QStringLiteral("payments")));

        // Everything is undoable back to the file's model.
        while (doc->undoStack()->canUndo())
            doc->undoStack()->undo();
        QVERIFY(!doc->table("shop", "payments"));
        QCOMPARE(int(doc->schema("shop")->tables.size()), before);
    }

    void problemsDockSelectsTarget()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        ProblemModel *pm = m_w->problems()->problemModel();
        QAbstractItemModelTester tester(pm);
        // Seed a finding: a call without a timeout (lint: calls need timeouts).
        const Link *l = doc->link(doc->linksOf("order-svc").front());
        QVERIFY(l);
        Link edited = *l;
        edited.timeout_ms.reset();
        doc->editLink(l->id, edited, QStringLiteral("timeout_ms"));
        // And a component finding: a queue without a limit (lint: capacity/unbounded-queue).
        const Component *q = doc->component("order-queue");
        QVERIFY(q);
        Component unbounded = *q;
        unbounded.queue_limit.reset();
        doc->editComponent(unbounded.id, unbounded, QStringLiteral("queue_limit"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_w->analyzer()->isBusy(), 10000);
        int found = -1;
        for (int r = 0; r < pm->rowCount(); ++r)
            if (pm->problem(r).target == QString::fromStdString(edited.id)
                || pm->problem(r).message.contains(QString::fromStdString(edited.id)))
                found = r;
        QVERIFY2(found >= 0, "the seeded missing timeout is not listed");
        // And a component finding: activating it selects and centres the component.
        int comp = -1;
        for (int r = 0; r < pm->rowCount(); ++r)
            if (pm->problem(r).targetKind == QLatin1String("component"))
                comp = r;
        QVERIFY(comp >= 0);
        const QString target = pm->problem(comp).target;
        QTableView *view = m_w->problems()->table();
        QModelIndex proxyIndex;
        for (int r = 0; r < view->model()->rowCount(); ++r)
            if (view->model()->index(r, ProblemModel::TargetCol).data().toString() == target)
                proxyIndex = view->model()->index(r, ProblemModel::MessageCol);
        QVERIFY(proxyIndex.isValid());
        view->scrollTo(proxyIndex);
        const QRect rect = view->visualRect(proxyIndex);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(m_w->scene()->selectedComponents(), QStringList{target});
    }

    void problemsListValidationErrors()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        Component c = *doc->component("order-svc");
        c.zones = {"zone-x"}; // the inspector refuses it; a file or a merge can hold it
        doc->editComponent("order-svc", c, QStringLiteral("zones"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_w->analyzer()->isBusy(), 10000);
        const ProblemModel *pm = m_w->problems()->problemModel();
        bool error = false;
        for (int r = 0; r < pm->rowCount(); ++r)
            error |= pm->problem(r).severity == Problem::Severity::Error
                     && pm->problem(r).target == QLatin1String("order-svc");
        QVERIFY(error);
    }

    void ddlPreview_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("expect");
        QTest::newRow("postgres") << QStringLiteral("postgres") << QStringLiteral("PARTITION BY RANGE");
        QTest::newRow("mysql") << QStringLiteral("mysql") << QStringLiteral("CREATE TABLE");
        QTest::newRow("sqlite") << QStringLiteral("sqlite") << QStringLiteral("CREATE TABLE");
    }

    void ddlPreview()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, expect);
        QVERIFY(m_w->openFile(example()));
        DdlDialog d(m_w->document()->model(), QStringLiteral("ecommerce"));
        d.setDialect(dialect);
        d.waitForPreview();
        QVERIFY2(d.script().contains(expect), qPrintable(d.messages()));
        QVERIFY(d.script().contains(QStringLiteral("orders")));
        const QString path = m_tmp.filePath(dialect + QStringLiteral(".sql"));
        QVERIFY(d.saveTo(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), d.script());
    }

    void bigSchemaErViewShowsNeighbourhood()
    {
        Model m;
        Schema s;
        s.id = "big";
        for (int i = 0; i < ErView::kFullSchemaLimit + 30; ++i) {
            Table t;
            t.name = "t" + std::to_string(i);
            Column id;
            id.name = "id";
            id.type = LogicalType::parse("bigint").value();
            id.nullable = false;
            t.columns.push_back(id);
            t.primary_key = {"id"};
            if (i > 0) {
                Column ref;
                ref.name = "parent_id";
                ref.type = id.type;
                t.columns.push_back(ref);
                t.foreign_keys.push_back({{}, {"parent_id"}, "t" + std::to_string(i - 1), {"id"}});
            }
            s.tables.push_back(t);
        }
        m.schemas.push_back(s);
        m_w->document()->reset(m);
        m_w->schemaEditor()->showTable(QStringLiteral("big"), QStringLiteral("t10"));
        const QStringList shown = m_w->schemaEditor()->erView()->shownTables();
        QCOMPARE(shown.size(), 3); // t9 <- t10 <- t11
        QVERIFY(shown.contains(QStringLiteral("t9")) && shown.contains(QStringLiteral("t11")));
    }
};

QTEST_MAIN(TstSchemaEditor)
#include "tst_schemaeditor.moc"
