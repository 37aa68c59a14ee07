#include "archsim/exporters/report.h"

#include "archsim/exporters/diagram.h"
#include "charts.h"
#include "report_internal.h"
#include "svg.h"

#include <cmath>
#include <cstdio>

namespace archsim::exporters {

namespace report {

std::string h(const std::string &text) { return svg::escape(text); }

std::string fmt(double v, int decimals)
{
    if (!std::isfinite(v))
        return "∞";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

namespace {

const char *kStyle = R"(
:root{--fg:#111827;--muted:#6b7280;--line:#e5e7eb;--accent:#2563eb;--bg:#f8fafc}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 "DejaVu Sans",Helvetica,Arial,sans-serif;color:var(--fg);
background:var(--bg)}
header.top{background:#0f172a;color:#f8fafc;padding:28px 40px 22px}
header.top h1{margin:0 0 4px;font-size:26px;font-weight:700}
header.top p{margin:0;color:#cbd5e1}
nav{padding:10px 40px;background:#fff;border-bottom:1px solid var(--line);font-size:13px}
nav a{color:var(--accent);text-decoration:none;margin-right:18px}
main{padding:8px 40px 40px;max-width:1500px}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 22px;
margin:18px 0}
h2{font-size:18px;margin:0 0 12px}h3{font-size:15px;margin:18px 0 8px}
h3 .muted{font-weight:400;font-size:13px;margin-left:6px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0 14px}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 16px;
min-width:150px}
.card .v{font-size:22px;font-weight:700}.card .k{font-size:12px;color:var(--muted)}
.card.bad .v{color:#dc2626}.card.ok .v{color:#059669}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 10px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f1f5f9;font-weight:600;font-size:12px;color:#374151}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.nw{white-space:nowrap}
code{font-family:"DejaVu Sans Mono",monospace;font-size:12px;background:#f1f5f9;
padding:1px 4px;border-radius:4px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:11px;font-weight:600}
.sev-error{background:#fee2e2;color:#991b1b}.sev-warning{background:#fef3c7;color:#92400e}
.sev-info{background:#e0f2fe;color:#075985}
.muted{color:var(--muted)}.diagram svg{max-width:100%;height:auto;display:block;margin:auto}
.util{display:inline-block;width:90px;height:8px;background:#f1f5f9;border-radius:4px;
vertical-align:middle;margin-right:6px}
.util i{display:block;height:8px;border-radius:4px;background:#2563eb}
.util i.warn{background:#d97706}.util i.bad{background:#dc2626}
.charts{display:flex;flex-wrap:wrap;gap:22px}
footer{color:var(--muted);font-size:12px;padding:0 40px 30px}
@media print{
body{background:#fff;font-size:11px}nav{display:none}
header.top{background:#fff;color:#000;padding:0 0 8px;border-bottom:2px solid #000}
header.top p{color:#333}main{padding:0;max-width:none}
section{border:none;padding:0;margin:14px 0;break-inside:auto}
tr,.charts svg,.cards,.card{break-inside:avoid}h2,h3{break-after:avoid}
@page{margin:14mm}
.diagram svg{max-width:100%;height:auto}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)";

} // namespace

} // namespace report

std::string exportReport(const model::Model &m, const ReportOptions &options)
{
    using namespace report;
    int errors = 0, warnings = 0;
    const std::string lint = lintSection(m, errors, warnings);
    const std::string analytic = analyticSection(m);
    const std::string sim = simulationSection(options);
    const std::string streams = streamsSection(m, options);
    const std::string data = dataProtectionSection(m, options);
    const std::string jobs = jobsSection(m, options);
    int tables = 0;
    for (const auto &s : m.schemas)
        tables += static_cast<int>(s.tables.size());
    const std::string title = m.name.empty() ? "Unnamed model" : m.name;

    std::string o;
    o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    // No request may leave the file: forbid every fetch, allow only inline styles.
    o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:\">\n";
    o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    o += "<title>" + h(title) + " — architecture review</title>\n<style>" + kStyle
        + diagramStyle() + charts::chartStyle() + "</style>\n</head>\n<body>\n";
    o += "<header class=\"top\"><h1>" + h(title) + "</h1><p>Architecture review";
    if (!m.description.empty())
        o += " · " + h(m.description);
    o += "</p></header>\n<nav><a href=\"#diagram\">Diagram</a><a href=\"#components\">"
         "Components</a><a href=\"#links\">Links</a>";
    if (tables > 0)
        o += "<a href=\"#schema\">Schema</a>";
    if (!lint.empty())
        o += "<a href=\"#lint\">Lint</a>";
    if (!analytic.empty())
        o += "<a href=\"#analytic\">Estimate</a>";
    if (!sim.empty())
        o += "<a href=\"#simulation\">Simulation</a>";
    if (!streams.empty())
        o += "<a href=\"#streams\">Streams</a>";
    if (!data.empty())
        o += "<a href=\"#data-protection\">Data protection</a>";
    if (!jobs.empty())
        o += "<a href=\"#jobs\">Jobs and views</a>";
    o += "<a href=\"#cost\">Cost</a>";
    o += "</nav>\n<main>\n<div class=\"cards\">";
    auto card = [&](const std::string &v, const std::string &k, const char *cls = "") {
        o += std::string("<div class=\"card ") + cls + "\"><div class=\"v\">" + h(v)
            + "</div><div class=\"k\">" + h(k) + "</div></div>";
    };
    card(std::to_string(m.components.size()), "components");
    card(std::to_string(m.links.size()), "links");
    card(std::to_string(tables), "tables");
    card(std::to_string(m.zones.size()), "zones");
    {
        card(std::to_string(errors), "lint errors", errors ? "bad" : "ok");
        card(std::to_string(warnings), "lint warnings", warnings ? "bad" : "ok");
    }
    card(std::to_string(options.runs.size()), "simulation runs");
    o += "</div>\n";
    o += "<section id=\"diagram\"><h2>Architecture</h2><div class=\"diagram\">"
        + architectureSvg(m) + "</div></section>\n";
    o += componentsSection(m) + linksSection(m) + schemaSection(m) + lint + analytic + sim +
         streams + data + jobs + costSection(m, options);
    o += "</main>\n<footer>Generated by " + h(options.generator)
        + " from the model file. Self-contained: no scripts, fonts or network requests."
          "</footer>\n</body>\n</html>\n";
    return o;
}

} // namespace archsim::exporters
