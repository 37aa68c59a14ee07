// Writing a model into a .archsim project file (docs/archsim-file.md).

#include "archsimattrs.h"
#include "archsimfile.h"
#include "archsimschema.h"

#include "archsim/model/io.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

namespace archsim::model {

namespace {

using detail::Db;
using detail::Stmt;
using detail::StoreError;

std::string at(const char *list, size_t i)
{
    return std::string("/") + list + "/" + std::to_string(i);
}

// The file enforces what the relational layout relies on: unique ids and link ends that exist.
// Checking first gives the user a place and a sentence instead of a constraint name.
template <typename Items, typename Key>
void checkUnique(const Items &items, const char *list, const char *field, const char *what,
                 Key key)
{
    std::unordered_map<std::string_view, size_t> seen;
    for (size_t i = 0; i < items.size(); ++i) {
        std::string_view k = key(items[i]);
        auto [it, fresh] = seen.emplace(k, i);
        if (!fresh)
            throw StoreError(at(list, i) + field,
                             "duplicate " + std::string(what) + " '" + std::string(k) +
                                 "' (also at " + at(list, it->second) +
                                 "); a .archsim file needs unique ids");
    }
}

void checkIdentity(const Model &m)
{
    checkUnique(m.zones, "zones", "", "zone",
                [](const std::string &z) -> std::string_view { return z; });
    checkUnique(m.components, "components", "/id", "id",
                [](const Component &c) -> std::string_view { return c.id; });
    checkUnique(m.links, "links", "/id", "id",
                [](const Link &l) -> std::string_view { return l.id; });
    checkUnique(m.schemas, "schemas", "/id", "id",
                [](const Schema &s) -> std::string_view { return s.id; });
    checkUnique(m.scenarios, "scenarios", "/id", "id",
                [](const Scenario &s) -> std::string_view { return s.id; });
    std::unordered_set<std::string_view> ids;
    for (const auto &c : m.components)
        ids.insert(c.id);
    for (size_t i = 0; i < m.links.size(); ++i) {
        const Link &l = m.links[i];
        for (auto [end, name] : {std::pair{&l.from, "/from"}, std::pair{&l.to, "/to"}})
            if (!ids.contains(*end))
                throw StoreError(at("links", i) + name,
                                 "unknown component '" + *end +
                                     "'; a .archsim file keeps only links whose ends exist");
    }
}

class ModelWriter {
public:
    explicit ModelWriter(const Db &db) : m_db(db) {}

