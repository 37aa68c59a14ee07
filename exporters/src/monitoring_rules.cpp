// Prometheus rules of the monitoring exporter: SLO recordings and burn-rate alerts, and the
// alerts the model itself suggests (docs/operations.md).

#include "monitoring_internal.h"

#include "archsim/exporters/k8s.h"
#include "archsim/model/index.h"
#include "yamltree.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace archsim::exporters {

using model::ComponentKind;
using yaml::Node;

namespace monitoring {

std::string number(double v)
{
    if (v == 0)
        return "0";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::string quoted(const std::string &text)
{
    std::string out = "\"";
    for (char ch : text) {
        if (ch == '\\' || ch == '"')
            out += '\\';
        out += ch;
    }
    return out + '"';
}

std::string jobMatcher(const std::vector<std::string> &services)
{
    if (services.size() == 1)
        return "job=" + quoted(services.front());
    std::string alternatives;
    for (const auto &s : services)
        alternatives += (alternatives.empty() ? "" : "|") + s; // ids hold no regex characters
    return "job=~" + quoted(alternatives);
}

std::string camel(const std::string &id)
{
    std::string out;
    bool upper = true;
    for (char ch : id) {
        if (ch == '-') {
            upper = true;
            continue;
        }
        out += upper && ch >= 'a' && ch <= 'z' ? char(ch - 'a' + 'A') : ch;
        upper = false;
    }
    return out;
}

std::string sliErrorExpr(const SloTarget &slo, const std::string &window)
{
    const std::string jobs = jobMatcher(slo.services);
    const std::string all = std::string("sum(rate(") + kDurationMetric + "_count{" + jobs + "}[" +
                            window + "]))";
    if (slo.latencySeconds > 0)
        return "1 - (\n  sum(rate(" + std::string(kDurationMetric) + "_bucket{" + jobs +
               ",le=" + quoted(number(slo.latencySeconds)) + "}[" + window + "]))\n  /\n  " +
               all + "\n)";
    return "(\n  sum(rate(" + std::string(kDurationMetric) + "_count{" + jobs +
           ",http_response_status_code=~\"5..\"}[" + window + "]))\n  or vector(0)\n)\n/\n" +
           all;
}

std::string budgetText(const SloTarget &slo) { return number(1 - slo.objective); }

} // namespace monitoring

using namespace monitoring;

const std::vector<BurnWindow> &burnWindows()
{
    static const std::vector<BurnWindow> windows = {
        {"1h", "5m", 14.4, "page"},
        {"6h", "30m", 6, "page"},
        {"1d", "2h", 3, "ticket"},
        {"3d", "6h", 1, "ticket"},
    };
    return windows;
}

namespace {

bool passesThrough(ComponentKind kind) { return kind == ComponentKind::LoadBalancer; }

// The first services a client's requests reach: load balancers emit no OpenTelemetry HTTP
// metrics, so the walk passes through them (in link order, each component once). CDNs and
// external systems are not measured: their hits never reach a service, and a miss reaching
// one would be counted twice.
std::vector<std::string> measuredServices(const model::Model &model,
                                          const model::ModelIndex &index,
                                          const std::string &client)
{
    std::vector<std::string> out;
    std::vector<std::string> frontier{client};
    std::vector<std::string> seen{client};
    while (!frontier.empty()) {
        std::vector<std::string> next;
        for (const auto &from : frontier) {
            for (const auto &l : model.links) {
                if (l.from != from || l.kind == model::LinkKind::Publish
                    || std::find(seen.begin(), seen.end(), l.to) != seen.end())
                    continue;
                seen.push_back(l.to);
                const model::Component *to = index.component(l.to);
                if (!to)
                    continue;
                if (passesThrough(to->kind))
                    next.push_back(l.to);
                else if (to->kind != ComponentKind::External && to->kind != ComponentKind::Cdn)
                    out.push_back(l.to);
            }
        }
        frontier = std::move(next);
    }
    return out;
}

} // namespace

std::vector<SloTarget> sloTargets(const model::Model &model)
{
    model::ModelIndex index(model);
    std::vector<SloTarget> out;
    for (const auto &c : model.components) {
        if (c.kind != ComponentKind::Client || !c.slo)
            continue;
        std::vector<std::string> services = measuredServices(model, index, c.id);
        if (services.empty())
            continue; // nothing instrumented to measure the client's requests at
        SloTarget a;
        a.id = c.id + "-availability";
        a.client = c.id;
        a.services = services;
        a.objective = c.slo->availability;
        a.periodDays = c.slo->period_days;
        out.push_back(a);
        if (c.slo->latency_ms > 0) {
            SloTarget l = a;
            l.id = c.id + "-latency";
            l.objective = c.slo->latency_target;
            l.latencySeconds = c.slo->latency_ms / 1000.0;
            out.push_back(l);
        }
    }
    return out;
}

namespace {

const char *const kRecordWindows[] = {"5m", "30m", "1h", "2h", "6h", "1d", "3d"};

Node sloLabels(const SloTarget &slo)
{
    Node l = Node::map();
    l["slo_id"] = slo.id;
    l["slo_client"] = slo.client;
    l["slo_period"] = std::to_string(slo.periodDays) + "d";
    return l;
}

std::string selector(const SloTarget &slo) { return "{slo_id=" + quoted(slo.id) + "}"; }

Node record(const std::string &name, const std::string &expr, const SloTarget &slo)
{
    Node r = Node::map();
    r["record"] = name;
    r["expr"] = Node::literal(expr); // PromQL as written: no YAML escapes
    r["labels"] = sloLabels(slo);
    return r;
}

std::string what(const SloTarget &slo)
{
    if (slo.latencySeconds > 0)
        return number(slo.objective * 100) + "% of requests within " +
               number(slo.latencySeconds * 1000) + " ms";
    return number(slo.objective * 100) + "% availability";
}

Node burnAlert(const SloTarget &slo, const char *severity)
{
    const std::string budget = budgetText(slo);
    const std::string sel = selector(slo);
    std::string expr;
    for (const BurnWindow &w : burnWindows()) {
        if (std::string(w.severity) != severity)
            continue;
        const std::string threshold = "(" + number(w.factor) + " * " + budget + ")";
        if (!expr.empty())
            expr += "\nor\n";
        expr += "(\n  slo:sli_error:ratio_rate" + std::string(w.longWindow) + sel + " > " +
                threshold + "\n  and\n  slo:sli_error:ratio_rate" + w.shortWindow + sel +
                " > " + threshold + "\n)";
    }
    Node a = Node::map();
    const bool page = std::string(severity) == "page";
    a["alert"] = camel(slo.id) + "BudgetBurn" + (page ? "Page" : "Ticket");
    a["expr"] = Node::literal(expr);
    Node &labels = a["labels"];
    labels["severity"] = severity;
    Node &ann = a["annotations"];
    ann["summary"] = "Client " + slo.client + " burns its error budget (" + what(slo) + " over " +
                     std::to_string(slo.periodDays) + " days) too fast";
    ann["description"] = page ? "At this rate the budget is gone within days: act now."
                              : "At this rate the budget runs out before the period ends: "
                                "open a ticket.";
    return a;
}

void sloGroups(const SloTarget &slo, Node &groups)
{
    Node &sli = groups.push(Node::map());
    sli["name"] = "slo-" + slo.id + "-sli";
    for (const char *w : kRecordWindows)
        sli["rules"].push(record(std::string("slo:sli_error:ratio_rate") + w,
                                 sliErrorExpr(slo, w), slo));
    Node &meta = groups.push(Node::map());
    meta["name"] = "slo-" + slo.id + "-meta";
    const std::string sel = selector(slo);
    const std::string budget = budgetText(slo);
    meta["rules"].push(record("slo:objective:ratio", "vector(" + number(slo.objective) + ")",
                              slo));
    meta["rules"].push(record("slo:error_budget:ratio", "vector(" + budget + ")", slo));
    const std::string period = std::to_string(slo.periodDays) + "d";
    meta["rules"].push(record("slo:sli_error:ratio_rate" + period,
                              "avg_over_time(slo:sli_error:ratio_rate5m" + sel + "[" + period +
                                  "])",
                              slo));
    meta["rules"].push(record("slo:current_burn_rate:ratio",
                              "slo:sli_error:ratio_rate5m" + sel + " / " + budget, slo));
    meta["rules"].push(record("slo:period_burn_rate:ratio",
                              "slo:sli_error:ratio_rate" + period + sel + " / " + budget, slo));
    meta["rules"].push(record("slo:period_error_budget_remaining:ratio",
                              "1 - slo:period_burn_rate:ratio" + sel, slo));
    Node &alerts = groups.push(Node::map());
    alerts["name"] = "slo-" + slo.id + "-alerts";
    alerts["rules"].push(burnAlert(slo, "page"));
    alerts["rules"].push(burnAlert(slo, "ticket"));
}

const char *kHeader =
    "Generated by ArchSim (archsim-cli export monitoring); docs/operations.md.\n"
    "Metrics: OpenTelemetry HTTP server conventions as exposed to Prometheus\n"
    "(http_server_request_duration_seconds, job = component id).";

Node modelAlert(const std::string &name, const std::string &expr, const std::string &forTime,
                const char *severity, const std::string &summary)
{
    Node a = Node::map();
    a["alert"] = name;
    a["expr"] = Node::literal(expr); // PromQL as written: no YAML escapes
    if (!forTime.empty())
        a["for"] = forTime;
    a["labels"]["severity"] = severity;
    a["annotations"]["summary"] = summary;
    return a;
}

// The consumer-lag alerts of the consume links into streams (metrics of Kafka Lag Exporter:
// lag in seconds and in messages per group and topic, the log-end offset per partition), and
// one alert per dead-letter target that receives anything.
Node streamAlerts(const model::Model &model, const model::ModelIndex &index)
{
    Node out = Node::seq();
    std::vector<std::string> deadLetters;
    for (const auto &l : model.links) {
        if (l.kind != model::LinkKind::Consume)
            continue;
        const model::Component *source = index.component(l.to);
        if (!source)
            continue;
        const model::ConsumeSettings settings = l.consume.value_or(model::ConsumeSettings{});
        const std::string group = settings.group.empty() ? l.from : settings.group;
        const std::string sel = "{group=" + quoted(group) + ",topic=" + quoted(l.to) + "}";
        if (source->kind == ComponentKind::Stream) {
            const double retention = source->stream ? source->stream->retention_s : 0;
            if (retention > 0)
                out.push(modelAlert(
                    "StreamLagNearRetention" + camel(group) + camel(l.to),
                    "max(kafka_consumergroup_group_lag_seconds" + sel + ") > " +
                        number(retention / 2),
                    "5m", "page",
                    "Group " + group + " is more than half the retention (" +
                        number(retention) + " s) behind on " + l.to +
                        ": at the retention, unread messages are deleted"));
            out.push(modelAlert("StreamLagGrowing" + camel(group) + camel(l.to),
                                "deriv(kafka_consumergroup_group_topic_sum_lag" + sel +
                                    "[10m]) > 0",
                                "15m", "ticket",
                                "The lag of group " + group + " on " + l.to +
                                    " has grown for 15 minutes: its consumers fall behind"));
        }
        const std::string &dlq = settings.dead_letter;
        if (dlq.empty()
            || std::find(deadLetters.begin(), deadLetters.end(), dlq) != deadLetters.end())
            continue;
        const model::Component *target = index.component(dlq);
        if (!target)
            continue;
        deadLetters.push_back(dlq);
        const std::string expr =
            target->kind == ComponentKind::Stream
                ? "sum(delta(kafka_partition_latest_offset{topic=" + quoted(dlq) + "}[5m])) > 0"
                : "max(rabbitmq_queue_messages_ready{queue=" + quoted(dlq) + "}) > 0";
        out.push(modelAlert("DeadLetters" + camel(dlq), expr, "1m", "ticket",
                            "Messages reached the dead-letter target " + dlq +
                                ": they failed every attempt and wait for a person"));
    }
    return out;
}

} // namespace

std::string prometheusSloRules(const model::Model &model)
{
    Node doc = Node::map();
    Node &groups = doc["groups"];
    groups = Node::seq();
    for (const SloTarget &slo : sloTargets(model))
        sloGroups(slo, groups);
    return yaml::emitDocuments({doc}, kHeader);
}

std::string prometheusModelAlerts(const model::Model &model)
{
    model::ModelIndex index(model);
    Node doc = Node::map();
    Node &groups = doc["groups"];
    groups = Node::seq();
    Node breakers = Node::seq();
    for (const auto &l : model.links) {
        if (!l.circuit_breaker)
            continue;
        breakers.push(modelAlert(
            "CircuitBreakerOpen" + camel(l.id),
            "max(resilience4j_circuitbreaker_state{name=" + quoted(l.id) +
                ",state=\"open\"}) == 1",
            "1m", "ticket",
            "The breaker of " + l.from + " -> " + l.to + " is open: calls fail fast" +
                (l.fallback == model::Fallback::Degrade ? " (degraded answers)" : "")));
    }
    Node lag = Node::seq();
    Node queues = Node::seq();
    Node scaling = Node::seq();
    for (const auto &c : model.components) {
        if (c.kind == ComponentKind::Database && c.replicas > 1
            && c.engine != model::DbEngine::Sqlite) {
            const std::string metric = c.engine == model::DbEngine::Postgres
                                           ? "pg_replication_lag_seconds"
                                           : "mysql_slave_status_seconds_behind_master";
            lag.push(modelAlert(
                "ReplicaLag" + camel(c.id),
                "max(" + metric + "{job=" + quoted(c.id) + "}) > 10", "5m", "ticket",
                "A replica of " + c.id + " is more than 10 s behind its primary" +
                    (c.read_from == model::ReadFrom::Primary
                         ? ": a failover would lose recent writes"
                         : ": reads from replicas return stale data")));
        }
        if (c.kind == ComponentKind::Queue) {
            const std::string ready = "rabbitmq_queue_messages_ready{queue=" + quoted(c.id) + "}";
            // The queue's own bound (queue.max_length) or, without one, its station limit.
            const int64_t bound = c.queue && c.queue->max_length > 0 ? c.queue->max_length
                                  : c.queue_limit                  ? int64_t(*c.queue_limit)
                                                                   : 0;
            if (bound > 0)
                queues.push(modelAlert("QueueBacklog" + camel(c.id),
                                       "max(" + ready + ") > " +
                                           number(std::floor(0.8 * double(bound))),
                                       "5m", "ticket",
                                       "Queue " + c.id + " holds more than 80% of its limit (" +
                                           std::to_string(bound) + " messages)"));
            else
                queues.push(modelAlert("QueueBacklogGrowing" + camel(c.id),
                                       "deriv(" + ready + "[10m]) > 0", "15m", "ticket",
                                       "The backlog of queue " + c.id +
                                           " has grown for 15 minutes: consumers fall behind"));
        }
        if (c.deploy.autoscale && c.deploy.hosting != "managed"
            && c.deploy.hosting != "external") {
            const std::string hpa = "{horizontalpodautoscaler=" + quoted(k8sObjectName(c.id)) +
                                    "}";
            scaling.push(modelAlert(
                "AutoscalerAtMax" + camel(c.id),
                "kube_horizontalpodautoscaler_status_current_replicas" + hpa +
                    "\n  >= on(namespace, horizontalpodautoscaler)\n"
                    "kube_horizontalpodautoscaler_spec_max_replicas" + hpa,
                "15m", "ticket",
                c.id + " has run at its maximum of " +
                    std::to_string(c.deploy.autoscale->max_replicas) +
                    " replicas for 15 minutes: it cannot absorb more load"));
        }
    }
    Node streams = streamAlerts(model, index);
    auto add = [&groups](const char *name, Node &rules) {
        if (rules.isEmpty())
            return;
        Node &g = groups.push(Node::map());
        g["name"] = name;
        g["rules"] = rules;
    };
    add("archsim-circuit-breakers", breakers);
    add("archsim-replica-lag", lag);
    add("archsim-queues", queues);
    add("archsim-streams", streams);
    add("archsim-autoscaling", scaling);
    return yaml::emitDocuments({doc}, kHeader);
}

} // namespace archsim::exporters
