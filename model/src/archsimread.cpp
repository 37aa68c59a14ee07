// Reading a model from a .archsim project file (docs/archsim-file.md).

#include "archsimattrs.h"
#include "archsimfile.h"

#include "archsim/model/io.h"

#include <cmath>
#include <unordered_map>

namespace archsim::model {

namespace {

using detail::Db;
using detail::Stmt;
using detail::StoreError;

std::string at(const char *list, size_t i)
{
    return std::string("/") + list + "/" + std::to_string(i);
}

template <typename Enum>
Enum parseEnum(const std::string &text, const std::string &place, const char *what)
{
    Enum v{};
    if (!fromString(text, v)) {
        std::string names;
        for (const auto &n : enumNames<Enum>())
            names += (names.empty() ? "" : ", ") + n;
        throw StoreError(place, "unknown " + std::string(what) + " '" + text +
                                    "'; expected one of " + names);
    }
    return v;
}

// Returns the number in column `col`, refusing Inf and -Inf (SQLite stores 1e999 as Inf; a NaN
// becomes NULL, refused by NOT NULL or read as a missing value): JSON cannot carry them.
double finite(const Stmt &st, int col, const std::string &place)
{
    double v = st.getDouble(col);
    if (!std::isfinite(v))
        throw StoreError(place, std::string("not a finite number (") +
                                    (std::isnan(v) ? "NaN" : v > 0 ? "Inf" : "-Inf") +
                                    "); an ArchSim model holds finite numbers only");
    return v;
}

[[noreturn]] void orphan(const char *table, const std::string &parent)
{
    throw StoreError({}, std::string("corrupt ArchSim project: a row of '") + table +
                             "' belongs to '" + parent + "', which does not exist");
}

class ModelReader {
public:
    explicit ModelReader(const Db &db) : m_db(db) {}

    Model read()
    {
        Model m;
        Stmt model(m_db, "SELECT name, description, attrs FROM model WHERE id = 1");
        if (!model.step())
            throw StoreError({}, "corrupt ArchSim project: the model row is missing");
        m.name = model.getText(0);
        m.description = model.getText(1);
        detail::readModelAttrs(detail::parseAttrs(model.getText(2), ""), m);
        Stmt zones(m_db, "SELECT name FROM zones ORDER BY ordinal");
        while (zones.step())
            m.zones.push_back(zones.getText(0));
        readComponents(m);
        readLinks(m);
        readSchemas(m);
        readScenarios(m);
        Stmt sup(m_db, "SELECT rule, target, reason FROM suppressions ORDER BY ordinal");
        while (sup.step())
            m.suppress.push_back({sup.getText(0), sup.getText(1), sup.getText(2)});
        m.version = kFormatVersion;
        return m;
    }

private:
    Component &component(Model &m, const std::string &id, const char *table)
    {
        auto it = m_components.find(id);
        if (it == m_components.end())
            orphan(table, id);
        return m.components[it->second];
    }

    void readComponents(Model &m)
    {
        Stmt st(m_db, "SELECT id, kind, name, description, x, y, schema_id, attrs "
                      "FROM components ORDER BY ordinal");
        while (st.step()) {
            size_t i = m.components.size();
            std::string place = at("components", i);
            Component &c = m.components.emplace_back();
            c.id = st.getText(0);
            c.kind = parseEnum<ComponentKind>(st.getText(1), place + "/kind", "component kind");
            c.name = st.getText(2);
            c.description = st.getText(3);
            if (st.isNull(4) != st.isNull(5))
                throw StoreError(place + "/position/" + (st.isNull(4) ? "x" : "y"),
                                 "a position needs both x and y; this one is NULL (a NaN "
                                 "written as SQL NULL?)");
            if (!st.isNull(4))
                c.position = Position{finite(st, 4, place + "/position/x"),
                                      finite(st, 5, place + "/position/y")};
            c.schema = st.getText(6);
            detail::readComponentAttrs(detail::parseAttrs(st.getText(7), place), c, place);
            m_components.emplace(c.id, i);
        }
        Stmt zone(m_db, "SELECT component_id, zone FROM component_zones "
                        "ORDER BY component_id, ordinal");
        while (zone.step())
            component(m, zone.getText(0), "component_zones").zones.push_back(zone.getText(1));
        Stmt point(m_db, "SELECT component_id, at_s, rps FROM profile_points "
                         "ORDER BY component_id, ordinal");
        while (point.step()) {
            Component &c = component(m, point.getText(0), "profile_points");
            std::string place = at("components", m_components.at(c.id)) + "/profile/" +
                                std::to_string(c.profile.size());
            c.profile.push_back({finite(point, 1, place + "/at_s"),
                                 finite(point, 2, place + "/rps")});
        }
        Stmt kc(m_db, "SELECT component_id, name, share, keys, ttl_s FROM key_classes "
                      "ORDER BY component_id, ordinal");
        while (kc.step()) {
            Component &c = component(m, kc.getText(0), "key_classes");
            std::string place = at("components", m_components.at(c.id)) + "/key_classes/" +
                                std::to_string(c.key_classes.size());
            c.key_classes.push_back({kc.getText(1), finite(kc, 2, place + "/share"),
                                     kc.getInt64(3), finite(kc, 4, place + "/ttl_s")});
        }
        Stmt env(m_db, "SELECT component_id, name, value FROM component_env");
        while (env.step())
            component(m, env.getText(0), "component_env").deploy.env[env.getText(1)] =
                env.getText(2);
        Stmt sec(m_db, "SELECT component_id, env, name, key FROM component_secrets "
                       "ORDER BY component_id, ordinal");
        while (sec.step())
            component(m, sec.getText(0), "component_secrets")
                .deploy.secrets.push_back({sec.getText(1), sec.getText(2), sec.getText(3)});
    }

