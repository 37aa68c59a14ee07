// Grafana dashboards of the monitoring exporter: one per service, RED panels from the
// OpenTelemetry HTTP server histogram and the SLO panels of the clients it serves.

#include "monitoring_internal.h"

#include "archsim/exporters/k8s.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace archsim::exporters {

using namespace monitoring;
using Json = nlohmann::ordered_json;

namespace {

// Grafana lays panels out on a grid 24 columns wide.
constexpr int kGridColumns = 24;

class DashboardBuilder {
public:
    // Appends a panel `w` columns wide and `h` rows high, flowing left to right.
    Json &add(const std::string &type, const std::string &title, int w, int h)
    {
        if (m_x + w > kGridColumns) {
            m_x = 0;
            m_y += m_rowHeight;
            m_rowHeight = 0;
        }
        Json p;
        p["id"] = m_nextId++;
        p["type"] = type;
        p["title"] = title;
        p["datasource"] = datasource();
        p["gridPos"] = {{"h", h}, {"w", w}, {"x", m_x}, {"y", m_y}};
        p["targets"] = Json::array();
        p["fieldConfig"] = {{"defaults", Json::object()}, {"overrides", Json::array()}};
        p["options"] = Json::object();
        m_x += w;
        m_rowHeight = std::max(m_rowHeight, h);
        m_panels.push_back(std::move(p));
        return m_panels.back();
    }

    // Starts a new row of panels under a collapsed-less row header.
    void row(const std::string &title)
    {
        if (m_x > 0) {
            m_y += m_rowHeight;
            m_x = 0;
            m_rowHeight = 0;
        }
        Json r;
        r["id"] = m_nextId++;
        r["type"] = "row";
        r["title"] = title;
        r["collapsed"] = false;
        r["gridPos"] = {{"h", 1}, {"w", kGridColumns}, {"x", 0}, {"y", m_y}};
        r["panels"] = Json::array();
        m_panels.push_back(std::move(r));
        m_y += 1;
    }

    static Json datasource() { return {{"type", "prometheus"}, {"uid", "${datasource}"}}; }

    Json take() { return std::move(m_panels); }

private:
    Json m_panels = Json::array();
    int m_nextId = 1;
    int m_x = 0;
    int m_y = 0;
    int m_rowHeight = 0;
};

void target(Json &panel, const std::string &expr, const std::string &legend)
{
    const char refId = static_cast<char>('A' + panel["targets"].size());
    panel["targets"].push_back({{"refId", std::string(1, refId)},
                                {"datasource", DashboardBuilder::datasource()},
                                {"expr", expr},
                                {"legendFormat", legend}});
}

void unit(Json &panel, const std::string &u) { panel["fieldConfig"]["defaults"]["unit"] = u; }

} // namespace

