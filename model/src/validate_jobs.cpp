#include "validate_jobs.h"

#include "archsim/model/cron.h"

namespace archsim::model::detail {

namespace {

bool isSink(LinkKind k) { return k == LinkKind::Write || k == LinkKind::Publish; }

} // namespace

void checkJobComponent(const std::string &p, const Component &c, const Model &model,
                       const ErrorSink &error)
{
    const std::string who = "component '" + c.id + "': ";
    if (c.kind != ComponentKind::Job) {
        if (c.job)
            error(p + "/job", who + "only a job has job settings");
        return;
    }
    const JobSettings js = c.job.value_or(JobSettings{});
    const std::string jp = p + "/job";
    const int schedules = (js.interval_s != 0) + !js.cron.empty() + js.continuous;
    if (schedules == 0)
        error(jp, who + "a job needs a schedule: interval_s (seconds), cron or continuous");
    else if (schedules > 1)
        error(jp, who + "a job's schedule is one of interval_s, cron and continuous, not "
                        "several");
    checkRange(error, jp + "/interval_s", js.interval_s, 0, 366.0 * 86400, "interval_s");
    if (js.interval_s != 0 && js.interval_s < 1)
        error(jp + "/interval_s", who + "interval_s is " + numText(js.interval_s) +
                                      "; expected at least 1 (or 0 for cron or continuous)");
    if (!js.cron.empty()) {
        CronSchedule cron;
        const std::string err = parseCron(js.cron, cron);
        if (!err.empty())
            error(jp + "/cron", who + "cron '" + js.cron + "': " + err);
        else if (nextCronFire(cron, 0) < 0)
            error(jp + "/cron", who + "cron '" + js.cron + "' never fires");
    }
    checkRange(error, jp + "/offset_s", js.offset_s, 0, 1e9, "offset_s");
    checkRange(error, jp + "/rows", static_cast<double>(js.rows), js.incremental ? 0 : 1,
               1e12, "rows");
    checkRange(error, jp + "/row_rate", js.row_rate, 0, 1e9, "row_rate");
    checkRange(error, jp + "/batch_size", js.batch_size, 1, 1e9, "batch_size");
    checkRange(error, jp + "/read_ms_per_row", js.read_ms_per_row, 0, 1e6, "read_ms_per_row");
    checkRange(error, jp + "/write_ms_per_row", js.write_ms_per_row, 0, 1e6,
               "write_ms_per_row");

    const Link *source = nullptr;
    int sources = 0;
    int sinks = 0;
    for (const Link &l : model.links) {
        if (l.from != c.id)
            continue;
        if (l.kind == LinkKind::Read) {
            ++sources;
            source = source ? source : &l;
        }
        sinks += isSink(l.kind);
    }
    if (sources == 0)
        error(p, who + "a job needs a source: one read link to a database or a stream");
    else if (sources > 1)
        error(p, who + "a job reads one source; it has " + std::to_string(sources) +
                     " read links");
    if (sinks > 1)
        error(p, who + "a job writes one sink; it has " + std::to_string(sinks) +
                     " write and publish links");
    if (js.incremental && source) {
        for (const Component &s : model.components)
            if (s.id == source->to && s.kind != ComponentKind::Database)
                error(jp + "/incremental", who + "an incremental job counts the writes of a "
                                                 "database source; '" + s.id + "' is a " +
                                                 toString(s.kind));
    }
}

void checkJobLink(const std::string &p, const Link &l, const ModelIndex &index,
                  const ErrorSink &error)
{
    const std::string who = "link '" + l.id + "': ";
    const Component *from = index.component(l.from);
    const Component *to = index.component(l.to);
    if (to && to->kind == ComponentKind::Job)
        error(p + "/to", who + "a job runs on its schedule; nothing calls, reads or writes it");
    if (from && from->kind == ComponentKind::Job && to) {
        if (l.kind == LinkKind::Read && to->kind != ComponentKind::Database &&
            to->kind != ComponentKind::Stream)
            error(p + "/to", who + "a job's source (its read link) is a database or a stream, "
                                   "not a " + toString(to->kind));
        else if (l.kind == LinkKind::Write && to->kind != ComponentKind::Database &&
                 to->kind != ComponentKind::External)
            error(p + "/to", who + "a job's sink (its write link) is a database or an external "
                                   "warehouse (publish to a stream), not a " +
                                   toString(to->kind));
        else if (l.kind != LinkKind::Read && !isSink(l.kind))
            error(p + "/kind", who + "a job has a read link (its source) and a write or "
                                     "publish link (its sink), not a " + toString(l.kind) +
                                     " link");
    }
    if (l.read_from && (l.kind != LinkKind::Read || (to && to->kind != ComponentKind::Database)))
        error(p + "/read_from", who + "read_from is for read links to a database");
}

} // namespace archsim::model::detail