    void readLinks(Model &m)
    {
        Stmt st(m_db, "SELECT id, from_id, to_id, kind, key_class, attrs "
                      "FROM links ORDER BY ordinal");
        std::unordered_map<std::string, size_t> ids;
        while (st.step()) {
            size_t i = m.links.size();
            std::string place = at("links", i);
            Link &l = m.links.emplace_back();
            l.id = st.getText(0);
            l.from = st.getText(1);
            l.to = st.getText(2);
            l.kind = parseEnum<LinkKind>(st.getText(3), place + "/kind", "link kind");
            l.key_class = st.getText(4);
            detail::readLinkAttrs(detail::parseAttrs(st.getText(5), place), l, place);
            ids.emplace(l.id, i);
        }
        auto link = [&](const std::string &id, const char *table) -> Link & {
            auto it = ids.find(id);
            if (it == ids.end())
                orphan(table, id);
            return m.links[it->second];
        };
        Stmt tables(m_db, "SELECT link_id, table_name FROM link_tables ORDER BY link_id, ordinal");
        while (tables.step())
            link(tables.getText(0), "link_tables").tables.push_back(tables.getText(1));
        Stmt inv(m_db, "SELECT link_id, cache_id FROM link_invalidates "
                       "ORDER BY link_id, ordinal");
        while (inv.step())
            link(inv.getText(0), "link_invalidates").invalidates.push_back(inv.getText(1));
    }

    struct TableRef {
        size_t schema;
        size_t table;
    };

    Table &table(Model &m, int64_t id, const char *what)
    {
        if (id != m_lastTableId) {
            auto it = m_tables.find(id);
            if (it == m_tables.end())
                orphan(what, "table #" + std::to_string(id));
            m_lastTableId = id;
            m_lastTable = &m.schemas[it->second.schema].tables[it->second.table];
        }
        return *m_lastTable;
    }

    // Returns the JSON pointer of a table that table() has found.
    std::string tablePlace(int64_t id) const
    {
        auto it = m_tables.find(id);
        if (it == m_tables.end())
            orphan("tables", "table #" + std::to_string(id));
        return at("schemas", it->second.schema) + "/tables/" + std::to_string(it->second.table);
    }

    void readSchemas(Model &m)
    {
        std::unordered_map<std::string, size_t> ids;
        Stmt sc(m_db, "SELECT id, name FROM schemas ORDER BY ordinal");
        while (sc.step()) {
            ids.emplace(sc.getText(0), m.schemas.size());
            Schema &s = m.schemas.emplace_back();
            s.id = sc.getText(0);
            s.name = sc.getText(1);
        }
        Stmt tb(m_db, "SELECT table_id, schema_id, name, attrs FROM tables "
                      "ORDER BY schema_id, ordinal");
        while (tb.step()) {
            auto it = ids.find(tb.getText(1));
            if (it == ids.end())
                orphan("tables", tb.getText(1));
            Schema &s = m.schemas[it->second];
            std::string place = at("schemas", it->second) + "/tables/" +
                                std::to_string(s.tables.size());
            Table &t = s.tables.emplace_back();
            t.name = tb.getText(2);
            detail::readTableAttrs(detail::parseAttrs(tb.getText(3), place), t, place);
            m_tables.emplace(tb.getInt64(0), TableRef{it->second, s.tables.size() - 1});
        }
        readColumns(m);
        Stmt pk(m_db, "SELECT table_id, column_name FROM primary_key_columns "
                      "ORDER BY table_id, ordinal");
        while (pk.step())
            table(m, pk.getInt64(0), "primary_key_columns").primary_key.push_back(pk.getText(1));
        readConstraints(m);
        readPartitionings(m);
        readViews(m, ids);
    }

