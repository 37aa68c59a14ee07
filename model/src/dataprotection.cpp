// The analytic RPO and RTO of each database (docs/data-lifecycle.md, "Estimate").

#include "archsim/model/dataprotection.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_map>

namespace archsim::model {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string num(double v)
{
    if (!std::isfinite(v))
        return "inf";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

// What the backups alone recover: the worst and mean loss and how it is reached.
struct BackupRpo {
    bool any = false;
    double worst = kInf;
    double mean = kInf;
    std::string formula;
};

BackupRpo backupRpo(const BackupPolicy *b)
{
    BackupRpo r;
    if (!b)
        return r;
    if (b->archiving) {
        r.any = true;
        r.worst = r.mean = b->archive_delay_s;
        r.formula = "archive delay " + num(b->archive_delay_s) + " s";
    } else if (b->full_interval_s > 0) {
        r.any = true;
        r.worst = b->full_interval_s;
        r.mean = b->full_interval_s / 2;
        r.formula = "full backups every T = " + num(b->full_interval_s) +
                    " s: worst T, mean T/2";
    }
    return r;
}

// The losses the copies of `db` survive: failover to a replica outside the lost place, else a
// restore from a backup stored outside it, else nothing.
struct Placement {
    bool replicaOtherZone = false;
    bool replicaOtherRegion = false;
    bool replica = false; // more than one instance
};

Placement placementOf(const Model &m, const Component &db)
{
    Placement p;
    p.replica = db.replicas > 1;
    const std::string z0 = replicaZone(db, 0);
    const std::string r0 = regionOf(m, z0);
    for (int r = 1; r < db.replicas; ++r) {
        const std::string z = replicaZone(db, r);
        p.replicaOtherZone = p.replicaOtherZone || z != z0;
        p.replicaOtherRegion = p.replicaOtherRegion || regionOf(m, z) != r0;
    }
    return p;
}

} // namespace

std::string regionOf(const Model &model, const std::string &zone)
{
    for (const Region &r : model.regions)
        if (std::find(r.zones.begin(), r.zones.end(), zone) != r.zones.end())
            return r.id;
    return {};
}

std::string replicaZone(const Component &c, int replica)
{
    if (c.zones.empty())
        return {};
    return c.zones[static_cast<size_t>(replica) % c.zones.size()];
}

double dataBytes(const Model &model, const Component &db)
{
    if (db.data_bytes > 0)
        return static_cast<double>(db.data_bytes);
    double bytes = 0;
    for (const Schema &s : model.schemas)
        if (s.id == db.schema)
            for (const Table &t : s.tables)
                bytes += static_cast<double>(t.rows) * t.row_bytes;
    return bytes;
}

double writeRate(const Model &model, const AnalyticEstimate &base, const std::string &db)
{
    double rate = 0;
    for (const Link &l : model.links) {
        if (l.to != db || l.kind != LinkKind::Write)
            continue;
        double visits = 0;
        if (const auto c = base.clients.find(l.from); c != base.clients.end())
            visits = c->second.rate_rps;
        else if (const auto s = base.components.find(l.from); s != base.components.end())
            visits = s->second.arrival_rps;
        rate += visits * l.probability;
    }
    return rate;
}

bool declaresDataProtection(const Model &m)
{
    bool declares = !m.regions.empty() || m.disaster_recovery.has_value();
    for (const Component &c : m.components)
        declares = declares || c.replication || c.backup || c.rpo_target_s || c.rto_target_s;
    return declares;
}

std::vector<DataProtectionEstimate> estimateDataProtection(const Model &m,
                                                           const AnalyticEstimate &base)
{
    const DisasterRecovery dr = m.disaster_recovery.value_or(DisasterRecovery{});
    std::vector<DataProtectionEstimate> out;
    for (const Component &db : m.components) {
        if (db.kind != ComponentKind::Database)
            continue;
        DataProtectionEstimate e;
        e.database = db.id;
        e.write_rps = writeRate(m, base, db.id);
        e.data_bytes = dataBytes(m, db);
        e.rpo_target_s = db.rpo_target_s;
        e.rto_target_s = db.rto_target_s;
        const BackupPolicy *backup = db.backup ? &*db.backup : nullptr;
        const BackupRpo brpo = backupRpo(backup);
        if (backup && brpo.any && backup->restore_bytes_per_s > 0)
            e.restore_s = e.data_bytes / backup->restore_bytes_per_s;
        const Replication rep = db.replication.value_or(Replication{});
        const double lagS = rep.lag.mean_ms / 1000.0;
        const bool sync = rep.mode != ReplicationMode::Async;

        // Failover to a surviving replica: async loses the writes not applied yet (about the
        // mean lag of writes), a sync mode loses none; the database waits failover_s.
        auto failover = [&](double extraSteps, const std::string &steps) {
            LossEstimate l;
            l.via = "failover";
            l.rpo_s = sync ? 0 : lagS;
            l.rpo_mean_s = l.rpo_s;
            l.rpo_formula = sync ? std::string(toString(rep.mode)) + ": committed on a replica"
                                 : "async: about the replica lag L = " + num(lagS) + " s";
            l.rto_s = db.failover_s + extraSteps;
            l.rto_formula = "failover_s " + num(db.failover_s) + (steps.empty() ? "" : " + ") +
                            steps;
            return l;
        };
        // A restore from a backup kept outside the lost place.
        auto restore = [&](double extraSteps, const std::string &steps) {
            LossEstimate l;
            l.via = "restore";
            l.rpo_s = brpo.worst;
            l.rpo_mean_s = brpo.mean;
            l.rpo_formula = brpo.formula;
            l.rto_s = dr.detect_s + extraSteps + e.restore_s;
            l.rto_formula = "detect " + num(dr.detect_s) + " s" +
                            (steps.empty() ? "" : " + " + steps) + " + S/R = " +
                            num(e.data_bytes) + " B / " +
                            num(backup ? backup->restore_bytes_per_s : 0) + " B/s = " +
                            num(e.restore_s) + " s";
            return l;
        };
        auto lost = [](const std::string &why) {
            LossEstimate l;
            l.recoverable = false;
            l.via = "none";
            l.rpo_s = l.rpo_mean_s = l.rto_s = kInf;
            l.rpo_formula = l.rto_formula = why;
            return l;
        };
        const Placement p = placementOf(m, db);
        const BackupLocation where = backup ? backup->location : BackupLocation::SameZone;

        e.replica = p.replica ? failover(0, {})
                    : brpo.any ? restore(0, {})
                               : lost("one instance and no backups");
        if (p.replicaOtherZone)
            e.zone = failover(0, {});
        else if (brpo.any && where != BackupLocation::SameZone)
            e.zone = restore(0, {});
        else
            e.zone = lost(brpo.any ? "every copy and the backups live in the primary's zone"
                                   : "every copy lives in the primary's zone, no backups");
        // A region loss moves the traffic too; the strategy says what runs elsewhere already.
        const std::string sw = "switch " + num(dr.switch_s) + " s";
        if (p.replicaOtherRegion) {
            switch (dr.strategy) {
            case DrStrategy::ActiveActive:
                e.region = failover(dr.switch_s, sw);
                break;
            case DrStrategy::WarmStandby:
                e.region = failover(dr.detect_s + dr.switch_s,
                                    "detect " + num(dr.detect_s) + " s + " + sw);
                break;
            case DrStrategy::PilotLight:
            case DrStrategy::BackupRestore:
                e.region = failover(dr.detect_s + dr.provision_s + dr.switch_s,
                                    "detect " + num(dr.detect_s) + " s + provision " +
                                        num(dr.provision_s) + " s + " + sw);
                break;
            }
        } else if (brpo.any && where == BackupLocation::OtherRegion) {
            e.region = restore(dr.provision_s + dr.switch_s,
                               "provision " + num(dr.provision_s) + " s + " + sw);
        } else {
            e.region = lost(brpo.any ? "no replica and no backup outside the primary's region"
                                     : "no replica outside the primary's region, no backups");
        }
        e.data = brpo.any ? restore(0, {})
                          : lost("no backups (replicas copy the loss: a dropped table is "
                                 "dropped everywhere)");
        for (LossEstimate *l : {&e.replica, &e.zone, &e.region, &e.data})
            l->lost_writes = std::isfinite(l->rpo_mean_s) ? e.write_rps * l->rpo_mean_s : kInf;
        out.push_back(std::move(e));
    }
    return out;
}

namespace {

nlohmann::ordered_json finite(double v)
{
    return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
}

nlohmann::ordered_json lossJson(const LossEstimate &l)
{
    nlohmann::ordered_json j;
    j["recoverable"] = l.recoverable;
    j["via"] = l.via;
    j["rpo_s"] = finite(l.rpo_s);
    j["rpo_mean_s"] = finite(l.rpo_mean_s);
    j["lost_writes"] = finite(l.lost_writes);
    j["rto_s"] = finite(l.rto_s);
    j["rpo_formula"] = l.rpo_formula;
    j["rto_formula"] = l.rto_formula;
    return j;
}

} // namespace

std::string dataProtectionToJson(const std::vector<DataProtectionEstimate> &estimates)
{
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const DataProtectionEstimate &e : estimates) {
        nlohmann::ordered_json j;
        j["database"] = e.database;
        j["write_rps"] = e.write_rps;
        j["data_bytes"] = e.data_bytes;
        j["restore_s"] = e.restore_s;
        j["rpo_target_s"] = e.rpo_target_s ? nlohmann::ordered_json(*e.rpo_target_s)
                                           : nlohmann::ordered_json();
        j["rto_target_s"] = e.rto_target_s ? nlohmann::ordered_json(*e.rto_target_s)
                                           : nlohmann::ordered_json();
        j["replica_loss"] = lossJson(e.replica);
        j["zone_loss"] = lossJson(e.zone);
        j["region_loss"] = lossJson(e.region);
        j["data_loss"] = lossJson(e.data);
        a.push_back(std::move(j));
    }
    return a.dump(2);
}

