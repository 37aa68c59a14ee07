// Materialized view refreshes' analytic estimate (viewrefresh.h; the derivations are in
// docs/data-lifecycle.md, "Refreshes").

#include "archsim/model/viewrefresh.h"

#include "archsim/model/jobs.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace archsim::model {

namespace {

std::string num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

const Table *findTable(const Schema &s, const std::string &name)
{
    for (const Table &t : s.tables)
        if (t.name == name)
            return &t;
    return nullptr;
}

const View *findView(const Schema &s, const std::string &name)
{
    for (const View &v : s.views)
        if (v.name == name)
            return &v;
    return nullptr;
}

double tableRows(const Table &t)
{
    if (t.rows > 0)
        return static_cast<double>(t.rows);
    if (t.rows_per_month > 0)
        return 12 * t.rows_per_month; // a year of growth
    return kDefaultTableRows;
}

// Rows a query over `view`'s inputs reads: a plain view runs its own query.
double inputRows(const Schema &s, const View &view, int depth)
{
    double rows = 0;
    for (const std::string &r : view.reads) {
        if (const Table *t = findTable(s, r))
            rows += tableRows(*t);
        else if (const View *v = findView(s, r); v && depth < 16)
            rows += v->kind == ViewKind::Materialized ? relationRows(s, r)
                                                      : inputRows(s, *v, depth + 1);
    }
    return rows;
}

double viewRows(const Schema &s, const View &view, int depth)
{
    double rows = 0;
    for (const std::string &r : view.reads) {
        if (const Table *t = findTable(s, r))
            rows = std::max(rows, tableRows(*t));
        else if (const View *v = findView(s, r); v && depth < 16)
            rows = std::max(rows, viewRows(s, *v, depth + 1));
    }
    return rows;
}

bool hasName(const std::vector<std::string> &names, const std::string &name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

double relationRows(const Schema &schema, const std::string &name)
{
    if (const Table *t = findTable(schema, name))
        return tableRows(*t);
    if (const View *v = findView(schema, name))
        return viewRows(schema, *v, 0);
    return 0;
}

std::vector<ViewRefreshEstimate> estimateViewRefreshes(const Model &model)
{
    std::vector<ViewRefreshEstimate> out;
    for (const Schema &s : model.schemas) {
        for (const View &v : s.views) {
            if (v.kind != ViewKind::Materialized || !v.refresh)
                continue;
            const ViewRefresh &r = *v.refresh;
            JobSettings schedule; // the jobs' schedule arithmetic (cron over 28 days)
            schedule.interval_s = r.every_s;
            schedule.cron = r.cron;
            for (const Component &db : model.components) {
                if (db.kind != ComponentKind::Database || db.schema != s.id)
                    continue;
                ViewRefreshEstimate e;
                e.view = s.id + "." + v.name;
                e.database = db.id;
                e.id = e.view + "@" + db.id;
                e.schedule = r.cron.empty() ? "every " + num(r.every_s) + " s"
                                            : "cron " + r.cron;
                e.concurrent = r.concurrent;
                e.reads = v.reads;
                e.rows_read = inputRows(s, v, 0);
                e.view_rows = viewRows(s, v, 0);
                const double readS = e.rows_read * kRefreshReadMsPerRow / 1000.0;
                const double writeS = e.view_rows * kRefreshWriteMsPerRow / 1000.0;
                if (r.concurrent) {
                    // CONCURRENTLY: the query fills a temporary table, a full join of the old
                    // and new rows on the unique index finds the changes, and each change is
                    // applied to the view as an insert, update or delete. Charged: the new rows
                    // written twice, the old and new rows read once more (all rows changed,
                    // an upper bound: PostgreSQL notes it may be faster when few change).
                    e.refresh_s = readS + 2 * writeS +
                                  2 * e.view_rows * kRefreshReadMsPerRow / 1000.0;
                    e.refresh_formula =
                        "concurrent: rows_read x read + view_rows x (2 write + 2 read) = " +
                        num(e.rows_read) + " x " + num(kRefreshReadMsPerRow) + " ms + " +
                        num(e.view_rows) + " x (2 x " + num(kRefreshWriteMsPerRow) + " + 2 x " +
                        num(kRefreshReadMsPerRow) + ") ms = " + num(e.refresh_s) + " s";
                } else {
                    e.refresh_s = readS + writeS;
                    e.refresh_formula = "rows_read x read + view_rows x write = " +
                                        num(e.rows_read) + " x " + num(kRefreshReadMsPerRow) +
                                        " ms + " + num(e.view_rows) + " x " +
                                        num(kRefreshWriteMsPerRow) + " ms = " +
                                        num(e.refresh_s) + " s";
                }
                // A refresh due while the previous one runs is skipped, as a job's start.
                const std::vector<double> gaps = scheduleGaps(schedule);
                const SawtoothEstimate saw = sawtoothStaleness(gaps, e.refresh_s);
                e.overlaps = saw.overlaps;
                e.interval_s = saw.interval_s;
                e.max_gap_s = saw.max_gap_s;
                e.staleness_max_s = saw.max_s;
                e.staleness_mean_s = saw.mean_s;
                e.staleness_formula =
                    gaps.size() == 1
                        ? "max = interval + refresh = " + num(e.max_gap_s) + " + " +
                              num(e.refresh_s) + " = " + num(e.staleness_max_s) +
                              " s, mean = interval / 2 + refresh = " +
                              num(e.staleness_mean_s) + " s"
                        : "max = longest gap + refresh = " + num(e.staleness_max_s) +
                              " s, mean = sum(gap^2) / (2 sum(gap)) + refresh = " +
                              num(e.staleness_mean_s) + " s";
                e.duty = e.interval_s > 0 ? std::min(1.0, e.refresh_s / e.interval_s) : 0;
                // One statement: it holds one server (connection) of the primary throughout.
                e.servers = std::max(1, db.replicas >= 2 ? db.workers : db.replicas * db.workers);
                e.util_running = 1.0 / e.servers;
                e.util_mean = e.util_running * e.duty;
                for (const Link &l : model.links) {
                    if (l.to != db.id || !hasName(l.tables, v.name) ||
                        l.kind == LinkKind::Write || l.kind == LinkKind::Publish ||
                        l.kind == LinkKind::Consume)
                        continue;
                    e.readers.push_back(l.id.empty() ? l.from + "->" + l.to : l.id);
                    e.online_readers = e.online_readers || l.purpose == LinkPurpose::Oltp;
                }
                out.push_back(std::move(e));
            }
        }
    }
    return out;
}

std::string viewRefreshesToJson(const std::vector<ViewRefreshEstimate> &estimates)
{
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const ViewRefreshEstimate &e : estimates)
        a.push_back({{"id", e.id},
                     {"view", e.view},
                     {"database", e.database},
                     {"schedule", e.schedule},
                     {"concurrent", e.concurrent},
                     {"reads", e.reads},
                     {"rows_read", e.rows_read},
                     {"view_rows", e.view_rows},
                     {"refresh_s", e.refresh_s},
                     {"refresh_formula", e.refresh_formula},
                     {"interval_s", e.interval_s},
                     {"max_gap_s", e.max_gap_s},
                     {"overlaps", e.overlaps},
                     {"staleness_max_s", e.staleness_max_s},
                     {"staleness_mean_s", e.staleness_mean_s},
                     {"staleness_formula", e.staleness_formula},
                     {"duty", e.duty},
                     {"servers", e.servers},
                     {"util_running", e.util_running},
                     {"util_mean", e.util_mean},
                     {"readers", e.readers}});
    return a.dump(2);
}

std::string viewRefreshesToText(const std::vector<ViewRefreshEstimate> &estimates)
{
    if (estimates.empty())
        return {};
    std::string out = "\nMaterialized view refreshes (docs/data-lifecycle.md)\n";
    for (const ViewRefreshEstimate &e : estimates) {
        out += "view " + e.view + " on " + e.database + ": " + e.schedule +
               (e.concurrent ? ", concurrent" : ", blocks its readers") + "\n";
        out += "  refresh " + num(e.refresh_s) + " s: " + e.refresh_formula + "\n";
        if (e.overlaps)
            out += "  a refresh outlasts its interval: refreshes are skipped (one every " +
                   num(e.interval_s) + " s on average)\n";
        out += "  staleness: " + e.staleness_formula + "\n";
        out += "  load: +" + num(e.util_running) + " utilization of " + e.database +
               "'s primary while it runs (one of " + std::to_string(e.servers) +
               " servers), +" + num(e.util_mean) + " on average\n";
    }
    return out;
}

} // namespace archsim::model