    void readViews(Model &m, const std::unordered_map<std::string, size_t> &schemas)
    {
        struct ViewRef {
            size_t schema;
            size_t view;
        };
        std::unordered_map<int64_t, ViewRef> views;
        Stmt vw(m_db, "SELECT view_id, schema_id, name, kind, query, attrs FROM views "
                      "ORDER BY schema_id, ordinal");
        while (vw.step()) {
            auto it = schemas.find(vw.getText(1));
            if (it == schemas.end())
                orphan("views", vw.getText(1));
            Schema &s = m.schemas[it->second];
            std::string place =
                at("schemas", it->second) + "/views/" + std::to_string(s.views.size());
            View &v = s.views.emplace_back();
            v.name = vw.getText(2);
            v.kind = parseEnum<ViewKind>(vw.getText(3), place + "/kind", "view kind");
            v.query = vw.getText(4);
            detail::readViewAttrs(detail::parseAttrs(vw.getText(5), place), v, place);
            views[vw.getInt64(0)] = {it->second, s.views.size() - 1};
        }
        auto view = [&m, &views](int64_t id, const char *what) -> View & {
            auto it = views.find(id);
            if (it == views.end())
                orphan(what, "view #" + std::to_string(id));
            return m.schemas[it->second.schema].views[it->second.view];
        };
        Stmt rd(m_db, "SELECT view_id, name FROM view_reads ORDER BY view_id, ordinal");
        while (rd.step())
            view(rd.getInt64(0), "view_reads").reads.push_back(rd.getText(1));
        std::unordered_map<int64_t, std::pair<int64_t, size_t>> ids;
        Stmt ix(m_db, "SELECT view_index_id, view_id, name, is_unique FROM view_indexes "
                      "ORDER BY view_id, ordinal");
        while (ix.step()) {
            auto &list = view(ix.getInt64(1), "view_indexes").indexes;
            list.push_back({ix.getText(2), {}, ix.getInt64(3) != 0});
            ids[ix.getInt64(0)] = {ix.getInt64(1), list.size() - 1};
        }
        Stmt ic(m_db, "SELECT view_index_id, column_name, descending FROM view_index_columns "
                      "ORDER BY view_index_id, ordinal");
        while (ic.step()) {
            auto it = ids.find(ic.getInt64(0));
            if (it == ids.end())
                orphan("view_index_columns", std::to_string(ic.getInt64(0)));
            view(it->second.first, "view_index_columns")
                .indexes[it->second.second]
                .columns.push_back({ic.getText(1), ic.getInt64(2) != 0});
        }
    }

    void readColumns(Model &m)
    {
        Stmt st(m_db, "SELECT table_id, name, type, nullable, default_kind, default_value, "
                      "is_identity, sensitive, encrypted, comment, renamed_from FROM columns "
                      "ORDER BY table_id, ordinal");
        while (st.step()) {
            int64_t id = st.getInt64(0);
            Table &t = table(m, id, "columns");
            Column &c = t.columns.emplace_back();
            c.name = st.getText(1);
            std::string typeText = st.getText(2);
            auto type = LogicalType::parse(typeText);
            if (!type)
                throw StoreError(tablePlace(id) + "/columns/" +
                                     std::to_string(t.columns.size() - 1) + "/type",
                                 type.diagnostics().front().message);
            c.type = type.value();
            c.nullable = st.getInt64(3) != 0;
            if (!st.isNull(4))
                c.default_value = readDefault(st, id, t.columns.size() - 1);
            c.identity = st.getInt64(6) != 0;
            c.sensitive = st.getInt64(7) != 0;
            c.encrypted = st.getInt64(8) != 0;
            c.comment = st.getText(9);
            c.renamed_from = st.getText(10);
        }
    }