std::string grafanaDashboard(const model::Model &model, const model::Component &service)
{
    const std::string job = "job=" + quoted(service.id);
    const std::string metric = kDurationMetric;
    DashboardBuilder b;
    b.row("Requests, errors, duration (RED)");
    Json &rate = b.add("timeseries", "Request rate", 8, 8);
    unit(rate, "reqps");
    target(rate, "sum(rate(" + metric + "_count{" + job + "}[5m]))", "requests/s");
    Json &errors = b.add("timeseries", "Error ratio (5xx, 429)", 8, 8);
    unit(errors, "percentunit");
    target(errors,
           "(sum(rate(" + metric + "_count{" + job +
               ",http_response_status_code=~\"5..\"}[5m])) or vector(0))\n/\nsum(rate(" +
               metric + "_count{" + job + "}[5m]))",
           "5xx");
    target(errors,
           "(sum(rate(" + metric + "_count{" + job +
               ",http_response_status_code=\"429\"}[5m])) or vector(0))\n/\nsum(rate(" + metric +
               "_count{" + job + "}[5m]))",
           "429 rate limited");
    Json &duration = b.add("timeseries", "Duration", 8, 8);
    unit(duration, "s");
    for (const char *q : {"0.5", "0.95", "0.99"})
        target(duration,
               std::string("histogram_quantile(") + q + ", sum by (le) (rate(" + metric +
                   "_bucket{" + job + "}[5m])))",
               std::string("p") + (std::string(q) == "0.5" ? "50" : q + 2));
    if (service.deploy.autoscale) {
        Json &replicas = b.add("timeseries", "Replicas (autoscaled)", 24, 6);
        const std::string hpa =
            "{horizontalpodautoscaler=" + quoted(k8sObjectName(service.id)) + "}";
        target(replicas, "kube_horizontalpodautoscaler_status_current_replicas" + hpa,
               "current");
        target(replicas, "kube_horizontalpodautoscaler_spec_max_replicas" + hpa, "max");
    }
    for (const SloTarget &slo : sloTargets(model)) {
        if (std::find(slo.services.begin(), slo.services.end(), service.id)
            == slo.services.end())
            continue;
        const std::string sel = "{slo_id=" + quoted(slo.id) + "}";
        b.row("SLO " + slo.id + " (objective " + number(slo.objective * 100) + "% over " +
              std::to_string(slo.periodDays) + " days)");
        Json &attain = b.add("stat", "Attainment over the period", 6, 6);
        unit(attain, "percentunit");
        target(attain, "1 - slo:sli_error:ratio_rate" + std::to_string(slo.periodDays) + "d" +
                           sel, "attainment");
        Json &remaining = b.add("stat", "Error budget remaining", 6, 6);
        unit(remaining, "percentunit");
        target(remaining, "slo:period_error_budget_remaining:ratio" + sel, "remaining");
        Json &burn = b.add("timeseries", "Burn rate (1 = the budget lasts the period)", 12, 6);
        target(burn, "slo:current_burn_rate:ratio" + sel, "5m");
        target(burn, "slo:sli_error:ratio_rate1h" + sel + " / " + budgetText(slo), "1h");
        target(burn, "slo:sli_error:ratio_rate6h" + sel + " / " + budgetText(slo), "6h");
    }
    Json d;
    d["uid"] = "archsim-" + service.id.substr(0, 32);
    d["title"] = (model.name.empty() ? std::string("ArchSim") : model.name) + " / " +
                 model::label(service);
    d["tags"] = {"archsim", "red", "slo"};
    d["timezone"] = "browser";
    d["editable"] = true;
    d["schemaVersion"] = 39;
    d["version"] = 1;
    d["refresh"] = "1m";
    d["time"] = {{"from", "now-6h"}, {"to", "now"}};
    Json ds;
    ds["name"] = "datasource";
    ds["label"] = "Data source";
    ds["type"] = "datasource";
    ds["query"] = "prometheus";
    ds["current"] = Json::object();
    ds["hide"] = 0;
    d["templating"] = {{"list", Json::array({ds})}};
    d["annotations"] = {{"list", Json::array()}};
    d["panels"] = b.take();
    return d.dump(2) + "\n";
}

Bundle exportMonitoring(const model::Model &model)
{
    Bundle b;
    b.files.push_back({"prometheus/slo-rules.yaml", prometheusSloRules(model)});
    b.files.push_back({"prometheus/model-alerts.yaml", prometheusModelAlerts(model)});
    for (const auto &c : model.components) {
        const bool served = c.kind == model::ComponentKind::Service
                            || c.kind == model::ComponentKind::Gateway
                            || c.kind == model::ComponentKind::Worker;
        if (served)
            b.files.push_back({"grafana/" + c.id + ".json", grafanaDashboard(model, c)});
    }
    if (sloTargets(model).empty()) {
        model::Diagnostic d;
        d.severity = model::Diagnostic::Severity::Warning;
        d.place = "/components";
        d.message = "no client declares an slo: slo-rules.yaml has no rules (docs/operations.md)";
        b.warnings.push_back(std::move(d));
    }
    return b;
}

} // namespace archsim::exporters
