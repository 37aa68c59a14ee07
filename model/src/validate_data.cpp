#include "validate_data.h"

#include <unordered_map>
#include <unordered_set>

namespace archsim::model::detail {

void checkDataComponent(const std::string &p, const Component &c, const ErrorSink &error)
{
    const std::string who = "component '" + c.id + "': ";
    const bool db = c.kind == ComponentKind::Database;
    auto onlyDatabase = [&](bool set, const char *field) {
        if (set && !db)
            error(p + "/" + field, who + field + " belongs to a database, not a " +
                                       toString(c.kind));
    };
    onlyDatabase(c.replication.has_value(), "replication");
    onlyDatabase(c.backup.has_value(), "backup");
    onlyDatabase(c.data_bytes != 0, "data_bytes");
    onlyDatabase(c.rpo_target_s.has_value(), "rpo_target_s");
    onlyDatabase(c.rto_target_s.has_value(), "rto_target_s");
    checkRange(error, p + "/data_bytes", static_cast<double>(c.data_bytes), 0, 1e18, "data_bytes");
    if (c.rpo_target_s)
        checkRange(error, p + "/rpo_target_s", *c.rpo_target_s, 0, 1e9, "rpo_target_s");
    if (c.rto_target_s)
        checkRange(error, p + "/rto_target_s", *c.rto_target_s, 0, 1e9, "rto_target_s");
    if (c.replication) {
        const Replication &r = *c.replication;
        const std::string rp = p + "/replication";
        const Distribution &d = r.lag;
        checkRange(error, rp + "/lag/mean_ms", d.mean_ms, 0, 3.6e6, "mean_ms");
        if (d.dist == DistKind::Lognormal)
            checkRange(error, rp + "/lag/cv", d.cv, 1e-6, 100, "cv");
        if (d.dist == DistKind::Erlang)
            checkRange(error, rp + "/lag/k", d.k, 1, 1000, "k");
        if (d.dist == DistKind::Uniform)
            checkRange(error, rp + "/lag/spread", d.spread, 0, 1, "spread");
        checkRange(error, rp + "/apply_rate_wps", r.apply_rate_wps, 0, 1e9, "apply_rate_wps");
        checkRange(error, rp + "/round_trip_ms", r.round_trip_ms, 0, 3.6e6, "round_trip_ms");
        if (r.mode != ReplicationMode::Async && c.replicas < 2)
            error(rp + "/mode", who + toString(r.mode) +
                                    " waits for a replica, but the database has replicas 1");
    }
    if (c.backup) {
        const BackupPolicy &b = *c.backup;
        const std::string bp = p + "/backup";
        checkRange(error, bp + "/full_interval_s", b.full_interval_s, 0, 1e9, "full_interval_s");
        checkRange(error, bp + "/archive_delay_s", b.archive_delay_s, 0, 1e9, "archive_delay_s");
        checkRange(error, bp + "/retention_days", b.retention_days, 0, 1e5, "retention_days");
        checkRange(error, bp + "/restore_bytes_per_s", b.restore_bytes_per_s, 1, 1e15,
              "restore_bytes_per_s");
        if (b.full_interval_s == 0 && !b.archiving)
            error(bp + "/full_interval_s",
                  who + "a backup policy needs full_interval_s > 0 or archiving");
    }
}

void checkRegions(const Model &m, const ModelIndex &index, const ErrorSink &error)
{
    std::unordered_set<std::string> ids;
    std::unordered_map<std::string, std::string> regionOfZone;
    for (size_t i = 0; i < m.regions.size(); ++i) {
        const Region &r = m.regions[i];
        const std::string p = "/regions/" + std::to_string(i);
        if (r.id.empty())
            error(p + "/id", "a region needs an id");
        else if (!ids.insert(r.id).second)
            error(p + "/id", "duplicate region '" + r.id + "'");
        for (size_t z = 0; z < r.zones.size(); ++z) {
            const std::string &zone = r.zones[z];
            const std::string zp = p + "/zones/" + std::to_string(z);
            if (!index.hasZone(zone))
                error(zp, "region '" + r.id + "': unknown zone '" + zone + "'");
            auto [it, inserted] = regionOfZone.emplace(zone, r.id);
            if (!inserted)
                error(zp, "region '" + r.id + "': zone '" + zone + "' is already in region '" +
                              it->second + "'");
        }
    }
    if (m.disaster_recovery) {
        const DisasterRecovery &d = *m.disaster_recovery;
        checkRange(error, "/disaster_recovery/detect_s", d.detect_s, 0, 1e9, "detect_s");
        checkRange(error, "/disaster_recovery/provision_s", d.provision_s, 0, 1e9, "provision_s");
        checkRange(error, "/disaster_recovery/switch_s", d.switch_s, 0, 1e9, "switch_s");
    }
}

void checkDataEvent(const std::string &p, const std::string &who, const ScenarioEvent &e,
                    const Model &m, const ModelIndex &index, const ErrorSink &error)
{
    if (e.action == EventAction::RegionOutage) {
        for (const Region &r : m.regions)
            if (r.id == e.target)
                return;
        error(p + "/target", who + "region_outage targets unknown region '" + e.target + "'" +
                                 (m.regions.empty() ? " (the model declares no regions)" : ""));
        return;
    }
    const Component *c = index.component(e.target);
    if (!c || c->kind != ComponentKind::Database)
        error(p + "/target", who + "data_loss targets '" + e.target + "', which is not a database");
}

} // namespace archsim::model::detail
