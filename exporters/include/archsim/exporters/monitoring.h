#pragma once

// Monitoring configuration from a model (docs/operations.md): Prometheus recording and
// multiwindow, multi-burn-rate alerting rules for every client's SLO (the Google SRE workbook's
// windows, as Sloth writes them), alerts for what the model says can go wrong (breakers, replica
// lag, queue backlog, autoscalers at their maximum), and a Grafana dashboard per service.
// Metric names follow the OpenTelemetry HTTP server semantic conventions as Prometheus exposes
// them (`http_server_request_duration_seconds`, `job` = the component id).

#include "archsim/exporters/bundle.h"
#include "archsim/model/types.h"

#include <string>
#include <vector>

namespace archsim::exporters {

// One window pair of a multiwindow, multi-burn-rate alert: it fires when the error ratio over
// both windows exceeds `factor` x the error budget.
struct BurnWindow {
    const char *longWindow;  // Prometheus duration, "1h"
    const char *shortWindow; // "5m"
    double factor;           // burn rate, 14.4
    const char *severity;    // "page" or "ticket"
};

// Returns the four window pairs: page 14.4x (1h, 5m) and 6x (6h, 30m), ticket 3x (1d, 2h) and
// 1x (3d, 6h), the Google SRE workbook's table for a 30-day period (Sloth's defaults).
const std::vector<BurnWindow> &burnWindows();

// One objective of a client, as the rules name it.
struct SloTarget {
    std::string id;                    // "<client>-availability" or "<client>-latency"
    std::string client;                // the client's component id
    std::vector<std::string> services; // components the client calls (the SLI's `job`s)
    double objective = 0;              // share of good requests
    double latencySeconds = 0;         // latency objectives: the `le` bucket of a good request
    int periodDays = 30;
};

// Returns every objective of the model's clients, in model order (availability, then latency).
std::vector<SloTarget> sloTargets(const model::Model &model);

// Returns the Prometheus rule file (recording and alerting rules) of the model's SLOs.
std::string prometheusSloRules(const model::Model &model);

// Returns the Prometheus rule file of the model-derived alerts (empty groups are left out).
std::string prometheusModelAlerts(const model::Model &model);

// Returns the Grafana dashboard JSON of one service (RED panels, its clients' SLO panels).
std::string grafanaDashboard(const model::Model &model, const model::Component &service);

// Returns prometheus/slo-rules.yaml, prometheus/model-alerts.yaml and
// grafana/<service>.json for each service, gateway and worker.
Bundle exportMonitoring(const model::Model &model);

} // namespace archsim::exporters