    DefaultValue readDefault(const Stmt &st, int64_t table, size_t column)
    {
        DefaultValue d;
        std::string kind = st.getText(4);
        auto bad = [&](const std::string &why) {
            return StoreError(tablePlace(table) + "/columns/" + std::to_string(column) +
                                  "/default",
                              why);
        };
        if (kind == "null") {
            d.kind = DefaultValue::Kind::Null;
        } else if (kind == "now") {
            d.kind = DefaultValue::Kind::Now;
        } else if (kind == "bool" && st.type(5) == SQLITE_INTEGER) {
            d.kind = DefaultValue::Kind::Bool;
            d.boolean = st.getInt64(5) != 0;
        } else if (kind == "number" && st.type(5) == SQLITE_FLOAT) {
            d.kind = DefaultValue::Kind::Number;
            d.number = finite(st, 5,
                              tablePlace(table) + "/columns/" + std::to_string(column) +
                                  "/default");
        } else if (kind == "string" && st.type(5) == SQLITE_TEXT) {
            d.kind = DefaultValue::Kind::String;
            d.text = st.getText(5);
        } else {
            throw bad("default of kind '" + kind + "' has no matching value");
        }
        return d;
    }

    void readConstraints(Model &m)
    {
        Stmt uq(m_db, "SELECT constraint_id, table_id, name FROM unique_constraints "
                      "ORDER BY table_id, ordinal");
        std::unordered_map<int64_t, std::pair<int64_t, size_t>> ids;
        while (uq.step()) {
            auto &list = table(m, uq.getInt64(1), "unique_constraints").unique;
            list.push_back({uq.getText(2), {}});
            ids[uq.getInt64(0)] = {uq.getInt64(1), list.size() - 1};
        }
        Stmt uc(m_db, "SELECT constraint_id, column_name FROM unique_constraint_columns "
                      "ORDER BY constraint_id, ordinal");
        while (uc.step()) {
            auto it = ids.find(uc.getInt64(0));
            if (it == ids.end())
                orphan("unique_constraint_columns", std::to_string(uc.getInt64(0)));
            auto [t, i] = it->second;
            table(m, t, "unique_constraint_columns").unique[i].columns.push_back(uc.getText(1));
        }
        readIndexes(m);
        readForeignKeys(m);
    }

    void readIndexes(Model &m)
    {
        Stmt ix(m_db, "SELECT index_id, table_id, name, is_unique FROM indexes "
                      "ORDER BY table_id, ordinal");
        std::unordered_map<int64_t, std::pair<int64_t, size_t>> ids;
        while (ix.step()) {
            auto &list = table(m, ix.getInt64(1), "indexes").indexes;
            list.push_back({ix.getText(2), {}, ix.getInt64(3) != 0});
            ids[ix.getInt64(0)] = {ix.getInt64(1), list.size() - 1};
        }
        Stmt ic(m_db, "SELECT index_id, column_name, descending FROM index_columns "
                      "ORDER BY index_id, ordinal");
        while (ic.step()) {
            auto it = ids.find(ic.getInt64(0));
            if (it == ids.end())
                orphan("index_columns", std::to_string(ic.getInt64(0)));
            auto [t, i] = it->second;
            table(m, t, "index_columns")
                .indexes[i]
                .columns.push_back({ic.getText(1), ic.getInt64(2) != 0});
        }
    }

    void readForeignKeys(Model &m)
    {
        Stmt fk(m_db, "SELECT fk_id, table_id, name, ref_table, on_delete, on_update "
                      "FROM foreign_keys ORDER BY table_id, ordinal");
        std::unordered_map<int64_t, std::pair<int64_t, size_t>> ids;
        while (fk.step()) {
            int64_t t = fk.getInt64(1);
            auto &list = table(m, t, "foreign_keys").foreign_keys;
            std::string place = tablePlace(t) + "/foreign_keys/" + std::to_string(list.size());
            ForeignKey &f = list.emplace_back();
            f.name = fk.getText(2);
            f.references = fk.getText(3);
            f.on_delete = parseEnum<RefAction>(fk.getText(4), place + "/on_delete", "action");
            f.on_update = parseEnum<RefAction>(fk.getText(5), place + "/on_update", "action");
            ids[fk.getInt64(0)] = {t, list.size() - 1};
        }
        Stmt fc(m_db, "SELECT fk_id, column_name, ref_column_name FROM foreign_key_columns "
                      "ORDER BY fk_id, ordinal");
        while (fc.step()) {
            auto it = ids.find(fc.getInt64(0));
            if (it == ids.end())
                orphan("foreign_key_columns", std::to_string(fc.getInt64(0)));
            auto [t, i] = it->second;
            ForeignKey &f = table(m, t, "foreign_key_columns").foreign_keys[i];
            if (!fc.isNull(1))
                f.columns.push_back(fc.getText(1));
            if (!fc.isNull(2))
                f.ref_columns.push_back(fc.getText(2));
        }
    }

