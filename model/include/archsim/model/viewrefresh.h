#pragma once

// The refresh of materialized views (docs/data-lifecycle.md, "Refreshes"): what one refresh
// reads and writes, how long it takes, the load it adds to the database that runs it and the
// staleness of the view's rows. The simulator runs each refresh with these same figures.

#include "archsim/model/analytic.h"
#include "archsim/model/types.h"

#include <string>
#include <vector>

namespace archsim::model {

// A refresh reads each row of what the view reads at this cost (a scan and hash join).
inline constexpr double kRefreshReadMsPerRow = 0.0002;
// ... and writes each row of the view at this cost (heap, indexes and WAL).
inline constexpr double kRefreshWriteMsPerRow = 0.0005;
// The rows of a table that states neither rows nor rows_per_month.
inline constexpr double kDefaultTableRows = 10000;

// One materialized view with a refresh schedule, on one database that holds its schema.
// Times in seconds.
struct ViewRefreshEstimate {
    std::string id;             // "schema.view@database": the key of the simulated figures
    std::string view;           // "schema.view"
    std::string database;       // the database component that runs the refresh
    std::string schedule;       // "every 30 s" or "cron */5 * * * *"
    bool concurrent = false;
    std::vector<std::string> reads; // what the view reads
    double rows_read = 0;       // rows of what it reads (tables' rows, a year of
                                // rows_per_month, or kDefaultTableRows)
    double view_rows = 0;       // the view's rows: the largest of what it reads
    double refresh_s = 0;       // the refresh's time on one server of the database
    std::string refresh_formula;
    double interval_s = 0;      // mean time between refreshes that happen
    double max_gap_s = 0;
    bool overlaps = false;      // a refresh outlasts the gap to the next one: some are skipped
    double staleness_max_s = 0; // max gap + refresh
    double staleness_mean_s = 0; // sum(gap^2) / (2 sum(gap)) + refresh
    std::string staleness_formula;
    double duty = 0;            // share of the time a refresh runs
    int servers = 1;            // servers of the pool the refresh holds one of (the primary)
    double util_running = 0;    // utilization added while it runs: 1 / servers
    double util_mean = 0;       // x duty
    std::vector<std::string> readers; // ids of the links that read the view on this database
    bool online_readers = false; // some reader is an oltp link (online requests)
};

// Returns the estimate of every materialized view with a refresh, per database holding its
// schema, in schema, view and component order.
std::vector<ViewRefreshEstimate> estimateViewRefreshes(const Model &model);

// Returns the rows the model assumes for relation `name` of `schema` (a table, or a view: the
// rows it produces); 0 when the schema has no such relation.
double relationRows(const Schema &schema, const std::string &name);

// Returns the estimates as a JSON array, two-space indent.
std::string viewRefreshesToJson(const std::vector<ViewRefreshEstimate> &estimates);

// Returns a text block per refresh (empty without refreshes).
std::string viewRefreshesToText(const std::vector<ViewRefreshEstimate> &estimates);

} // namespace archsim::model