    void write(const Model &m)
    {
        Stmt model(m_db, "INSERT INTO model(id, name, description, attrs) VALUES (1, ?, ?, ?)");
        model.bind(1, m.name);
        model.bind(2, m.description);
        model.bind(3, detail::dumpAttrs(detail::modelAttrs(m), ""));
        model.run();
        Stmt zone(m_db, "INSERT INTO zones(ordinal, name) VALUES (?, ?)");
        for (size_t i = 0; i < m.zones.size(); ++i) {
            zone.bind(1, int64_t(i));
            zone.bind(2, m.zones[i]);
            zone.run();
        }
        writeComponents(m.components);
        writeLinks(m.links);
        writeSchemas(m.schemas);
        writeScenarios(m.scenarios);
        Stmt sup(m_db, "INSERT INTO suppressions(ordinal, rule, target, reason) VALUES (?,?,?,?)");
        for (size_t i = 0; i < m.suppress.size(); ++i) {
            const Suppression &s = m.suppress[i];
            sup.bind(1, int64_t(i));
            sup.bind(2, s.rule);
            sup.bind(3, s.target);
            sup.bind(4, s.reason);
            sup.run();
        }
    }

private:
    void writeComponents(const std::vector<Component> &components)
    {
        Stmt comp(m_db, "INSERT INTO components(id, ordinal, kind, name, description, x, y, "
                        "schema_id, attrs) VALUES (?,?,?,?,?,?,?,?,?)");
        Stmt zone(m_db, "INSERT INTO component_zones(component_id, ordinal, zone) VALUES (?,?,?)");
        Stmt point(m_db, "INSERT INTO profile_points(component_id, ordinal, at_s, rps) "
                         "VALUES (?,?,?,?)");
        Stmt kc(m_db, "INSERT INTO key_classes(component_id, ordinal, name, share, keys, ttl_s) "
                      "VALUES (?,?,?,?,?,?)");
        Stmt env(m_db, "INSERT INTO component_env(component_id, name, value) VALUES (?,?,?)");
        Stmt secret(m_db, "INSERT INTO component_secrets(component_id, ordinal, env, name, key) "
                          "VALUES (?,?,?,?,?)");
        for (size_t i = 0; i < components.size(); ++i) {
            const Component &c = components[i];
            std::string place = at("components", i);
            comp.bind(1, c.id);
            comp.bind(2, int64_t(i));
            comp.bind(3, std::string_view(toString(c.kind)));
            comp.bind(4, c.name);
            comp.bind(5, c.description);
            if (c.position) {
                comp.bind(6, finite(c.position->x, place + "/position/x"));
                comp.bind(7, finite(c.position->y, place + "/position/y"));
            }
            comp.bindOrNull(8, c.schema);
            comp.bind(9, detail::dumpAttrs(detail::componentAttrs(c, place), place));
            comp.run();
            for (size_t z = 0; z < c.zones.size(); ++z) {
                zone.bind(1, c.id);
                zone.bind(2, int64_t(z));
                zone.bind(3, c.zones[z]);
                zone.run();
            }
            for (size_t p = 0; p < c.profile.size(); ++p) {
                std::string pp = place + "/profile/" + std::to_string(p);
                point.bind(1, c.id);
                point.bind(2, int64_t(p));
                point.bind(3, finite(c.profile[p].at_s, pp + "/at_s"));
                point.bind(4, finite(c.profile[p].rps, pp + "/rps"));
                point.run();
            }
            for (size_t k = 0; k < c.key_classes.size(); ++k) {
                const KeyClass &cls = c.key_classes[k];
                std::string kp = place + "/key_classes/" + std::to_string(k);
                kc.bind(1, c.id);
                kc.bind(2, int64_t(k));
                kc.bind(3, cls.name);
                kc.bind(4, finite(cls.share, kp + "/share"));
                kc.bind(5, cls.keys);
                kc.bind(6, finite(cls.ttl_s, kp + "/ttl_s"));
                kc.run();
            }
            for (const auto &[name, value] : c.deploy.env) {
                env.bind(1, c.id);
                env.bind(2, name);
                env.bind(3, value);
                env.run();
            }
            for (size_t s = 0; s < c.deploy.secrets.size(); ++s) {
                const SecretRef &ref = c.deploy.secrets[s];
                secret.bind(1, c.id);
                secret.bind(2, int64_t(s));
                secret.bind(3, ref.env);
                secret.bind(4, ref.name);
                secret.bind(5, ref.key);
                secret.run();
            }
        }
    }

    void writeLinks(const std::vector<Link> &links)
    {
        Stmt link(m_db, "INSERT INTO links(id, ordinal, from_id, to_id, kind, key_class, attrs) "
                        "VALUES (?,?,?,?,?,?,?)");
        Stmt table(m_db, "INSERT INTO link_tables(link_id, ordinal, table_name) VALUES (?,?,?)");
        Stmt inv(m_db, "INSERT INTO link_invalidates(link_id, ordinal, cache_id) VALUES (?,?,?)");
        for (size_t i = 0; i < links.size(); ++i) {
            const Link &l = links[i];
            std::string place = at("links", i);
            link.bind(1, l.id);
            link.bind(2, int64_t(i));
            link.bind(3, l.from);
            link.bind(4, l.to);
            link.bind(5, std::string_view(toString(l.kind)));
            link.bindOrNull(6, l.key_class);
            link.bind(7, detail::dumpAttrs(detail::linkAttrs(l, place), place));
            link.run();
            for (size_t t = 0; t < l.tables.size(); ++t) {
                table.bind(1, l.id);
                table.bind(2, int64_t(t));
                table.bind(3, l.tables[t]);
                table.run();
            }
            for (size_t c = 0; c < l.invalidates.size(); ++c) {
                inv.bind(1, l.id);
                inv.bind(2, int64_t(c));
                inv.bind(3, l.invalidates[c]);
                inv.run();
            }
        }
    }

