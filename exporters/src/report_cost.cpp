// The review report's cost section (docs/operations.md): the same figures as archsim-cli cost,
// from the bundled price table, with the last simulation run's replicas and throughput when the
// report has one.

#include "report_internal.h"

#include "archsim/exporters/cost.h"

namespace archsim::exporters::report {

std::string costSection(const model::Model &m, const ReportOptions &options)
{
    CostUsage usage;
    if (!options.runs.empty())
        if (auto used = costUsageFromRun(options.runs.back().data); used.ok())
            usage = used.value();
    const CostReport r = computeCost(m, defaultPriceTable(), usage);
    std::string o = "<section id=\"cost\"><h2>Cost</h2><p class=\"muted\">max(requested, used) x "
                    + fmt(r.hours_per_month, 0) + " h x rate (OpenCost's rule); prices: "
                    + h(r.table) + "; load: "
                    + (r.simulated ? "the last simulation run" : "the clients' nominal rate")
                    + ".</p><table><thead><tr><th>Component</th><th class=\"num\">Requested"
                      "</th><th class=\"num\">Used</th><th class=\"num\">Per replica-hour</th>"
                      "<th class=\"num\">Per month</th><th>Basis</th></tr></thead><tbody>\n";
    for (const auto &c : r.components)
        o += "<tr><td><code>" + h(c.id) + "</code></td><td class=\"num\">"
            + fmt(c.requested_replicas, 1) + "</td><td class=\"num\">" + fmt(c.used_replicas, 2)
            + "</td><td class=\"num\">" + fmt(c.replica_hour, 4) + "</td><td class=\"num\">"
            + fmt(c.month, 2) + "</td><td>" + h(c.basis) + "</td></tr>\n";
    o += "</tbody></table><p><b>" + fmt(r.month, 2) + " " + h(r.currency)
        + " per month</b>, " + fmt(r.per_million, 3) + " " + h(r.currency)
        + " per million requests at " + fmt(r.throughput_rps, 1) + " req/s.</p></section>\n";
    return o;
}

} // namespace archsim::exporters::report