std::string dataProtectionToText(const std::vector<DataProtectionEstimate> &estimates)
{
    if (estimates.empty())
        return {};
    std::string out = "\nData protection (RPO = data lost, RTO = time to take writes again):\n";
    for (const DataProtectionEstimate &e : estimates) {
        out += "  " + e.database + ": " + num(e.write_rps) + " writes/s, " +
               num(e.data_bytes) + " bytes";
        if (e.rpo_target_s)
            out += ", RPO target " + num(*e.rpo_target_s) + " s";
        if (e.rto_target_s)
            out += ", RTO target " + num(*e.rto_target_s) + " s";
        out += "\n";
        const std::pair<const char *, const LossEstimate *> rows[] = {
            {"replica loss", &e.replica}, {"zone loss", &e.zone},
            {"region loss", &e.region}, {"data loss", &e.data}};
        for (const auto &row : rows) {
            const LossEstimate &l = *row.second;
            out += "    " + std::string(row.first) + ": ";
            if (!l.recoverable) {
                out += "not recoverable (" + l.rpo_formula + ")\n";
                continue;
            }
            out += "via " + l.via + ", RPO " + num(l.rpo_s) + " s (mean " +
                   num(l.rpo_mean_s) + " s, ~" + num(l.lost_writes) + " writes; " +
                   l.rpo_formula + "), RTO " + num(l.rto_s) + " s (" + l.rto_formula + ")\n";
        }
    }
    return out;
}

} // namespace archsim::model
