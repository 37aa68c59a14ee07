#pragma once

// Simulation runs kept inside a native project file (*.archsim), so the GUI can compare two
// runs across edits. Runs live in their own table: saving a model keeps them.

#include "archsim/model/diagnostics.h"

#include <cstdint>
#include <string>
#include <vector>

namespace archsim::model {

// One stored simulation run. Options and results are JSON documents owned by the simulator.
struct RunRecord {
    int64_t id = 0;           // assigned by storeRun(); 0 for a run not stored yet
    std::string created_at;   // UTC, ISO 8601 ("2026-11-29T06:10:00.123Z"); empty = now
    std::string scenario_id;  // scenario simulated; empty = none
    uint64_t seed = 0;
    std::string label;        // user-visible name of the run; may be empty
    std::string options_json; // simulation options as a JSON document ("{}" when empty)
    std::string results_json; // results as a JSON document ("{}" when empty)
    friend bool operator==(const RunRecord &, const RunRecord &) = default;
};

// Appends a run to the project file at `path` in one transaction; an older file is upgraded in
// place first. Refuses files that are not ArchSim projects and options/results that are not JSON.
Status storeRun(const std::string &path, const RunRecord &run);

// Returns every run stored in the project file, oldest first (ids ascending).
Result<std::vector<RunRecord>> listRuns(const std::string &path);

// Deletes the run with this id; an unknown id is an error.
Status deleteRun(const std::string &path, int64_t id);

// Copies every run of project file `from` into project file `to` (appended, new ids). saveModel
// calls it after writing a temporary file, so an atomic save keeps the runs of the old file.
Status copyRuns(const std::string &from, const std::string &to);

} // namespace archsim::model