    void writeSchemas(const std::vector<Schema> &schemas)
    {
        Stmt schema(m_db, "INSERT INTO schemas(id, ordinal, name) VALUES (?,?,?)");
        Stmt table(m_db, "INSERT INTO tables(table_id, schema_id, ordinal, name, attrs) "
                         "VALUES (?,?,?,?,?)");
        for (size_t s = 0; s < schemas.size(); ++s) {
            const Schema &sc = schemas[s];
            schema.bind(1, sc.id);
            schema.bind(2, int64_t(s));
            schema.bind(3, sc.name);
            schema.run();
            for (size_t t = 0; t < sc.tables.size(); ++t) {
                const Table &tb = sc.tables[t];
                std::string place = at("schemas", s) + "/tables/" + std::to_string(t);
                int64_t id = ++m_tableId;
                table.bind(1, id);
                table.bind(2, sc.id);
                table.bind(3, int64_t(t));
                table.bind(4, tb.name);
                table.bind(5, detail::dumpAttrs(detail::tableAttrs(tb, place), place));
                table.run();
                writeTableParts(id, tb, place);
            }
            for (size_t v = 0; v < sc.views.size(); ++v)
                writeView(sc.id, int64_t(v), sc.views[v],
                          at("schemas", s) + "/views/" + std::to_string(v));
        }
    }

    void writeView(const std::string &schema, int64_t ordinal, const View &v,
                   const std::string &place)
    {
        int64_t id = ++m_viewId;
        m_view.bind(1, id);
        m_view.bind(2, schema);
        m_view.bind(3, ordinal);
        m_view.bind(4, v.name);
        m_view.bind(5, std::string_view(toString(v.kind)));
        m_view.bind(6, v.query);
        m_view.bind(7, detail::dumpAttrs(detail::viewAttrs(v, place), place));
        m_view.run();
        for (size_t r = 0; r < v.reads.size(); ++r) {
            m_viewRead.bind(1, id);
            m_viewRead.bind(2, int64_t(r));
            m_viewRead.bind(3, v.reads[r]);
            m_viewRead.run();
        }
        for (size_t x = 0; x < v.indexes.size(); ++x)
            writeIndex(m_viewIndex, m_viewIndexCol, ++m_viewIndexId, id, x, v.indexes[x]);
    }

    // Writes index `ix` (id `iid`, position `ordinal` of its table or view `owner`) with the
    // insert statements of the index table and of its column table.
    static void writeIndex(Stmt &index, Stmt &column, int64_t iid, int64_t owner, size_t ordinal,
                           const Index &ix)
    {
        index.bind(1, iid);
        index.bind(2, owner);
        index.bind(3, int64_t(ordinal));
        index.bind(4, ix.name);
        index.bind(5, ix.unique);
        index.run();
        for (size_t c = 0; c < ix.columns.size(); ++c) {
            column.bind(1, iid);
            column.bind(2, int64_t(c));
            column.bind(3, ix.columns[c].column);
            column.bind(4, ix.columns[c].descending);
            column.run();
        }
    }

    void writeTableParts(int64_t id, const Table &t, const std::string &place)
    {
        for (size_t c = 0; c < t.columns.size(); ++c)
            writeColumn(id, int64_t(c), t.columns[c], place + "/columns/" + std::to_string(c));
        for (size_t k = 0; k < t.primary_key.size(); ++k) {
            m_pk.bind(1, id);
            m_pk.bind(2, int64_t(k));
            m_pk.bind(3, t.primary_key[k]);
            m_pk.run();
        }
        for (size_t u = 0; u < t.unique.size(); ++u) {
            int64_t uid = ++m_uniqueId;
            m_unique.bind(1, uid);
            m_unique.bind(2, id);
            m_unique.bind(3, int64_t(u));
            m_unique.bind(4, t.unique[u].name);
            m_unique.run();
            const auto &cols = t.unique[u].columns;
            for (size_t c = 0; c < cols.size(); ++c) {
                m_uniqueCol.bind(1, uid);
                m_uniqueCol.bind(2, int64_t(c));
                m_uniqueCol.bind(3, cols[c]);
                m_uniqueCol.run();
            }
        }
        for (size_t x = 0; x < t.indexes.size(); ++x)
            writeIndex(m_index, m_indexCol, ++m_indexId, id, x, t.indexes[x]);
        for (size_t f = 0; f < t.foreign_keys.size(); ++f)
            writeForeignKey(id, int64_t(f), t.foreign_keys[f]);
        if (t.partitioning)
            writePartitioning(id, *t.partitioning, place + "/partitioning");
    }

