#include "validate_views.h"

#include "archsim/model/validate.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>
#include <unordered_set>
#include <vector>

namespace archsim::model::detail {

namespace {

std::string at(const std::string &base, size_t i) { return base + "/" + std::to_string(i); }

// Reports the first cycle among the views' reads, at the `reads` entry that closes it.
void checkCycles(const std::string &p, const Schema &schema, const ErrorSink &error)
{
    std::unordered_map<std::string, size_t> byName;
    for (size_t i = 0; i < schema.views.size(); ++i)
        byName.emplace(schema.views[i].name, i);
    enum class Mark { None, Open, Done };
    std::vector<Mark> marks(schema.views.size(), Mark::None);
    std::vector<size_t> path;
    bool found = false;
    std::function<void(size_t)> visit = [&](size_t v) {
        marks[v] = Mark::Open;
        path.push_back(v);
        const View &view = schema.views[v];
        for (size_t r = 0; r < view.reads.size() && !found; ++r) {
            auto it = byName.find(view.reads[r]);
            if (it == byName.end())
                continue;
            size_t w = it->second;
            if (marks[w] == Mark::Open) {
                std::string cycle;
                bool in = false;
                for (size_t k : path) {
                    in = in || k == w;
                    if (in)
                        cycle += schema.views[k].name + " -> ";
                }
                cycle += schema.views[w].name;
                error(at(at(p + "/views", v) + "/reads", r),
                      "view '" + view.name + "': its reads form a cycle (" + cycle +
                          "); a view cannot depend on itself");
                found = true;
            } else if (marks[w] == Mark::None) {
                visit(w);
            }
        }
        path.pop_back();
        marks[v] = Mark::Done;
    };
    for (size_t v = 0; v < schema.views.size() && !found; ++v)
        if (marks[v] == Mark::None)
            visit(v);
}

void checkRefresh(const std::string &p, const View &v, const ErrorSink &error)
{
    const std::string who = "view '" + v.name + "': ";
    if (v.kind != ViewKind::Materialized) {
        if (v.refresh)
            error(p + "/refresh", who + "only a materialized view has a refresh");
        if (!v.indexes.empty())
            error(p + "/indexes", who + "only a materialized view has indexes (a plain view "
                                        "uses the indexes of the tables it reads)");
        return;
    }
    if (!v.refresh)
        return;
    const ViewRefresh &r = *v.refresh;
    const std::string rp = p + "/refresh";
    if (r.every_s != 0 && !r.cron.empty())
        error(rp, who + "a refresh has either every_s or cron, not both");
    else if (r.every_s == 0 && r.cron.empty())
        error(rp, who + "a refresh needs every_s (seconds) or cron");
    if (!(r.every_s == 0 || (r.every_s >= 1 && r.every_s <= 31.0 * 86400))) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", r.every_s);
        error(rp + "/every_s", who + "every_s is " + buf +
                                   "; expected at least 1 and at most 2.6784e+06 (31 days)");
    }
    if (!r.cron.empty() && !isCronLine(r.cron))
        error(rp + "/cron", who + "cron '" + r.cron +
                                "' is not a five-field cron line (minute hour day month "
                                "weekday, e.g. \"*/5 * * * *\")");
    if (r.concurrent) {
        bool unique = false;
        for (const Index &ix : v.indexes)
            unique = unique || ix.unique;
        if (!unique)
            error(rp + "/concurrent",
                  who + "REFRESH MATERIALIZED VIEW CONCURRENTLY needs a unique index on the "
                        "view; add one to its indexes (with unique: true)");
    }
}

} // namespace

void checkViews(const std::string &p, const Schema &schema,
                std::unordered_map<std::string, std::string> &indexNames,
                const ErrorSink &error)
{
    std::unordered_set<std::string> tables;
    for (const Table &t : schema.tables)
        tables.insert(t.name);
    std::unordered_set<std::string> views;
    for (const View &v : schema.views)
        views.insert(v.name);
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < schema.views.size(); ++i) {
        const View &v = schema.views[i];
        const std::string vp = at(p + "/views", i);
        const std::string who = "view '" + v.name + "': ";
        if (v.name.empty())
            error(vp + "/name", "a view needs a name");
        else if (tables.count(v.name))
            error(vp + "/name", "view '" + v.name + "' has the name of a table of schema '" +
                                    schema.id + "'");
        else if (!seen.insert(v.name).second)
            error(vp + "/name", "duplicate view '" + v.name + "' in schema '" + schema.id + "'");
        if (v.query.find_first_not_of(" \t\r\n") == std::string::npos)
            error(vp + "/query", who + "a view needs its query (the SELECT it stores)");
        std::unordered_set<std::string> read;
        for (size_t r = 0; r < v.reads.size(); ++r) {
            const std::string &name = v.reads[r];
            const std::string rp = at(vp + "/reads", r);
            if (name == v.name)
                error(rp, who + "a view cannot read itself");
            else if (!tables.count(name) && !views.count(name))
                error(rp, who + "reads unknown table or view '" + name + "' (schema '" +
                              schema.id + "' has none of that name)");
            else if (!read.insert(name).second)
                error(rp, who + "reads '" + name + "' twice");
        }
        checkRefresh(vp, v, error);
        for (size_t x = 0; x < v.indexes.size(); ++x) {
            const Index &ix = v.indexes[x];
            const std::string ip = at(vp + "/indexes", x);
            if (ix.name.empty())
                error(ip + "/name", who + "an index needs a name");
            else if (auto [it, ok] = indexNames.emplace(ix.name, v.name); !ok)
                error(ip + "/name", who + "index name '" + ix.name + "' is already used by '" +
                                        it->second + "' in schema '" + schema.id +
                                        "' (index names are per schema)");
            if (ix.columns.empty())
                error(ip + "/columns", who + "an index lists no columns");
            for (size_t c = 0; c < ix.columns.size(); ++c)
                if (ix.columns[c].column.empty())
                    error(at(ip + "/columns", c), who + "an index column needs a name");
        }
    }
    checkCycles(p, schema, error);
}

} // namespace archsim::model::detail

namespace archsim::model {

bool isCronLine(const std::string &cron)
{
    std::istringstream in(cron);
    std::string field;
    int fields = 0;
    while (in >> field) {
        ++fields;
        for (char c : field)
            if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '*' || c == ',' ||
                  c == '-' || c == '/'))
                return false;
    }
    return fields == 5;
}

} // namespace archsim::model
