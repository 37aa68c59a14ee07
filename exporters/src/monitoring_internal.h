#pragma once

// Shared pieces of the monitoring exporter (monitoring*.cpp): metric names and PromQL helpers.

#include "archsim/exporters/monitoring.h"

#include <string>
#include <vector>

namespace archsim::exporters::monitoring {

// The OpenTelemetry `http.server.request.duration` histogram as Prometheus exposes it.
inline constexpr const char *kDurationMetric = "http_server_request_duration_seconds";

// Returns a number in its shortest form with at most 10 significant digits ("0.001", "14.4").
std::string number(double v);

// Returns a PromQL string literal: `text` double-quoted with `\` and `"` escaped.
std::string quoted(const std::string &text);

// Returns the label matcher selecting the given services' series: job="a" or job=~"a|b".
std::string jobMatcher(const std::vector<std::string> &services);

// Returns "web-shop" as "WebShop" (alert names are CamelCase).
std::string camel(const std::string &id);

// Returns the PromQL error ratio of an SLO over a window ("5m"): bad / all requests.
std::string sliErrorExpr(const SloTarget &slo, const std::string &window);

// Returns the error budget of an objective (1 - objective) as text.
std::string budgetText(const SloTarget &slo);

} // namespace archsim::exporters::monitoring
