// The data-protection rules (docs/lint.md, "data/..."): backups, where they are kept, RPO and
// RTO targets against the estimate (model/dataprotection.h), read-your-writes on replicas.

#include "lint_internal.h"

#include "archsim/model/dataprotection.h"

#include <cmath>
#include <unordered_map>

namespace archsim::model::detail {

namespace {

std::string componentPtr(size_t i) { return "/components/" + std::to_string(i); }

std::string seconds(double s) { return std::isfinite(s) ? num(s) + " s" : "never"; }

} // namespace

void lintData(const Model &m, Findings &out)
{
    std::unordered_map<std::string, size_t> position;
    bool anyDatabase = false;
    for (size_t i = 0; i < m.components.size(); ++i) {
        position.emplace(m.components[i].id, i);
        anyDatabase = anyDatabase || m.components[i].kind == ComponentKind::Database;
    }
    if (!anyDatabase)
        return;
    const size_t regions = m.regions.size() + 1; // the default region holds the other zones
    for (size_t i = 0; i < m.components.size(); ++i) {
        const Component &c = m.components[i];
        if (c.kind != ComponentKind::Database)
            continue;
        const std::string ptr = componentPtr(i);
        const bool backups = c.backup && (c.backup->full_interval_s > 0 || c.backup->archiving);
        if (!backups) {
            addFinding(out, RuleNoBackups, ptr + (c.backup ? "/backup" : ""), c.id,
                       "database " + c.id + " has no backups: a dropped table, a bad migration "
                       "or ransomware replicates to every replica, and nothing brings the data "
                       "back",
                       "add backup: {full_interval_s: 86400, archiving: true, location: "
                       "other_region}");
        } else if (c.backup->location == BackupLocation::SameZone ||
                   (c.backup->location == BackupLocation::OtherZone && regions > 1 &&
                    !m.regions.empty())) {
            const bool zone = c.backup->location == BackupLocation::SameZone;
            addFinding(out, RuleBackupsNotOffSite, ptr + "/backup/location", c.id,
                       "the backups of " + c.id + " are kept in its own " +
                           (zone ? "zone" : "region") + ": the loss of that " +
                           (zone ? "zone" : "region") + " takes the data and its backups",
                       "set backup.location to other_region (a bucket replicated to another "
                       "region)");
        }
    }

    // Targets against the estimate: every loss the model can have (a region loss only when
    // it declares regions).
    const auto estimates = estimateDataProtection(m, AnalyticEstimate{});
    for (const DataProtectionEstimate &e : estimates) {
        if (!e.rpo_target_s && !e.rto_target_s)
            continue;
        const size_t i = position.at(e.database);
        std::vector<std::pair<const char *, const LossEstimate *>> losses{
            {"a replica loss", &e.replica}, {"a zone loss", &e.zone}, {"a data loss", &e.data}};
        if (!m.regions.empty())
            losses.emplace_back("a region loss", &e.region);
        for (const auto &[what, loss] : losses) {
            std::string problems;
            if (e.rpo_target_s && loss->rpo_s > *e.rpo_target_s)
                problems = "RPO " + seconds(loss->rpo_s) + " (" + loss->rpo_formula +
                           ") above its target " + num(*e.rpo_target_s) + " s";
            if (e.rto_target_s && loss->rto_s > *e.rto_target_s)
                problems += (problems.empty() ? "" : "; ") + std::string("RTO ") +
                            seconds(loss->rto_s) + " (" + loss->rto_formula +
                            ") above its target " + num(*e.rto_target_s) + " s";
            if (problems.empty())
                continue;
            addFinding(out, RuleTargetNotMet,
                       componentPtr(i) + (e.rpo_target_s ? "/rpo_target_s" : "/rto_target_s"),
                       e.database,
                       "after " + std::string(what) + ", " + e.database + " has " + problems,
                       loss->via == "restore"
                           ? "archive the WAL/binlog (backup.archiving) for the RPO; a faster "
                             "restore, a replica in another zone or region, or a warmer DR "
                             "strategy for the RTO"
                           : loss->via == "failover"
                                 ? "a sync replication mode for the RPO; a shorter failover_s "
                                   "for the RTO"
                                 : "add a replica or backups outside the lost zone or region");
            break; // one finding per database: the first loss that misses
        }
    }

    for (size_t i = 0; i < m.links.size(); ++i) {
        const Link &l = m.links[i];
        if (!l.read_your_writes || l.kind != LinkKind::Read)
            continue;
        const auto to = position.find(l.to);
        if (to == position.end())
            continue;
        const Component &db = m.components[to->second];
        if (db.kind != ComponentKind::Database || db.replicas < 2 ||
            db.read_from == ReadFrom::Primary)
            continue;
        const Replication rep = db.replication.value_or(Replication{});
        // remote_apply makes one replica current at commit; with two instances that is the
        // only replica reads can go to.
        if (rep.mode == ReplicationMode::RemoteApply && db.replicas == 2 &&
            db.read_from == ReadFrom::Replica)
            continue;
        const std::string name = l.id.empty() ? l.from + "->" + l.to : l.id;
        addFinding(out, RuleReplicaReadYourWrites, "/links/" + std::to_string(i), name,
                   "link " + name + " needs read-your-writes but " + db.id + " serves reads "
                   "from replicas that apply writes about " + num(rep.lag.mean_ms) +
                   " ms later (" + toString(rep.mode) + "): a request can miss its own write",
                   "read from the primary for this link (a separate primary-reading database "
                   "link), or replication.mode remote_apply with one replica");
    }
}

} // namespace archsim::model::detail
