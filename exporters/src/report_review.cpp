// Report sections computed by the model layer: lint findings and the analytic estimate.
// Both come from model/ (lint.h, analytic.h).

#include "report_internal.h"

#include "archsim/model/analytic.h"
#include "archsim/model/lint.h"

#include <algorithm>

namespace archsim::exporters::report {

std::string lintSection(const model::Model &m, int &errors, int &warnings)
{
    const auto r = model::lint(m);
    errors = warnings = 0;
    std::string rows;
    for (const auto &f : r.findings) {
        const std::string sev = model::toString(f.severity);
        errors += f.severity == model::Severity::Error;
        warnings += f.severity == model::Severity::Warning;
        rows += "<tr><td><span class=\"badge sev-" + h(sev) + "\">" + h(sev)
            + "</span></td><td><code>" + h(f.rule) + "</code></td><td><code>" + h(f.target)
            + "</code></td><td>" + h(f.message) + "</td><td>" + h(f.fix) + "</td></tr>\n";
    }
    std::string o = "<section id=\"lint\"><h2>Lint findings</h2>";
    if (r.findings.empty())
        o += "<p>No findings.</p>";
    else
        o += "<table><thead><tr><th>Severity</th><th>Rule</th><th>Target</th><th>Finding</th>"
             "<th>Fix</th></tr></thead><tbody>\n" + rows + "</tbody></table>";
    if (!r.suppressed.empty())
        o += "<p class=\"muted\">" + std::to_string(r.suppressed.size())
            + " finding(s) suppressed in the model with a recorded reason.</p>";
    return o + "</section>\n";
}

std::string analyticSection(const model::Model &m)
{
    const auto e = model::estimate(m);
    std::string o = "<section id=\"analytic\"><h2>Analytic estimate</h2><p class=\"muted\">"
                    "Queueing approximation at nominal load (Erlang C, Allen-Cunneen); "
                    "instant, no simulation.</p><table><thead><tr><th>Component</th>"
                    "<th class=\"num\">Arrivals</th><th>Utilization</th><th class=\"num\">Wait"
                    "</th><th class=\"num\">Response</th></tr></thead><tbody>\n";
    for (const auto &[id, s] : e.components) {
        const double u = s.utilization;
        const char *cls = s.saturated || u >= 1 ? "bad" : u >= 0.8 ? "warn" : "";
        const double width = std::min(1.0, std::max(0.0, u)) * 100;
        o += "<tr><td><code>" + h(id) + "</code></td><td class=\"num\">" + fmt(s.arrival_rps, 1)
            + " rps</td><td><span class=\"util\"><i class=\"" + cls + "\" style=\"width:"
            + fmt(width, 0) + "%\"></i></span>" + fmt(u * 100, 0) + "%"
            + (s.saturated ? " <span class=\"badge sev-error\">saturated</span>" : "")
            + "</td><td class=\"num\">" + fmt(s.wait_ms, 2) + " ms</td><td class=\"num\">"
            + fmt(s.response_ms, 2) + " ms</td></tr>\n";
    }
    o += "</tbody></table>";
    if (!e.clients.empty()) {
        o += "<h3>End-to-end mean latency per client</h3><table><thead><tr><th>Client</th>"
             "<th class=\"num\">Rate</th><th class=\"num\">Mean latency</th></tr></thead>"
             "<tbody>";
        for (const auto &[id, c] : e.clients)
            o += "<tr><td><code>" + h(id) + "</code></td><td class=\"num\">"
                + fmt(c.rate_rps, 0) + " rps</td><td class=\"num\">" + fmt(c.response_ms, 2)
                + " ms</td></tr>";
        o += "</tbody></table>";
    }
    if (!e.assumptions.empty()) {
        o += "<h3>Assumptions</h3><ul>";
        for (const auto &a : e.assumptions)
            o += "<li>" + h(a) + "</li>";
        o += "</ul>";
    }
    return o + "</section>\n";
}

} // namespace archsim::exporters::report
