#pragma once

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <string>
#include <string_view>

namespace archsim::model {

// Returns every semantic problem of a model, each with a JSON pointer to its place: duplicate or
// malformed ids, references to unknown ids, out-of-range numbers, partition columns missing
// from the table or its keys, scenario events that target nothing. Empty when the model is valid.
Diagnostics validate(const Model &model);

// Returns what is wrong with column `c`'s default for the column's type, or an empty string
// when it fits (or there is none): "now" needs a date or timestamp column, a boolean a bool
// column, a number a numeric column (a whole number for an integer column), NULL a nullable
// column, and a text literal may not hold a NUL character. validate() and the DDL exporter
// both use it.
std::string columnDefaultProblem(const Column &c);

// Returns the environment variable name ([A-Za-z_][A-Za-z0-9_]*) the exporters write for
// `text`: every other character becomes '_', and a '_' goes before a leading digit. validate()
// refuses two names of one component that become the same, so no exporter drops a value.
std::string envName(std::string_view text);

// Returns what is wrong with a readiness probe's HTTP path, or an empty string when it is
// fine (an empty path means a TCP probe): it starts with '/' and holds only letters, digits,
// "-._~/:@+,=?" and %XX escapes, so no space, control or shell metacharacter reaches a probe.
std::string healthPathProblem(std::string_view path);

// Returns true if `id` is a valid stable id: [a-z][a-z0-9-]*, at most 63 characters,
// not ending in '-' (a valid Kubernetes name).
bool isValidId(std::string_view id);

// Returns true if `cron` is a five-field cron line whose fields hold digits, '*', ',', '-', '/'.
bool isCronLine(const std::string &cron);

} // namespace archsim::model
