// The inspector's job fields (docs/data-lifecycle.md, "Jobs") and a read link's read_from.

#include "document.h"
#include "fieldtext.h"
#include "formbuilder.h"
#include "inspector.h"

#include "archsim/model/cron.h"

#include <QVBoxLayout>

namespace archsim::gui {

using namespace archsim::model;
using Opt = std::optional<double>;

void Inspector::addJobFields(FormBuilder<Component> &f, QVBoxLayout *v)
{
    using C = Component;
    v->addWidget(f.section(tr("Job"), [](const C &c) { return c.kind == ComponentKind::Job; }));
    // Reads the settings (defaults when absent); writes create them on the first edit.
    auto jv = [](const C &c) { return c.job.value_or(JobSettings{}); };
    auto j = [](C &c) -> JobSettings & {
        if (!c.job)
            c.job = JobSettings{};
        return *c.job;
    };
    // 0 means "not by interval" in the file; the field shows it as the empty placeholder.
    f.number(tr("Every"), QStringLiteral("job.interval_s"), tr("s"),
             tr("A run starts this often; empty = on the cron line or continuous"), 1,
             366.0 * 86400, false,
             [jv](const C &c) { return jv(c).interval_s > 0 ? Opt(jv(c).interval_s) : Opt(); },
             [j](C &c, Opt x) { j(c).interval_s = x ? *x : 0; }, true, tr("not by interval"));
    f.text(tr("Cron"), QStringLiteral("job.cron"),
           tr("Five fields: minute hour day month weekday (t = 0 is a Monday 00:00)"),
           [jv](const C &c) { return QString::fromStdString(jv(c).cron); },
           [j](C &c, const QString &s) { j(c).cron = s.trimmed().toStdString(); },
           [](const QString &s) {
               if (s.trimmed().isEmpty())
                   return QString();
               CronSchedule cron;
               return QString::fromStdString(parseCron(s.trimmed().toStdString(), cron));
           });
    f.check(tr("Continuous"), QStringLiteral("job.continuous"),
            tr("The next run starts when one ends (a streaming ETL)"),
            [jv](const C &c) { return jv(c).continuous; },
            [j](C &c, bool b) { j(c).continuous = b; });
    f.number(tr("First run at"), QStringLiteral("job.offset_s"), tr("s"),
             tr("With an interval: the first run starts at this time"), 0, 1e9, false,
             [jv](const C &c) { return Opt(jv(c).offset_s); },
             [j](C &c, Opt x) { j(c).offset_s = *x; });
    f.check(tr("Incremental"), QStringLiteral("job.incremental"),
            tr("Each run moves the rows written to the source since the last run"),
            [jv](const C &c) { return jv(c).incremental; },
            [j](C &c, bool b) { j(c).incremental = b; });
    f.rowVisibleWhen(f.number(tr("Rows per run"), QStringLiteral("job.rows"), tr("rows"),
                              tr("Rows each run moves"), 1, 1e12, true,
                              [jv](const C &c) { return Opt(double(jv(c).rows)); },
                              [j](C &c, Opt x) { j(c).rows = int64_t(*x); }),
                     [jv](const C &c) { return !jv(c).incremental; });
    f.number(tr("Row rate"), QStringLiteral("job.row_rate"), tr("rows/s"),
             tr("Rows per second at most; 0 = as fast as the batches go"), 0, 1e9, false,
             [jv](const C &c) { return Opt(jv(c).row_rate); },
             [j](C &c, Opt x) { j(c).row_rate = *x; });
    f.number(tr("Batch size"), QStringLiteral("job.batch_size"), tr("rows"),
             tr("Rows per batch: one read, one transform (the service time), one write"), 1,
             1e9, true, [jv](const C &c) { return Opt(jv(c).batch_size); },
             [j](C &c, Opt x) { j(c).batch_size = int(*x); });
    f.number(tr("Read cost"), QStringLiteral("job.read_ms_per_row"), tr("ms/row"),
             tr("Service time per row read on the source"), 0, 1e6, false,
             [jv](const C &c) { return Opt(jv(c).read_ms_per_row); },
             [j](C &c, Opt x) { j(c).read_ms_per_row = *x; });
    f.number(tr("Write cost"), QStringLiteral("job.write_ms_per_row"), tr("ms/row"),
             tr("Service time per row written on the sink"), 0, 1e6, false,
             [jv](const C &c) { return Opt(jv(c).write_ms_per_row); },
             [j](C &c, Opt x) { j(c).write_ms_per_row = *x; });
}

void Inspector::addReadFromField(FormBuilder<Link> &f)
{
    using L = Link;
    QStringList names{tr("the database's setting")};
    names += enumList<ReadFrom>();
    f.rowVisibleWhen(f.choice(tr("Read from"), QStringLiteral("read_from"),
                              tr("Which instance of the database serves this link's reads "
                                 "(a reporting job on a replica)"),
                              names,
                              [](const L &l) { return l.read_from ? int(*l.read_from) + 1 : 0; },
                              [](L &l, int i) {
                                  if (i == 0)
                                      l.read_from.reset();
                                  else
                                      l.read_from = ReadFrom(i - 1);
                              }),
                     [](const L &l) { return l.kind == LinkKind::Read; });
}

} // namespace archsim::gui