    void readPartitionings(Model &m)
    {
        Stmt st(m_db, "SELECT table_id, method, column_name, attrs FROM partitionings");
        while (st.step()) {
            int64_t t = st.getInt64(0);
            // The table first: a row naming no table is an orphan, and has no place.
            Table &tb = table(m, t, "partitionings");
            std::string place = tablePlace(t) + "/partitioning";
            Partitioning &p = tb.partitioning.emplace();
            p.method = parseEnum<PartitionMethod>(st.getText(1), place + "/method", "method");
            p.column = st.getText(2);
            detail::readPartitioningAttrs(detail::parseAttrs(st.getText(3), place), p, place);
        }
        Stmt lp(m_db, "SELECT list_partition_id, table_id, name FROM list_partitions "
                      "ORDER BY table_id, ordinal");
        std::unordered_map<int64_t, std::pair<int64_t, size_t>> ids;
        while (lp.step()) {
            int64_t t = lp.getInt64(1);
            Table &tb = table(m, t, "list_partitions");
            if (!tb.partitioning)
                throw StoreError(tablePlace(t) + "/partitioning",
                                 "corrupt ArchSim project: list partition '" + lp.getText(2) +
                                     "' (a row of 'list_partitions') belongs to table '" +
                                     tb.name + "', which is not partitioned (it has no row "
                                     "in 'partitionings')");
            tb.partitioning->lists.push_back({lp.getText(2), {}});
            ids[lp.getInt64(0)] = {t, tb.partitioning->lists.size() - 1};
        }
        Stmt lv(m_db, "SELECT list_partition_id, value FROM list_partition_values "
                      "ORDER BY list_partition_id, ordinal");
        while (lv.step()) {
            auto it = ids.find(lv.getInt64(0));
            if (it == ids.end())
                orphan("list_partition_values", std::to_string(lv.getInt64(0)));
            auto [t, i] = it->second;
            table(m, t, "list_partition_values")
                .partitioning->lists[i]
                .values.push_back(lv.getText(1));
        }
    }

    void readScenarios(Model &m)
    {
        std::unordered_map<std::string, size_t> ids;
        Stmt sc(m_db, "SELECT id, name, description, attrs FROM scenarios ORDER BY ordinal");
        while (sc.step()) {
            std::string place = at("scenarios", m.scenarios.size());
            Scenario &s = m.scenarios.emplace_back();
            s.id = sc.getText(0);
            s.name = sc.getText(1);
            s.description = sc.getText(2);
            detail::readScenarioAttrs(detail::parseAttrs(sc.getText(3), place), s, place);
            ids.emplace(s.id, m.scenarios.size() - 1);
        }
        Stmt ev(m_db, "SELECT scenario_id, at_s, action, target, attrs FROM scenario_events "
                      "ORDER BY scenario_id, ordinal");
        while (ev.step()) {
            auto it = ids.find(ev.getText(0));
            if (it == ids.end())
                orphan("scenario_events", ev.getText(0));
            Scenario &s = m.scenarios[it->second];
            std::string place =
                at("scenarios", it->second) + "/events/" + std::to_string(s.events.size());
            ScenarioEvent &e = s.events.emplace_back();
            e.at_s = finite(ev, 1, place + "/at_s");
            e.action = parseEnum<EventAction>(ev.getText(2), place + "/action", "action");
            e.target = ev.getText(3);
            detail::readEventAttrs(detail::parseAttrs(ev.getText(4), place), e, place);
        }
    }

    const Db &m_db;
    std::unordered_map<std::string, size_t> m_components;
    std::unordered_map<int64_t, TableRef> m_tables;
    int64_t m_lastTableId = -1;
    Table *m_lastTable = nullptr;
};

} // namespace

Result<Model> readArchsim(const std::string &path)
{
    try {
        Db db = detail::openProject(path, detail::OpenMode::Read);
        try {
            return ModelReader(db).read();
        } catch (const StoreError &e) {
            std::string what = e.what();
            if (what.rfind("SQLite: ", 0) == 0)
                throw StoreError(e.place, "corrupt ArchSim project (" + what + ")");
            throw;
        }
    } catch (const StoreError &e) {
        Diagnostic d = makeError(e.place, e.what());
        d.file = path;
        return Diagnostics{d};
    } catch (const std::exception &e) {
        Diagnostic d = makeError({}, std::string("cannot read: ") + e.what());
        d.file = path;
        return Diagnostics{d};
    }
}

} // namespace archsim::model