    void writeColumn(int64_t table, int64_t ordinal, const Column &c, const std::string &place)
    {
        Stmt &st = m_column;
        st.bind(1, table);
        st.bind(2, ordinal);
        st.bind(3, c.name);
        st.bind(4, c.type.toString());
        st.bind(5, c.nullable);
        if (c.default_value) {
            const DefaultValue &d = *c.default_value;
            static const char *kinds[] = {"null", "bool", "number", "string", "now"};
            st.bind(6, std::string_view(kinds[static_cast<int>(d.kind)]));
            switch (d.kind) {
            case DefaultValue::Kind::Bool:
                st.bind(7, d.boolean);
                break;
            case DefaultValue::Kind::Number:
                st.bind(7, finite(d.number, place + "/default"));
                break;
            case DefaultValue::Kind::String:
                st.bind(7, d.text);
                break;
            default:
                break;
            }
        }
        st.bind(8, c.identity);
        st.bind(9, c.sensitive);
        st.bind(10, c.encrypted);
        st.bind(11, c.comment);
        st.bind(12, c.renamed_from);
        st.run();
    }

    void writeForeignKey(int64_t table, int64_t ordinal, const ForeignKey &fk)
    {
        int64_t id = ++m_fkId;
        m_fk.bind(1, id);
        m_fk.bind(2, table);
        m_fk.bind(3, ordinal);
        m_fk.bind(4, fk.name);
        m_fk.bind(5, fk.references);
        m_fk.bind(6, std::string_view(toString(fk.on_delete)));
        m_fk.bind(7, std::string_view(toString(fk.on_update)));
        m_fk.run();
        // Local and referenced columns pair up by position; a list that is shorter than the
        // other (an invalid model) leaves NULL in its column.
        size_t n = std::max(fk.columns.size(), fk.ref_columns.size());
        for (size_t c = 0; c < n; ++c) {
            m_fkCol.bind(1, id);
            m_fkCol.bind(2, int64_t(c));
            if (c < fk.columns.size())
                m_fkCol.bind(3, fk.columns[c]);
            if (c < fk.ref_columns.size())
                m_fkCol.bind(4, fk.ref_columns[c]);
            m_fkCol.run();
        }
    }

    void writePartitioning(int64_t table, const Partitioning &p, const std::string &place)
    {
        m_part.bind(1, table);
        m_part.bind(2, std::string_view(toString(p.method)));
        m_part.bind(3, p.column);
        m_part.bind(4, detail::dumpAttrs(detail::partitioningAttrs(p, place), place));
        m_part.run();
        for (size_t i = 0; i < p.lists.size(); ++i) {
            int64_t id = ++m_listId;
            m_list.bind(1, id);
            m_list.bind(2, table);
            m_list.bind(3, int64_t(i));
            m_list.bind(4, p.lists[i].name);
            m_list.run();
            for (size_t v = 0; v < p.lists[i].values.size(); ++v) {
                m_listValue.bind(1, id);
                m_listValue.bind(2, int64_t(v));
                m_listValue.bind(3, p.lists[i].values[v]);
                m_listValue.run();
            }
        }
    }

    void writeScenarios(const std::vector<Scenario> &scenarios)
    {
        Stmt sc(m_db, "INSERT INTO scenarios(id, ordinal, name, description, attrs) "
                      "VALUES (?,?,?,?,?)");
        Stmt ev(m_db, "INSERT INTO scenario_events(scenario_id, ordinal, at_s, action, target, "
                      "attrs) VALUES (?,?,?,?,?,?)");
        for (size_t i = 0; i < scenarios.size(); ++i) {
            const Scenario &s = scenarios[i];
            std::string place = at("scenarios", i);
            sc.bind(1, s.id);
            sc.bind(2, int64_t(i));
            sc.bind(3, s.name);
            sc.bind(4, s.description);
            sc.bind(5, detail::dumpAttrs(detail::scenarioAttrs(s, place), place));
            sc.run();
            for (size_t e = 0; e < s.events.size(); ++e) {
                const ScenarioEvent &event = s.events[e];
                std::string ep = place + "/events/" + std::to_string(e);
                ev.bind(1, s.id);
                ev.bind(2, int64_t(e));
                ev.bind(3, finite(event.at_s, ep + "/at_s"));
                ev.bind(4, std::string_view(toString(event.action)));
                ev.bind(5, event.target);
                ev.bind(6, detail::dumpAttrs(detail::eventAttrs(event, ep), ep));
                ev.run();
            }
        }
    }

