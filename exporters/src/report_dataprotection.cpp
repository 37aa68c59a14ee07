// The review report's data-protection section (docs/data-lifecycle.md): the DR plan, each
// database's backups and where they live, its RPO/RTO targets against the analytic estimate for
// each loss, and the RPO/RTO the last simulation run with a loss measured.

#include "report_internal.h"

#include "archsim/model/dataprotection.h"

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace archsim::exporters::report {

std::string span(double s)
{
    if (!std::isfinite(s))
        return "never";
    auto one = [](double v, const char *unit) {
        const bool whole = std::fabs(v - std::round(v)) < 0.05;
        return fmt(v, whole ? 0 : 1) + " " + unit;
    };
    if (s < 120)
        return one(s, "s");
    if (s < 7200)
        return one(s / 60, "min");
    if (s < 172800)
        return one(s / 3600, "h");
    return one(s / 86400, "d");
}

namespace {

std::string badge(bool ok, const std::string &text)
{
    return std::string("<span class=\"badge ") + (ok ? "sev-info" : "sev-error") + "\">" +
           h(text) + "</span>";
}

// Returns "" when the figures meet the targets, else why not ("RPO 24 h > target 5 min").
std::string misses(double rpo, double rto, const model::DataProtectionEstimate &e)
{
    std::string why;
    if (e.rpo_target_s && rpo > *e.rpo_target_s)
        why = "RPO " + span(rpo) + " > target " + span(*e.rpo_target_s);
    if (e.rto_target_s && rto > *e.rto_target_s)
        why += (why.empty() ? "" : "; ") + std::string("RTO ") + span(rto) + " > target " +
               span(*e.rto_target_s);
    return why;
}

std::string verdict(const std::string &why, const model::DataProtectionEstimate &e)
{
    if (!e.rpo_target_s && !e.rto_target_s)
        return "<span class=\"muted nw\">no target</span>";
    return why.empty() ? badge(true, "meets") : badge(false, "misses") + " " + h(why);
}

const SimulationRun *lastRunWithLosses(const ReportOptions &options)
{
    for (auto it = options.runs.rbegin(); it != options.runs.rend(); ++it) {
        const auto losses = it->data.find("losses");
        if (losses != it->data.end() && losses->is_array() && !losses->empty())
            return &*it;
    }
    return nullptr;
}

// Returns the writes the run committed on `db` (-1 when the run does not say).
double runWrites(const SimulationRun &run, const std::string &db)
{
    const auto dbs = run.data.find("databases");
    if (dbs == run.data.end() || !dbs->is_object() || !dbs->contains(db))
        return -1;
    const auto &d = (*dbs)[db];
    return d.is_object() && d.contains("writes") && d["writes"].is_number()
               ? d["writes"].get<double>()
               : -1;
}

double number(const nlohmann::json &o, const char *key, double fallback)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_number() ? it->get<double>() : fallback;
}

std::string backupPlace(const model::Model &m, const model::Component &db)
{
    if (!db.backup)
        return {};
    const std::string zone = model::replicaZone(db, 0);
    const std::string region = zone.empty() ? std::string() : model::regionOf(m, zone);
    switch (db.backup->location) {
    case model::BackupLocation::SameZone:
        return zone.empty() ? "the primary's zone" : "the primary's zone (" + zone + ")";
    case model::BackupLocation::OtherZone:
        return zone.empty() ? "another zone" : "another zone than " + zone;
    case model::BackupLocation::OtherRegion:
        return region.empty() ? "another region" : "another region than " + region;
    }
    return {};
}

} // namespace

