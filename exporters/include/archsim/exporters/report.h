#pragma once

// The review report: one self-contained HTML file (inline CSS and SVG, no script, no font or
// network request) with the architecture diagram, components and links, the schema with keys,
// indexes and partitions, lint findings, the analytic estimate and simulation charts.

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace archsim::exporters {

// One simulation run as written by `archsim-cli simulate --format json`.
struct SimulationRun {
    std::string label; // shown as the run's title (the file name)
    nlohmann::json data;
};

// Parses a simulate JSON document; errors name the file and the JSON pointer of what is
// missing or of the wrong type.
model::Result<SimulationRun> parseSimulationRun(const std::string &text,
                                                const std::string &file);

// Returns the `count` most recent runs stored in the .archsim project at `path`, oldest first,
// labelled with their name and date; a run this version cannot read is left out with a
// warning appended to `warnings`. Fails when the file's runs cannot be listed.
model::Result<std::vector<SimulationRun>> storedReportRuns(const std::string &path, int count,
                                                           model::Diagnostics *warnings);

struct ReportOptions {
    std::vector<SimulationRun> runs;
    std::string generator = "ArchSim"; // shown in the footer ("ArchSim 0.1.0")
};

// Returns the report's HTML.
std::string exportReport(const model::Model &model, const ReportOptions &options = {});

} // namespace archsim::exporters