    static double finite(double v, const std::string &place)
    {
        if (!std::isfinite(v))
            throw StoreError(place, "not a finite number");
        return v;
    }

    const Db &m_db;
    int64_t m_tableId = 0;
    int64_t m_uniqueId = 0;
    int64_t m_indexId = 0;
    int64_t m_fkId = 0;
    int64_t m_listId = 0;
    int64_t m_viewId = 0;
    int64_t m_viewIndexId = 0;
    Stmt m_column{m_db, "INSERT INTO columns(table_id, ordinal, name, type, nullable, "
                        "default_kind, default_value, is_identity, sensitive, encrypted, "
                        "comment, renamed_from) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"};
    Stmt m_pk{m_db, "INSERT INTO primary_key_columns(table_id, ordinal, column_name) "
                    "VALUES (?,?,?)"};
    Stmt m_unique{m_db, "INSERT INTO unique_constraints(constraint_id, table_id, ordinal, name) "
                        "VALUES (?,?,?,?)"};
    Stmt m_uniqueCol{m_db, "INSERT INTO unique_constraint_columns(constraint_id, ordinal, "
                           "column_name) VALUES (?,?,?)"};
    Stmt m_index{m_db, "INSERT INTO indexes(index_id, table_id, ordinal, name, is_unique) "
                       "VALUES (?,?,?,?,?)"};
    Stmt m_indexCol{m_db, "INSERT INTO index_columns(index_id, ordinal, column_name, "
                          "descending) VALUES (?,?,?,?)"};
    Stmt m_fk{m_db, "INSERT INTO foreign_keys(fk_id, table_id, ordinal, name, ref_table, "
                    "on_delete, on_update) VALUES (?,?,?,?,?,?,?)"};
    Stmt m_fkCol{m_db, "INSERT INTO foreign_key_columns(fk_id, ordinal, column_name, "
                       "ref_column_name) VALUES (?,?,?,?)"};
    Stmt m_part{m_db, "INSERT INTO partitionings(table_id, method, column_name, attrs) "
                      "VALUES (?,?,?,?)"};
    Stmt m_list{m_db, "INSERT INTO list_partitions(list_partition_id, table_id, ordinal, name) "
                      "VALUES (?,?,?,?)"};
    Stmt m_listValue{m_db, "INSERT INTO list_partition_values(list_partition_id, ordinal, "
                           "value) VALUES (?,?,?)"};
    Stmt m_view{m_db, "INSERT INTO views(view_id, schema_id, ordinal, name, kind, query, attrs) "
                      "VALUES (?,?,?,?,?,?,?)"};
    Stmt m_viewRead{m_db, "INSERT INTO view_reads(view_id, ordinal, name) VALUES (?,?,?)"};
    Stmt m_viewIndex{m_db, "INSERT INTO view_indexes(view_index_id, view_id, ordinal, name, "
                           "is_unique) VALUES (?,?,?,?,?)"};
    Stmt m_viewIndexCol{m_db, "INSERT INTO view_index_columns(view_index_id, ordinal, "
                              "column_name, descending) VALUES (?,?,?,?)"};
};

} // namespace

Status writeArchsim(const Model &model, const std::string &path)
{
    bool created = false;
    try {
        checkIdentity(model);
        long long size = 0;
        Db db;
        if (!detail::fileExists(path, &size) || size == 0) {
            created = !detail::fileExists(path);
            db = detail::createProject(path);
        } else {
            // Replacing the model of an existing project keeps its runs.
            db = detail::openProject(path, detail::OpenMode::Write);
            for (const char *table : detail::modelTablesChildFirst())
                db.exec(("DELETE FROM " + std::string(table)).c_str());
        }
        try {
            ModelWriter(db).write(model);
            db.exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    } catch (const StoreError &e) {
        if (created)
            std::remove(path.c_str());
        return Status::error(path, e.place, e.what());
    } catch (const std::exception &e) {
        if (created)
            std::remove(path.c_str());
        return Status::error(path, {}, std::string("cannot write: ") + e.what());
    }
    return {};
}

} // namespace archsim::model
