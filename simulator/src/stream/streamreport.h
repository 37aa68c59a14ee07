#pragma once

// The stream figures in the result's JSON ("topics", "groups") and text report.

#include "archsim/simulator/simulation.h"

#include <nlohmann/json.hpp>

#include <string>

namespace archsim::simulator {

// Adds "topics" and "groups" to `j` (nothing when the run had no consume links) and their
// intervals to `ci` under "topics.<id>.<figure>" and "groups.<link>.<figure>".
void streamsToJson(SimulationResult &r, nlohmann::ordered_json &j, nlohmann::ordered_json &ci);

// Reads what streamsToJson() wrote; absent keys leave the lists empty.
void streamsFromJson(const nlohmann::ordered_json &j, const nlohmann::ordered_json &ci,
                     SimulationResult &r);

// Returns the text report's stream and group tables (empty without consume links).
std::string streamsToText(const SimulationResult &r);

} // namespace archsim::simulator
