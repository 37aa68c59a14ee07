#pragma once

// The JSON `attrs` column of .archsim rows: an entity's scalar settings, defaults left out,
// named as in the JSON format. Encoders throw StoreError with the model place of a bad value.

#include "archsim/model/types.h"

#include <nlohmann/json.hpp>

#include <string>

namespace archsim::model::detail {

using Json = nlohmann::json;

// Returns the model row's attrs (regions, disaster_recovery); reads them back.
Json modelAttrs(const Model &m);
void readModelAttrs(const Json &attrs, Model &m);

// Returns the attrs object of an entity (only fields that differ from their defaults).
Json componentAttrs(const Component &c, const std::string &place);
Json linkAttrs(const Link &l, const std::string &place);
Json tableAttrs(const Table &t, const std::string &place);
Json partitioningAttrs(const Partitioning &p, const std::string &place);
Json viewAttrs(const View &v, const std::string &place);
Json scenarioAttrs(const Scenario &s, const std::string &place);
Json eventAttrs(const ScenarioEvent &e, const std::string &place);

// Parses an attrs column; throws StoreError at `place` unless it is a JSON object.
Json parseAttrs(const std::string &text, const std::string &place);

// Sets the fields named in `attrs`; unknown names and wrong types throw StoreError.
void readComponentAttrs(const Json &attrs, Component &c, const std::string &place);
void readLinkAttrs(const Json &attrs, Link &l, const std::string &place);
void readTableAttrs(const Json &attrs, Table &t, const std::string &place);
void readPartitioningAttrs(const Json &attrs, Partitioning &p, const std::string &place);
void readViewAttrs(const Json &attrs, View &v, const std::string &place);
void readScenarioAttrs(const Json &attrs, Scenario &s, const std::string &place);
void readEventAttrs(const Json &attrs, ScenarioEvent &e, const std::string &place);

// Returns the attrs object as text (compact, keys sorted).
std::string dumpAttrs(const Json &attrs, const std::string &place);

} // namespace archsim::model::detail
