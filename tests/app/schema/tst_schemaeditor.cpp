// The schema editor, the problems dock, the DDL preview and every custom item model of the
// workbench (each under QAbstractItemModelTester while it is edited).

#include "analysis.h"
#include "canvasscene.h"
#include "ddldialog.h"
#include "document.h"
#include "erview.h"
#include "guifixture.h"
#include "mainwindow.h"
#include "problems.h"
#include "schemaeditor.h"
#include "schemamodels.h"

#include "archsim/exporters/ddl.h"

#include "archsim/model/validate.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
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
    void initTestCase() { isolateGuiTest(m_tmp, "tst_schemaeditor"); }

    void init()
    {
        m_w = shownMainWindow(1500, 950);
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
    }

    void cleanup() { m_w.reset(); }

    // Renaming a table in the form takes its references along in one undo step: the
    // materialized view's reads and query, the foreign key of order_items, the links' tables;
    // a view's name is refused as a table's is.
    void renameTableCarriesReferencesInOneStep()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        SchemaEditor *ed = m_w->schemaEditor();
        m_w->centralTabs()->setCurrentWidget(ed);
        ed->showTable(QStringLiteral("shop"), QStringLiteral("orders"));
        const Model before = doc->model();
        const int undoBase = doc->undoStack()->index();
        auto *name = ed->findChild<QLineEdit *>(QStringLiteral("tableName"));
        QVERIFY(name);
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("order_summary"));
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY2(ed->lastError().contains("view"), qPrintable(ed->lastError()));
        QVERIFY(doc->table("shop", "orders"));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("sales"));
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(doc->table("shop", "sales"));
        QVERIFY(!doc->table("shop", "orders"));
        QCOMPARE(doc->undoStack()->index(), undoBase + 1);
        QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("Rename table orders to sales"));
        const auto &views = doc->schema("shop")->views;
        QCOMPARE(views.size(), size_t(1));
        QVERIFY2(QString::fromStdString(views[0].query).contains("FROM sales o"),
                 views[0].query.c_str());
        QVERIFY(std::find(views[0].reads.begin(), views[0].reads.end(), "sales")
                != views[0].reads.end());
        QCOMPARE(doc->table("shop", "order_items")->foreign_keys[0].references,
                 std::string("sales"));
        for (const auto &l : doc->model().links)
            QVERIFY(std::find(l.tables.begin(), l.tables.end(), "orders") == l.tables.end());
        doc->undoStack()->undo();
        QVERIFY(doc->model() == before);
    }

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

    void uniqueConstraintsAreEditedAndUndoable()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        SchemaEditor *ed = m_w->schemaEditor();
        m_w->centralTabs()->setCurrentWidget(ed);
        ed->showTable(QStringLiteral("shop"), QStringLiteral("products"));
        const Table original = *doc->table("shop", "products");
        UniqueModel *uk = ed->uniques();
        QAbstractItemModelTester tester(uk);
        QCOMPARE(uk->rowCount(), 1); // products_sku_key from the file
        QCOMPARE(uk->data(uk->index(0, UniqueModel::Columns), Qt::DisplayRole).toString(),
                 QStringLiteral("sku"));

        // Add through the button: a constraint on the first column outside the primary key.
        QTest::mouseClick(ed->findChild<QToolButton *>(QStringLiteral("addUnique")),
                          Qt::LeftButton);
        QCOMPARE(uk->rowCount(), 2);
        const auto unique = [&] { return doc->table("shop", "products")->unique; };
        QCOMPARE(unique()[1].columns, std::vector<std::string>{"sku"});
        QVERIFY(unique()[1].name.empty());
        // An unnamed constraint shows the name the exporter derives, and edits as empty.
        QCOMPARE(uk->data(uk->index(1, UniqueModel::Name), Qt::DisplayRole).toString(),
                 QStringLiteral("products_sku_key"));
        QCOMPARE(uk->data(uk->index(1, UniqueModel::Name), Qt::EditRole).toString(), QString());

        // Columns: refused unless they are distinct columns of the table and a new combination.
        struct Refusal {
            int col;
            const char *value;
            const char *reason;
        };
        const Refusal refusals[] = {
            {UniqueModel::Columns, "nope", "no column"},
            {UniqueModel::Columns, "category, category", "twice"},
            {UniqueModel::Columns, "sku", "already has these columns"},
            {UniqueModel::Columns, "", "at least one column"},
            {UniqueModel::Name, "products", "name of a table"},
            {UniqueModel::Name, "products_category", "index"},
            {UniqueModel::Name, "products_sku_key", "unique constraint"},
            {UniqueModel::Name, "users_email_key", "unique constraint"},
        };
        for (const Refusal &r : refusals) {
            QVERIFY2(!uk->setData(uk->index(1, r.col), QString::fromLatin1(r.value), Qt::EditRole),
                     r.value);
            QVERIFY2(ed->lastError().contains(QLatin1String(r.reason), Qt::CaseInsensitive),
                     qPrintable(r.value + QStringLiteral(" -> ") + ed->lastError()));
        }
        QVERIFY(!uk->setData(uk->index(1, UniqueModel::Name), QString(64, QLatin1Char('k')),
                             Qt::EditRole));
        QVERIFY(ed->lastError().contains(QStringLiteral("63")));
        QCOMPARE(unique()[1].columns, std::vector<std::string>{"sku"}); // nothing applied

        QVERIFY(uk->setData(uk->index(1, UniqueModel::Columns), QStringLiteral("category, name"),
                            Qt::EditRole));
        QVERIFY(ed->lastError().isEmpty());
        QCOMPARE(unique()[1].columns, (std::vector<std::string>{"category", "name"}));
        QVERIFY(uk->setData(uk->index(1, UniqueModel::Name),
                            QStringLiteral("products_category_name_key"), Qt::EditRole));
        QCOMPARE(unique()[1].name, std::string("products_category_name_key"));
        QVERIFY(!hasErrors(validate(doc->model())));
        // The exporter writes it.
        auto ddl = archsim::exporters::exportDdl(doc->model(), archsim::exporters::Dialect::Postgres);
        QVERIFY(ddl.ok());
        QVERIFY(QString::fromStdString(ddl.value())
                    .contains(QStringLiteral("\"products_category_name_key\" UNIQUE (\"category\", \"name\")")));

        // Remove the file's constraint through the button, on the selected row.
        auto *view = ed->findChild<QTableView *>(QStringLiteral("uniqueView"));
        view->setCurrentIndex(uk->index(0, 0));
        QTest::mouseClick(ed->findChild<QToolButton *>(QStringLiteral("removeUnique")),
                          Qt::LeftButton);
        QCOMPARE(unique().size(), size_t(1));
        QCOMPARE(unique()[0].name, std::string("products_category_name_key"));

        // Each step is undoable back to the file's table.
        while (*doc->table("shop", "products") != original) {
            QVERIFY(doc->undoStack()->canUndo());
            doc->undoStack()->undo();
        }
        QCOMPARE(uk->rowCount(), 1);
    }

    void uniqueConstraintsOfPartitionedTablesHoldThePartitionColumn()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        SchemaEditor *ed = m_w->schemaEditor();
        m_w->centralTabs()->setCurrentWidget(ed);
        ed->showTable(QStringLiteral("shop"), QStringLiteral("orders")); // range on created_at
        UniqueModel *uk = ed->uniques();
        const int row = uk->addUnique();
        QVERIFY(row >= 0);
        const auto &u = doc->table("shop", "orders")->unique[size_t(row)];
        QVERIFY(std::find(u.columns.begin(), u.columns.end(), "created_at") != u.columns.end());
        QVERIFY(!uk->setData(uk->index(row, UniqueModel::Columns), QStringLiteral("user_id"),
                             Qt::EditRole));
        QVERIFY(ed->lastError().contains(QStringLiteral("partition column")));
        QVERIFY(uk->setData(uk->index(row, UniqueModel::Columns),
                            QStringLiteral("user_id, created_at"), Qt::EditRole));
        QVERIFY(!hasErrors(validate(doc->model())));
        QVERIFY(archsim::exporters::exportDdl(doc->model(), archsim::exporters::Dialect::Postgres)
                    .ok());

        // Partitioning a table adds the partition column to its unique constraints, as it does
        // to the primary key.
        ed->showTable(QStringLiteral("shop"), QStringLiteral("users"));
        ed->setPartitioning(QStringLiteral("hash"), QStringLiteral("user_id"));
        const Table *users = doc->table("shop", "users");
        QVERIFY(users->partitioning);
        QCOMPARE(users->unique[0].columns, (std::vector<std::string>{"email", "user_id"}));
        QVERIFY(ed->lastError().isEmpty()); // a note, not an error
        QVERIFY(archsim::exporters::exportDdl(doc->model(), archsim::exporters::Dialect::Postgres)
                    .ok());
    }

    void listPartitionsAreEditedAsValuesPerPartition()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        SchemaEditor *ed = m_w->schemaEditor();
        m_w->centralTabs()->setCurrentWidget(ed);
        ed->showTable(QStringLiteral("shop"), {});
        const QString name = ed->addTable();
        ColumnModel *cols = ed->columns();
        int r = cols->addColumn();
        QVERIFY(cols->setData(cols->index(r, ColumnModel::Name), QStringLiteral("country"),
                              Qt::EditRole));
        QVERIFY(cols->setData(cols->index(r, ColumnModel::Type), QStringLiteral("char(2)"),
                              Qt::EditRole));
        r = cols->addColumn();
        QVERIFY(cols->setData(cols->index(r, ColumnModel::Name), QStringLiteral("shard"),
                              Qt::EditRole));
        QVERIFY(cols->setData(cols->index(r, ColumnModel::Type), QStringLiteral("int"),
                              Qt::EditRole));
        const auto table = [&] { return doc->table("shop", name.toStdString()); };
        const int stepsBefore = doc->undoStack()->index();

        ed->setPartitioning(QStringLiteral("list"), QStringLiteral("country"));
        QVERIFY(table()->partitioning);
        QCOMPARE(table()->partitioning->method, PartitionMethod::List);
        ListPartitionModel *lists = ed->listPartitions();
        QAbstractItemModelTester tester(lists);
        QCOMPARE(lists->rowCount(), 0);
        auto *add = ed->findChild<QToolButton *>(QStringLiteral("addListPartition"));
        QVERIFY(add && add->isEnabled() && add->isVisibleTo(ed));

        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(lists->rowCount(), 1);
        QCOMPARE(lists->index(0, ListPartitionModel::Name).data().toString(),
                 QStringLiteral("p1"));
        // The values cell opened for typing; commit what the delegate would write.
        QVERIFY(lists->setData(lists->index(0, ListPartitionModel::Values),
                               QStringLiteral(" de, fr ,at"), Qt::EditRole));
        QCOMPARE(table()->partitioning->lists[0].values,
                 (std::vector<std::string>{"de", "fr", "at"}));
        QVERIFY(lists->setData(lists->index(0, ListPartitionModel::Name), QStringLiteral("eu"),
                               Qt::EditRole));
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(lists->rowCount(), 2);
        // Refused, each with its reason: a value of another partition, a value twice, no value,
        // a taken name, a name PostgreSQL cannot hold as "<table>_<name>".
        QVERIFY(!lists->setData(lists->index(1, ListPartitionModel::Values),
                                QStringLiteral("us, fr"), Qt::EditRole));
        QVERIFY(ed->lastError().contains(QStringLiteral("eu")));
        QVERIFY(!lists->setData(lists->index(1, ListPartitionModel::Values),
                                QStringLiteral("us, us"), Qt::EditRole));
        QVERIFY(ed->lastError().contains(QStringLiteral("twice")));
        QVERIFY(!lists->setData(lists->index(1, ListPartitionModel::Values), QStringLiteral(" , "),
                                Qt::EditRole));
        QVERIFY(!lists->setData(lists->index(1, ListPartitionModel::Name), QStringLiteral("eu"),
                                Qt::EditRole));
        QVERIFY(!lists->setData(lists->index(1, ListPartitionModel::Name), QString(60, QLatin1Char('n')),
                                Qt::EditRole));
        QVERIFY(ed->lastError().contains(QStringLiteral("63")));
        QVERIFY(lists->setData(lists->index(1, ListPartitionModel::Values),
                               QStringLiteral("us, ca"), Qt::EditRole));
        QVERIFY(lists->setData(lists->index(1, ListPartitionModel::Name), QStringLiteral("na"),
                               Qt::EditRole));
        QVERIFY(ed->lastError().isEmpty());
        QVERIFY(!hasTableErrors(doc->model(), name.toStdString()));
        auto ddl = archsim::exporters::exportDdl(doc->model(), archsim::exporters::Dialect::Postgres);
        QVERIFY2(ddl.ok(), ddl.ok() ? "" : ddl.message().c_str());
        QVERIFY(QString::fromStdString(ddl.value()).contains(QStringLiteral("FOR VALUES IN ('us', 'ca')")));

        // Order, removal, and a switch of the partition column to an integer one.
        auto *view = ed->findChild<QTableView *>(QStringLiteral("partLists"));
        view->setCurrentIndex(lists->index(1, 0));
        QTest::mouseClick(ed->findChild<QToolButton *>(QStringLiteral("removeListPartition")),
                          Qt::LeftButton);
        QCOMPARE(lists->rowCount(), 1);
        ed->setPartitioning(QStringLiteral("list"), QStringLiteral("shard"));
        QCOMPARE(lists->rowCount(), 0); // values of another column mean nothing here
        QTest::mouseClick(add, Qt::LeftButton);
        QVERIFY(!lists->setData(lists->index(0, ListPartitionModel::Values), QStringLiteral("1, x"),
                                Qt::EditRole));
        QVERIFY(ed->lastError().contains(QStringLiteral("integer")));
        QVERIFY(lists->setData(lists->index(0, ListPartitionModel::Values), QStringLiteral("1, -2"),
                               Qt::EditRole));

        // Every step undoes, back to the unpartitioned table.
        while (doc->undoStack()->index() > stepsBefore)
            doc->undoStack()->undo();
        QVERIFY(!table()->partitioning);
        QCOMPARE(lists->rowCount(), 0);
        doc->undoStack()->redo(); // list on country, no partitions yet
        QCOMPARE(table()->partitioning->lists.size(), size_t(0));
        doc->undoStack()->redo();
        QCOMPARE(lists->rowCount(), 1);
    }

    // Issue #17 item 10: a new foreign key starts from a column that has none yet, and an
    // edit that repeats another key is refused.
    void foreignKeyProposesUnusedColumnAndRefusesDuplicates()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        SchemaEditor *ed = m_w->schemaEditor();
        m_w->centralTabs()->setCurrentWidget(ed);
        ed->showTable(QStringLiteral("shop"), QStringLiteral("orders"));
        ForeignKeyModel *fks = ed->foreignKeys();
        QAbstractItemModelTester tester(fks);
        auto table = [&] { return doc->table("shop", "orders"); };
        QCOMPARE(table()->foreign_keys.size(), size_t(1)); // user_id -> users
        const int row = fks->addForeignKey();
        QCOMPARE(row, 1);
        QCOMPARE(fks->rowCount(), 2);
        const auto &fk = table()->foreign_keys[1];
        QVERIFY2(fk.columns != table()->foreign_keys[0].columns,
                 qPrintable(fks->index(1, ForeignKeyModel::Columns).data().toString()));
        QVERIFY(!fk.columns.empty());
        // Oracle: the proposed column is not part of the primary key (order_id, created_at).
        QVERIFY(fk.columns.front() != "order_id" && fk.columns.front() != "created_at");

        // Making it user_id -> users(user_id) repeats row 1: refused, nothing changes.
        QVERIFY(fks->setData(fks->index(1, ForeignKeyModel::References), "users", Qt::EditRole));
        const auto before = table()->foreign_keys;
        QVERIFY(!fks->setData(fks->index(1, ForeignKeyModel::Columns), "user_id", Qt::EditRole));
        QVERIFY2(ed->lastError().contains(QStringLiteral("already has this foreign key")),
                 qPrintable(ed->lastError()));
        QCOMPARE(table()->foreign_keys.size(), before.size());
        QCOMPARE(table()->foreign_keys[1].columns, before[1].columns);
    }

    // Issue #17 item 10: an index keeps the name the editor gave it in step with its columns;
    // once the user names it, the name stays.
    void autoNamedIndexFollowsItsColumns()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        SchemaEditor *ed = m_w->schemaEditor();
        m_w->centralTabs()->setCurrentWidget(ed);
        ed->showTable(QStringLiteral("shop"), QStringLiteral("users"));
        IndexModel *ix = ed->indexes();
        QAbstractItemModelTester tester(ix);
        const int row = ix->addIndex();
        QCOMPARE(row, 0);
        auto name = [&] { return doc->table("shop", "users")->indexes[0].name; };
        QCOMPARE(name(), std::string("users_user_id_idx"));
        QVERIFY(ix->setData(ix->index(0, IndexModel::Columns), "email, created_at DESC",
                            Qt::EditRole));
        QCOMPARE(name(), std::string("users_email_created_at_idx"));
        doc->undoStack()->undo();
        QCOMPARE(name(), std::string("users_user_id_idx"));
        doc->undoStack()->redo();
        QVERIFY(ix->setData(ix->index(0, IndexModel::Name), "users_by_mail", Qt::EditRole));
        QVERIFY(ix->setData(ix->index(0, IndexModel::Columns), "full_name", Qt::EditRole));
        QCOMPARE(name(), std::string("users_by_mail"));
    }

    // Issue #17 item 15: committing a cell edit printed "QAbstractItemView::closeEditor called
    // with an editor that does not belong to this view": the models were reset under their
    // open editor on every document change.
    void editingACellWarnsNothing()
    {
        QVERIFY(m_w->openFile(example()));
        SchemaEditor *ed = m_w->schemaEditor();
        m_w->centralTabs()->setCurrentWidget(ed);
        ed->showTable(QStringLiteral("shop"), QStringLiteral("users"));
        auto *view = ed->findChild<QTableView *>(QStringLiteral("columnView"));
        QVERIFY(view);
        static QStringList warnings;
        warnings.clear();
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &, const QString &text) {
                if (type != QtDebugMsg && type != QtInfoMsg
                    && text.startsWith(QLatin1String("QAbstractItemView")))
                    warnings << text;
            });
        const QModelIndex cell = ed->columns()->index(2, ColumnModel::Name);
        view->setCurrentIndex(cell);
        view->edit(cell);
        auto *editor = view->viewport()->findChild<QLineEdit *>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("display_name"));
        QTest::keyClick(editor, Qt::Key_Return);
        QApplication::processEvents();
        qInstallMessageHandler(previous);
        QCOMPARE(m_w->document()->table("shop", "users")->columns[2].name,
                 std::string("display_name"));
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
        QVERIFY(!view->indexWidget(cell)); // the editor closed
    }

    // Issue #17 item 10: no table header of the editor is cut.
    void headersAreNotClipped()
    {
        SchemaEditor *ed = m_w->schemaEditor();
        m_w->centralTabs()->setCurrentWidget(ed);
        QVERIFY(m_w->openFile(example()));
        const auto views = ed->findChildren<QTableView *>();
        QVERIFY(views.size() >= 5);
        for (QTableView *v : views) {
            QHeaderView *h = v->horizontalHeader();
            for (int c = 0; c + 1 < h->count(); ++c) // the last section stretches
                QVERIFY2(h->sectionSize(c) >= h->sectionSizeHint(c),
                         qPrintable(QStringLiteral("%1: \"%2\" %3 < %4 px")
                                        .arg(v->objectName(),
                                             v->model()->headerData(c, Qt::Horizontal)
                                                 .toString())
                                        .arg(h->sectionSize(c))
                                        .arg(h->sectionSizeHint(c))));
        }
    }

    // Issue #17 item 11: a lint finding about a foreign key selects that key's row in the
    // schema editor and gives the list the focus.
    void findingFocusesForeignKeyRow()
    {
        m_w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_w.get()));
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        Table t = *doc->table("shop", "order_items");
        QCOMPARE(t.foreign_keys.size(), size_t(2));
        // Without order_items_product, the key product_id -> products (row 2) has no index.
        t.indexes.erase(std::remove_if(t.indexes.begin(), t.indexes.end(),
                                       [](const Index &i) {
                                           return i.name == "order_items_product";
                                       }),
                        t.indexes.end());
        doc->editTable("shop", "order_items", t, QStringLiteral("indexes"));
        m_w->analyzer()->runNow();
        QTRY_VERIFY_WITH_TIMEOUT(!m_w->analyzer()->isBusy(), 10000);
        QApplication::processEvents();
        ProblemModel *pm = m_w->problems()->problemModel();
        int found = -1;
        for (int r = 0; r < pm->rowCount(); ++r)
            if (pm->problem(r).place.endsWith(QLatin1String("/foreign_keys/1")))
                found = r;
        QVERIFY2(found >= 0, "no finding about the unindexed foreign key");
        QCOMPARE(pm->problem(found).target, QStringLiteral("shop.order_items"));
        QTableView *list = m_w->problems()->table();
        QModelIndex at;
        for (int r = 0; r < list->model()->rowCount(); ++r)
            if (list->model()->index(r, ProblemModel::TargetCol).data().toString()
                    == pm->problem(found).target
                && list->model()->index(r, ProblemModel::MessageCol).data().toString()
                       == pm->problem(found).message)
                at = list->model()->index(r, ProblemModel::MessageCol);
        QVERIFY(at.isValid());
        emit list->activated(at); // Enter or a double click
        QApplication::processEvents();
        SchemaEditor *ed = m_w->schemaEditor();
        QCOMPARE(m_w->centralTabs()->currentWidget(), ed);
        QCOMPARE(ed->currentTable(), QStringLiteral("order_items"));
        auto *fkView = ed->findChild<QTableView *>(QStringLiteral("fkView"));
        QVERIFY(fkView);
        QCOMPARE(fkView->currentIndex().row(), 1);
        QVERIFY(fkView->selectionModel()->isRowSelected(1, {}));
        QCOMPARE(QApplication::focusWidget(), fkView);
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
