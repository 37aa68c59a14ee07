#pragma once

// What the import dialog's tests share: scripts written to a temporary folder, a dialog run
// to the end of its import, and a model with a database component to merge into.

#include "document.h"
#include "importdialog.h"

#include "archsim/model/types.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

namespace importfixture {

// Writes `text` to `dir`/`name` and returns the path.
inline QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size())
        return {};
    return path;
}

// Starts the dialog's import (or connection test) and waits until the worker has ended;
// returns false on a timeout.
inline bool runToEnd(archsim::gui::ImportDialog &d, bool test = false, int timeoutMs = 60000)
{
    QSignalSpy ended(d.job(), &archsim::gui::ImportJob::workerEnded);
    if (test)
        d.testConnection();
    else
        d.startImport();
    if (!d.job()->isRunning())
        return false;
    return ended.wait(timeoutMs) && !d.job()->isRunning();
}

// Returns a model with a service and the database component `shop` (engine MySQL, at
// 100,200) whose schema `shop` holds the tables orders (id, legacy) and planned (id, a foreign
// key to orders.id).
inline archsim::model::Model shopModel()
{
    using namespace archsim::model;
    Model m;
    m.name = "shop";
    Component svc;
    svc.id = "api";
    svc.kind = ComponentKind::Service;
    svc.position = Position{0, 0};
    Component db;
    db.id = "shop";
    db.kind = ComponentKind::Database;
    db.engine = DbEngine::Mysql;
    db.schema = "shop";
    db.replicas = 3;
    db.position = Position{100, 200};
    m.components = {svc, db};
    Link l;
    l.id = "api-shop";
    l.from = "api";
    l.to = "shop";
    l.kind = LinkKind::Write;
    m.links = {l};
    Schema s;
    s.id = "shop";
    Column id;
    id.name = "id";
    id.type.base = LogicalType::Base::BigInt;
    id.nullable = false;
    Column legacy;
    legacy.name = "legacy";
    legacy.type.base = LogicalType::Base::Text;
    Table orders;
    orders.name = "orders";
    orders.columns = {id, legacy};
    orders.primary_key = {"id"};
    Table planned;
    planned.name = "planned";
    planned.columns = {id};
    planned.primary_key = {"id"};
    ForeignKey fk;
    fk.columns = {"id"};
    fk.references = "orders";
    fk.ref_columns = {"id"};
    planned.foreign_keys = {fk};
    s.tables = {orders, planned};
    m.schemas = {s};
    return m;
}

} // namespace importfixture
