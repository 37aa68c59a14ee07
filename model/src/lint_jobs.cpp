// The job rules (docs/lint.md, "data/job-..."): reporting reads on a primary that has a
// replica, runs that outlast their interval, jobs without a sink.

#include "lint_internal.h"

#include "archsim/model/analytic.h"
#include "archsim/model/jobs.h"

namespace archsim::model::detail {

void lintJobs(const Model &m, Findings &out)
{
    bool any = false;
    for (const Component &c : m.components)
        any = any || c.kind == ComponentKind::Job;
    if (!any)
        return;
    const std::vector<JobEstimate> est = estimateJobs(m, estimate(m));
    size_t e = 0;
    for (size_t i = 0; i < m.components.size(); ++i) {
        const Component &c = m.components[i];
        if (c.kind != ComponentKind::Job)
            continue;
        const JobEstimate &je = est[e++];
        const std::string ptr = "/components/" + std::to_string(i);
        for (size_t k = 0; k < m.links.size(); ++k) {
            const Link &l = m.links[k];
            if (l.from != c.id || l.kind != LinkKind::Read)
                continue;
            const Component *db = nullptr;
            for (const Component &x : m.components)
                if (x.id == l.to && x.kind == ComponentKind::Database)
                    db = &x;
            if (!db || db->replicas < 2 ||
                l.read_from.value_or(db->read_from) != ReadFrom::Primary)
                continue;
            addFinding(out, RuleJobOnPrimary, "/links/" + std::to_string(k), c.id,
                       "job " + c.id + " reads " + num(je.rows_per_run) + " rows a run from "
                       "the primary of " + db->id + ", which has " +
                       std::to_string(db->replicas - 1) + " replica(s): while it runs it adds " +
                       num(je.source_util_running) + " utilization to the primary and the "
                       "online requests wait behind its batches",
                       "read from a replica: read_from: replica on the job's read link");
        }
        if (je.overlaps)
            addFinding(out, RuleJobOverlaps, ptr + "/job", c.id,
                       "job " + c.id + " runs about " + num(je.run_s) + " s (" +
                           je.run_formula + "), longer than the time to its next start: the "
                           "simulation skips a start while a run goes (Kubernetes "
                           "concurrencyPolicy Forbid), so a run starts every " +
                           num(je.interval_s) + " s and the sink is up to " +
                           num(je.staleness_max_s) + " s stale",
                       "a longer interval, a larger row_rate or batch_size, or more replicas "
                       "x workers for the job");
        if (je.sink.empty())
            addFinding(out, RuleJobWithoutSink, ptr, c.id,
                       "job " + c.id + " reads " + (je.source.empty() ? "nothing" : je.source) +
                           " but writes its rows nowhere",
                       "add a write link to the warehouse (an external or a database) or a "
                       "publish link to a stream");
    }
}

} // namespace archsim::model::detail
