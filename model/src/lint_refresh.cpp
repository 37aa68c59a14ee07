// The materialized view refresh rules (docs/lint.md, "data/view-refresh-..."): a refresh
// without CONCURRENTLY of a view that online requests read, a refresh that outlasts its
// period.

#include "lint_internal.h"

#include "archsim/model/viewrefresh.h"

namespace archsim::model::detail {

namespace {

// Returns the JSON pointer of view `view` ("schema.view") of the model, or "/schemas".
std::string viewPointer(const Model &m, const std::string &view)
{
    for (size_t s = 0; s < m.schemas.size(); ++s)
        for (size_t v = 0; v < m.schemas[s].views.size(); ++v)
            if (m.schemas[s].id + "." + m.schemas[s].views[v].name == view)
                return "/schemas/" + std::to_string(s) + "/views/" + std::to_string(v);
    return "/schemas";
}

} // namespace

void lintRefreshes(const Model &m, Findings &out)
{
    for (const ViewRefreshEstimate &e : estimateViewRefreshes(m)) {
        const std::string ptr = viewPointer(m, e.view) + "/refresh";
        if (!e.concurrent && e.online_readers)
            addFinding(out, RuleViewRefreshBlocksReaders, ptr, e.view,
                       "materialized view " + e.view + " is refreshed on " + e.database +
                           " without CONCURRENTLY while online requests read it (" +
                           joinNames(e.readers) + "): each refresh locks it for about " +
                           num(e.refresh_s) + " s (" + e.refresh_formula +
                           "), and every read in that time waits, holding a connection",
                       "refresh: concurrent: true with a unique index on the view, or read it "
                       "from a replica or in a reporting path only");
        if (e.overlaps)
            addFinding(out, RuleViewRefreshOverlaps, ptr, e.view,
                       "materialized view " + e.view + " takes about " + num(e.refresh_s) +
                           " s to refresh on " + e.database + " (" + e.refresh_formula +
                           "), longer than its schedule (" + e.schedule + "): refreshes are "
                           "skipped, one happens every " + num(e.interval_s) + " s, the view "
                           "is up to " + num(e.staleness_max_s) + " s stale and the database "
                           "keeps one connection busy " + num(100 * e.duty) + "% of the time",
                       "a longer period, a smaller view (fewer rows, a narrower query), or an "
                       "incremental summary table maintained by a job");
    }
}

} // namespace archsim::model::detail