std::string dataProtectionSection(const model::Model &m, const ReportOptions &options)
{
    if (!model::declaresDataProtection(m))
        return {};
    const auto estimates = model::estimateDataProtection(m, model::estimate(m));
    if (estimates.empty())
        return {};
    std::string o = "<section id=\"data-protection\"><h2>Data protection</h2>\n<p>";
    const auto dr = m.disaster_recovery.value_or(model::DisasterRecovery{});
    o += "Disaster recovery: <b>" + std::string(model::toString(dr.strategy)) + "</b>" +
         (m.disaster_recovery ? "" : " (no plan declared: the default)") + " · detect " +
         span(dr.detect_s) + ", provision " + span(dr.provision_s) + ", switch " +
         span(dr.switch_s) + ".";
    if (!m.regions.empty()) {
        o += " Regions:";
        for (size_t i = 0; i < m.regions.size(); ++i) {
            const auto &r = m.regions[i];
            std::string zones;
            for (const auto &z : r.zones)
                zones += (zones.empty() ? "" : ", ") + z;
            o += std::string(i ? "; " : " ") + "<code>" + h(r.id) + "</code> (" + h(zones) + ")";
        }
        o += ".";
    }
    o += "</p>\n";

    // Backups and where they live.
    o += "<h3>Backups</h3><table><thead><tr><th>Database</th><th class=\"num nw\">Full backup"
         "</th><th>Archiving</th><th class=\"num nw\">Retention</th><th>Kept in</th>"
         "<th class=\"num nw\">Data</th><th class=\"num nw\">Restore (S/R)</th></tr></thead>"
         "<tbody>\n";
    for (const auto &e : estimates) {
        const auto *db = [&]() -> const model::Component * {
            for (const auto &c : m.components)
                if (c.id == e.database)
                    return &c;
            return nullptr;
        }();
        if (!db)
            continue;
        o += "<tr><td><code>" + h(e.database) + "</code></td>";
        if (!db->backup) {
            o += "<td colspan=\"6\">" + badge(false, "no backups") +
                 " a dropped table is lost for good (replicas copy it)</td></tr>\n";
            continue;
        }
        const auto &b = *db->backup;
        o += "<td class=\"num nw\">" +
             (b.full_interval_s > 0 ? "every " + span(b.full_interval_s) : std::string("none")) +
             "</td><td>" +
             (b.archiving ? "continuous, " + span(b.archive_delay_s) + " delay"
                          : std::string("no")) +
             "</td><td class=\"num nw\">" + fmt(b.retention_days, 0) + " d</td><td>" +
             h(model::toString(b.location)) + ": " + h(backupPlace(m, *db)) +
             "</td><td class=\"num nw\">" + fmt(e.data_bytes / 1e9, 1) +
             " GB</td><td class=\"num nw\">" + span(e.restore_s) + "</td></tr>\n";
    }
    o += "</tbody></table>\n";

    // Targets against the estimate for each loss.
    o += "<h3>RPO and RTO: targets vs estimate</h3><table><thead><tr><th>Database</th>"
         "<th>Loss</th><th>Recovered by</th><th class=\"num nw\">RPO (worst)</th>"
         "<th class=\"num nw\">RTO</th><th class=\"num nw\">Targets (RPO / RTO)</th>"
         "<th>Verdict</th></tr></thead><tbody>\n";
    for (const auto &e : estimates) {
        std::vector<std::pair<const char *, const model::LossEstimate *>> losses{
            {"its primary instance", &e.replica}, {"its zone", &e.zone}};
        if (!m.regions.empty())
            losses.emplace_back("its region", &e.region);
        losses.emplace_back("its data (dropped table)", &e.data);
        const std::string targets =
            (e.rpo_target_s ? span(*e.rpo_target_s) : std::string("–")) + " / " +
            (e.rto_target_s ? span(*e.rto_target_s) : std::string("–"));
        bool first = true;
        for (const auto &[what, l] : losses) {
            o += "<tr><td>" + (first ? "<code>" + h(e.database) + "</code>" : std::string()) +
                 "</td><td>" + what + "</td><td>";
            if (!l->recoverable) {
                o += badge(false, "not recoverable") + " " + h(l->rpo_formula) +
                     "</td><td class=\"num nw\">∞</td><td class=\"num nw\">∞</td>"
                     "<td class=\"num nw\">" +
                     h(targets) + "</td><td>" +
                     verdict("not recoverable", e) +
                     "</td></tr>\n";
            } else {
                o += h(l->via) + "</td><td class=\"num nw\" title=\"" + h(l->rpo_formula) + "\">" +
                     span(l->rpo_s) + "</td><td class=\"num nw\" title=\"" + h(l->rto_formula) +
                     "\">" + span(l->rto_s) + "</td><td class=\"num nw\">" + h(targets) +
                     "</td><td>" + verdict(misses(l->rpo_s, l->rto_s, e), e) + "</td></tr>\n";
            }
            first = false;
        }
    }
    o += "</tbody></table>\n<p class=\"muted\">RPO: the writes lost, as seconds of writes; "
         "RTO: until the database takes writes again. Hover a figure for its formula.</p>\n";

    // What the last run with a loss measured.
    if (const SimulationRun *run = lastRunWithLosses(options)) {
        const nlohmann::json *losses = &run->data.at("losses");
        o += "<h3>Measured in the simulation <span class=\"muted\">" + h(run->label) +
             "</span></h3><table><thead><tr><th>Database</th><th>Cause</th>"
             "<th class=\"num nw\">At</th><th class=\"num nw\">Lost writes</th>"
             "<th class=\"num nw\">RPO measured (estimate)</th>"
             "<th class=\"num nw\">RTO measured (estimate)</th><th>Verdict</th></tr></thead>"
             "<tbody>\n";
        for (const auto &l : *losses) {
            if (!l.is_object())
                continue;
            const std::string db = l.value("database", "");
            const model::DataProtectionEstimate *e = nullptr;
            for (const auto &x : estimates)
                if (x.database == db)
                    e = &x;
            const double rpo = number(l, "lost_span_s", 0);
            const double rto = number(l, "rto_s", -1);
            const double rtoFigure = rto < 0 ? std::numeric_limits<double>::infinity() : rto;
            o += "<tr><td><code>" + h(db) + "</code></td><td>" + h(l.value("cause", "")) +
                 "</td><td class=\"num nw\">" + fmt(number(l, "t_s", 0), 0) + " s</td>"
                 "<td class=\"num nw\">" + fmt(number(l, "lost_writes", 0), 0) +
                 "</td><td class=\"num nw\">" + span(rpo) + " (" +
                 span(number(l, "rpo_estimate_s", 0)) + ")</td><td class=\"num nw\">" +
                 // The RTO is measured at the next write: none without writes.
                 (rto >= 0                     ? span(rto)
                  : runWrites(*run, db) == 0 ? std::string("no writes to measure")
                                               : std::string("not back in the run")) +
                 " (" +
                 span(number(l, "rto_estimate_s", 0)) + ")</td><td>" +
                 (e ? verdict(misses(rpo, rtoFigure, *e), *e) : std::string()) + "</td></tr>\n";
        }
        o += "</tbody></table>\n";
    } else if (!options.runs.empty()) {
        o += "<p class=\"muted\">No run measured a loss: add a <code>region_outage</code> or "
             "<code>data_loss</code> event to a scenario to measure RPO and RTO.</p>\n";
    }
    o += "</section>\n";
    return o;
}

} // namespace archsim::exporters::report
