#pragma once

// The analytic estimate of ETL and batch jobs (docs/data-lifecycle.md, "Jobs"): each job's run
// time from its rows, batches, row rate and service times, the load it adds to its source and
// sink, and the staleness of its sink (the age of the newest source data the sink holds).

#include "archsim/model/analytic.h"
#include "archsim/model/types.h"

#include <string>
#include <vector>

namespace archsim::model {

// The estimate of one job. Times in seconds unless named _ms.
struct JobEstimate {
    std::string job;
    std::string source;         // the component its read link reaches ("" without one)
    std::string source_instance; // "primary", "replica" or "" (not a replicated database)
    std::string sink;           // the component its write or publish link reaches ("" = none)
    std::string schedule;       // "every 3600 s", "cron 0 2 * * *" or "continuous"
    double rows_per_run = 0;    // fixed, or the source's write rate x the interval
    double batches = 0;         // ceil(rows / batch_size)
    double transform_ms = 0;    // the job's mean service time per batch
    double read_ms = 0;         // batch_size x read_ms_per_row
    double write_ms = 0;        // batch_size x write_ms_per_row (0 without a sink)
    double batch_ms = 0;        // transform + read + write, one after the other
    int parallel = 1;           // batches in flight: replicas x workers
    double run_s = 0;           // max(rows / row_rate, batches x batch_ms / parallel)
    std::string run_formula;
    double interval_s = 0;      // mean time between the starts of runs that happen
    double max_gap_s = 0;       // longest time between them
    bool overlaps = false;      // a run outlasts the gap to the next start: starts are skipped
    double staleness_max_s = 0; // max gap + run time
    double staleness_mean_s = 0; // sum(gap^2) / (2 sum(gap)) + run time
    std::string staleness_formula;
    double duty = 0;            // share of the time a run goes: run_s / interval_s
    // Utilization added to one server pool of the source (the instance serving the reads) and
    // of the sink: while a run goes, and averaged over time (x duty).
    double source_util_running = 0;
    double source_util_mean = 0;
    double sink_util_running = 0;
    double sink_util_mean = 0;
};

// Returns the estimate of every job of the model, in model order; `base` gives the source's
// write rate for incremental jobs.
std::vector<JobEstimate> estimateJobs(const Model &model, const AnalyticEstimate &base);

// Returns the starts of a schedule's runs over its first 28 days as gaps (seconds between
// consecutive starts); empty for a continuous or unparsable schedule.
std::vector<double> scheduleGaps(const JobSettings &job);

// The staleness of data that runs of `run_s` refresh on a schedule (docs/data-lifecycle.md,
// "Jobs"): a sawtooth from run_s to the gap plus run_s. Times in seconds.
struct SawtoothEstimate {
    bool overlaps = false; // a run outlasts a gap: starts are skipped, the gap stretches
    double interval_s = 0; // mean gap between the runs that happen
    double max_gap_s = 0;
    double max_s = 0;      // max gap + run
    double mean_s = 0;     // sum(gap^2) / (2 sum(gap)) + run
};

// Returns the sawtooth of runs of `run_s` started after the scheduled `gaps` (a start that
// finds a run going is skipped: its gap grows to ceil(run / gap) x gap).
SawtoothEstimate sawtoothStaleness(std::vector<double> gaps, double run_s);

// Returns the estimates as a JSON array, two-space indent.
std::string jobEstimatesToJson(const std::vector<JobEstimate> &estimates);

// Returns a text block per job (empty without jobs).
std::string jobEstimatesToText(const std::vector<JobEstimate> &estimates);

} // namespace archsim::model
