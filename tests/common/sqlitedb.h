#pragma once

// An in-memory SQLite database for the DDL tests and its catalog snapshot (catalog.h format)
// from sqlite_master and the table_info / index_list / index_xinfo / foreign_key_list pragmas.

#include "catalog.h"

#include <sqlite3.h>

namespace ddltest {

class SqliteDb {
public:
    SqliteDb() { sqlite3_open(":memory:", &m_db); }
    ~SqliteDb() { sqlite3_close(m_db); }
    SqliteDb(const SqliteDb &) = delete;
    SqliteDb &operator=(const SqliteDb &) = delete;

    // Runs a script; returns the error message, empty on success.
    QString exec(const QString &sql)
    {
        char *err = nullptr;
        if (sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &err) == SQLITE_OK)
            return {};
        QString msg = QString::fromUtf8(err ? err : "error");
        sqlite3_free(err);
        return msg.isEmpty() ? QString("error") : msg;
    }

    // Runs a query with text parameters; returns rows of text (NULL as "NULL").
    QList<QStringList> rows(const QString &sql, const QStringList &params = {})
    {
        QList<QStringList> out;
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.toUtf8().constData(), -1, &st, nullptr) != SQLITE_OK)
            return {{"ERROR " + QString::fromUtf8(sqlite3_errmsg(m_db))}};
        for (int i = 0; i < params.size(); ++i) {
            const QByteArray b = params[i].toUtf8();
            sqlite3_bind_text(st, i + 1, b.constData(), static_cast<int>(b.size()),
                              SQLITE_TRANSIENT);
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            QStringList row;
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const auto *t = sqlite3_column_text(st, c);
                row << (t ? QString::fromUtf8(reinterpret_cast<const char *>(t),
                                              sqlite3_column_bytes(st, c))
                          : QString("NULL"));
            }
            out << row;
        }
        sqlite3_finalize(st);
        return out;
    }

    // Returns the snapshot of the whole database; `summaryTables` are the summary tables of
    // materialized views (catalog.h's summaryTables()), listed as views with their indexes.
    QString catalog(const QStringList &summaryTables = {})
    {
        Snapshot snap;
        for (const auto &v : rows("SELECT name FROM sqlite_master WHERE type = 'view'"))
            snap.views << "view " + v[0] + " view";
        for (const auto &t : rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                  "NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
            const QString name = t[0];
            if (summaryTables.contains(name)) {
                snap.views << "view " + name + " materialized";
                for (const auto &ix : rows("SELECT name, \"unique\" FROM pragma_index_list(?)",
                                           {name})) {
                    QStringList cols;
                    for (const auto &c : rows("SELECT name, \"desc\" FROM "
                                              "pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno",
                                              {ix[0]}))
                        cols << c[0] + (c[1] == "1" ? " desc" : "");
                    snap.views << "view " + name + " index " + ix[0] +
                                      (ix[1] == "1" ? " unique" : "") + " (" + cols.join(", ") +
                                      ")";
                }
                continue;
            }
            snap.table(name);
            QMap<int, QString> pk;
            for (const auto &c : rows("SELECT name, type, \"notnull\", pk FROM "
                                      "pragma_table_info(?) ORDER BY cid",
                                      {name})) {
                snap.columns[name] << "column " + c[0] + " " + c[1] +
                                          (c[2] == "1" ? " not null" : " null");
                if (c[3] != "0")
                    pk[c[3].toInt()] = c[0];
            }
            auto &o = snap.other[name];
            if (!pk.isEmpty())
                o << "primary key (" + QStringList(pk.values()).join(", ") + ")";
            for (const auto &ix : rows("SELECT name, \"unique\", origin FROM "
                                       "pragma_index_list(?)",
                                       {name})) {
                if (ix[2] == "pk")
                    continue;
                QStringList cols;
                for (const auto &c : rows("SELECT name, \"desc\" FROM pragma_index_xinfo(?) "
                                          "WHERE key = 1 ORDER BY seqno",
                                          {ix[0]}))
                    cols << c[0] + (c[1] == "1" && ix[2] == "c" ? " desc" : "");
                if (ix[2] == "u")
                    o << "unique (" + cols.join(", ") + ")";
                else
                    o << "index " + ix[0] + (ix[1] == "1" ? " unique" : "") + " (" +
                             cols.join(", ") + ")";
            }
            QMap<int, QStringList> fks; // id -> table, from, to, on_delete, on_update
            for (const auto &f : rows("SELECT id, \"table\", \"from\", \"to\", on_delete, "
                                      "on_update FROM pragma_foreign_key_list(?) "
                                      "ORDER BY id, seq",
                                      {name})) {
                auto &v = fks[f[0].toInt()];
                if (v.isEmpty())
                    v = QStringList{f[1], QString(), QString(), f[4], f[5]};
                v[1] += (v[1].isEmpty() ? "" : ", ") + f[2];
                v[2] += (v[2].isEmpty() ? "" : ", ") + f[3];
            }
            for (const auto &v : fks)
                o << "foreign key - (" + v[1] + ") references " + v[0] + " (" + v[2] +
                         ") on delete " + v[3] + " on update " + v[4];
        }
        return snap.text();
    }

    sqlite3 *handle() const { return m_db; }

private:
    sqlite3 *m_db = nullptr;
};

} // namespace ddltest
