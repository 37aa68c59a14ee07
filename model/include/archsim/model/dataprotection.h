#pragma once

// Replication, backups and disaster recovery from the design (docs/data-lifecycle.md): where a
// database's copies live (zones, regions), and the analytic RPO and RTO of each database for
// the loss of its primary instance, its zone, its region, or its data (a dropped table).

#include "archsim/model/analytic.h"
#include "archsim/model/types.h"

#include <optional>
#include <string>
#include <vector>

namespace archsim::model {

// Returns the region of `zone`: the region that lists it, or "" (the default region).
std::string regionOf(const Model &model, const std::string &zone);

// Returns the zone of replica `replica` of component `c` ("" when it names no zones).
std::string replicaZone(const Component &c, int replica);

// Returns the bytes a database holds: data_bytes, or the sum of rows x row_bytes of its
// schema's tables (0 when neither is known).
double dataBytes(const Model &model, const Component &db);

// Returns the writes per second into each database (write links: the caller's visit rate
// times the link's probability), from the station estimate `base`.
double writeRate(const Model &model, const AnalyticEstimate &base, const std::string &db);

// The estimate for one kind of loss. Times in seconds; infinite when not recoverable.
struct LossEstimate {
    bool recoverable = true;  // false: no copy survives the loss
    std::string via;          // "failover", "restore" or "none"
    double rpo_s = 0;         // worst data loss, as seconds of writes
    double rpo_mean_s = 0;    // mean data loss (loss instant uniform)
    double lost_writes = 0;   // write rate x rpo_mean_s
    double rto_s = 0;         // until the database takes writes again
    std::string rpo_formula;  // the formula with the model's numbers
    std::string rto_formula;
};

// The data-protection estimate of one database.
struct DataProtectionEstimate {
    std::string database;
    double write_rps = 0;
    double data_bytes = 0;
    double restore_s = 0;     // data_bytes / restore_bytes_per_s; 0 without backups
    LossEstimate replica;     // its primary instance is lost (crash, disk)
    LossEstimate zone;        // the primary's zone is lost
    LossEstimate region;      // the primary's region is lost
    LossEstimate data;        // its data is lost everywhere (a dropped table): restore
    std::optional<double> rpo_target_s;
    std::optional<double> rto_target_s;
};

// Returns true when the model says anything about data protection: regions, a DR plan, or a
// database with replication settings, backups or RPO/RTO targets.
bool declaresDataProtection(const Model &model);

// Returns the estimate of every database, in model order, from the station estimate `base`.
std::vector<DataProtectionEstimate> estimateDataProtection(const Model &model,
                                                           const AnalyticEstimate &base);

// Returns the estimates as a JSON array (infinite figures as null), two-space indent.
std::string dataProtectionToJson(const std::vector<DataProtectionEstimate> &estimates);

// Returns a text table of the estimates, one block per database (empty without databases).
std::string dataProtectionToText(const std::vector<DataProtectionEstimate> &estimates);

} // namespace archsim::model
