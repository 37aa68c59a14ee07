// The cost model (docs/operations.md): OpenCost's rule over the Kubernetes export's requests,
// a replaceable price table and per-component overrides.

#include "archsim/exporters/cost.h"

#include "archsim/exporters/deployspec.h"
#include "archsim/model/index.h"

#include "defaultprices.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace archsim::exporters {

using model::ComponentKind;
using Json = nlohmann::json;

namespace {

struct Field {
    const char *key;
    double PriceTable::*member;
};

const Field kRates[] = {
    {"hours_per_month", &PriceTable::hours_per_month},
    {"vcpu_hour", &PriceTable::vcpu_hour},
    {"gib_hour", &PriceTable::gib_hour},
    {"managed_database_hour", &PriceTable::managed_database_hour},
    {"managed_cache_hour", &PriceTable::managed_cache_hour},
    {"managed_queue_hour", &PriceTable::managed_queue_hour},
    {"managed_load_balancer_hour", &PriceTable::managed_load_balancer_hour},
    {"storage_gb_month", &PriceTable::storage_gb_month},
    {"egress_gb", &PriceTable::egress_gb},
};

model::Result<PriceTable> tableError(const std::string &file, std::string place,
                                     std::string message)
{
    model::Diagnostic d = model::makeError(std::move(place), std::move(message));
    d.file = file;
    return model::Diagnostics{d};
}

std::string money(double v)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string figure(double v, const char *format = "%.4g")
{
    char buf[48];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

// Returns the GB a database's tables hold now (rows x row_bytes), per copy.
double tableGb(const model::Model &m, const model::Component &c)
{
    double bytes = 0;
    for (const auto &s : m.schemas)
        if (s.id == c.schema)
            for (const auto &t : s.tables)
                bytes += double(t.rows) * t.row_bytes;
    return bytes / 1e9;
}

} // namespace

const PriceTable &defaultPriceTable()
{
    static const PriceTable table = [] {
        auto parsed = parsePriceTable(detail::kDefaultPrices, "resources/prices/default.json");
        return parsed.ok() ? parsed.value() : PriceTable{}; // a test checks that it parses
    }();
    return table;
}

model::Result<PriceTable> parsePriceTable(const std::string &text, const std::string &file)
{
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::parse_error &e) {
        // nlohmann reports a byte offset; turn it into line:col.
        size_t line = 1, col = 1;
        for (size_t i = 0; i < e.byte - 1 && i < text.size(); ++i, ++col)
            if (text[i] == '\n') {
                ++line;
                col = 0;
            }
        return tableError(file, std::to_string(line) + ":" + std::to_string(col),
                          "not valid JSON: " + std::string(e.what()));
    }
    if (!j.is_object())
        return tableError(file, "", "a price table is a JSON object");
    PriceTable t;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string &key = it.key();
        const std::string place = "/" + key;
        if (key == "name" || key == "currency") {
            if (!it->is_string())
                return tableError(file, place, "expected a string");
            (key == "name" ? t.name : t.currency) = it->get<std::string>();
            continue;
        }
        const Field *f = std::find_if(std::begin(kRates), std::end(kRates),
                                      [&key](const Field &x) { return key == x.key; });
        if (f == std::end(kRates)) {
            std::string known = "name, currency";
            for (const Field &x : kRates)
                known += std::string(", ") + x.key;
            return tableError(file, place, "unknown price '" + key + "'; expected " + known);
        }
        if (!it->is_number() || !(it->get<double>() >= 0) || it->get<double>() > 1e9)
            return tableError(file, place, "expected a number from 0 to 1e9");
        t.*(f->member) = it->get<double>();
    }
    if (!(t.hours_per_month > 0))
        return tableError(file, "/hours_per_month", "hours_per_month must be more than 0");
    return t;
}

model::Result<PriceTable> loadPriceTable(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return tableError(path, "", "cannot open the price table");
    std::ostringstream text;
    text << in.rdbuf();
    return parsePriceTable(text.str(), path);
}

model::Result<CostUsage> costUsageFromRun(const Json &run)
{
    auto bad = [](std::string place, std::string message) {
        return model::Result<CostUsage>(
            model::Diagnostics{model::makeError(std::move(place), std::move(message))});
    };
    const Json *summary = run.is_object() && run.contains("summary") ? &run["summary"] : nullptr;
    if (!summary || !summary->is_object() || !summary->contains("throughput_rps")
        || !(*summary)["throughput_rps"].is_number())
        return bad("/summary/throughput_rps", "expected a number (is this simulate JSON?)");
    CostUsage u;
    u.simulated = true;
    u.throughput_rps = (*summary)["throughput_rps"].get<double>();
    if (run.contains("components") && run["components"].is_object())
        for (auto it = run["components"].begin(); it != run["components"].end(); ++it)
            if (it->is_object() && it->contains("replicas") && (*it)["replicas"].is_number())
                u.replicas[it.key()] = (*it)["replicas"].get<double>();
    return u;
}

CostReport computeCost(const model::Model &model, const PriceTable &prices,
                       const CostUsage &usage)
{
    CostReport r;
    r.currency = prices.currency;
    r.table = prices.name;
    r.hours_per_month = prices.hours_per_month;
    r.simulated = usage.simulated;
    if (usage.simulated) {
        r.throughput_rps = usage.throughput_rps;
    } else {
        for (const auto &c : model.components)
            if (c.kind == ComponentKind::Client)
                r.throughput_rps += c.rps;
    }
    const double hours = prices.hours_per_month;
    for (const auto &c : model.components) {
        if (c.kind == ComponentKind::Client)
            continue;
        ComponentCost cc;
        cc.id = c.id;
        const DeploySpec spec = deploySpec(c, "", "");
        const bool managed = c.deploy.hosting == "managed";
        if (c.price && c.price->replica_hour) {
            cc.replica_hour = *c.price->replica_hour;
            cc.basis = "override";
        } else if (spec.hosting == Hosting::External || c.kind == ComponentKind::Cdn
                   || c.kind == ComponentKind::External) {
            cc.basis = "external (price.monthly)";
        } else if (managed && c.kind == ComponentKind::Database) {
            cc.replica_hour = prices.managed_database_hour;
            cc.basis = "managed database instance";
        } else if (managed && c.kind == ComponentKind::Cache) {
            cc.replica_hour = prices.managed_cache_hour;
            cc.basis = "managed cache node";
        } else if (managed && c.kind == ComponentKind::Queue) {
            cc.replica_hour = prices.managed_queue_hour;
            cc.basis = "managed broker";
        } else if (managed && c.kind == ComponentKind::LoadBalancer) {
            cc.replica_hour = prices.managed_load_balancer_hour;
            cc.basis = "managed load balancer";
        } else {
            const double vcpu = spec.cpuMillis / 1000.0;
            const double gib = spec.memoryMib / 1024.0;
            cc.replica_hour = vcpu * prices.vcpu_hour + gib * prices.gib_hour;
            cc.basis = figure(vcpu, "%g") + " vCPU + " + figure(gib, "%g") + " GiB requested";
        }
        // A managed load balancer is one billed unit whatever its modelled replicas.
        const bool oneUnit = managed && c.kind == ComponentKind::LoadBalancer;
        cc.requested_replicas = oneUnit ? 1
                                : c.deploy.autoscale ? c.deploy.autoscale->min_replicas
                                                     : c.replicas;
        cc.used_replicas = cc.requested_replicas;
        if (auto it = usage.replicas.find(c.id); usage.simulated && it != usage.replicas.end())
            cc.used_replicas = it->second;
        // OpenCost: cost = max(requested, used) x hours x rate.
        cc.compute_month =
            std::max(cc.requested_replicas, cc.used_replicas) * hours * cc.replica_hour;
        double gb = 0;
        if (c.price && c.price->storage_gb)
            gb = *c.price->storage_gb;
        else if (c.kind == ComponentKind::Database)
            gb = tableGb(model, c) * std::max(1, c.replicas); // every replica holds a copy
        cc.storage_month = gb * prices.storage_gb_month;
        if (c.price) {
            cc.egress_month = c.price->egress_gb_month * prices.egress_gb;
            cc.fixed_month = c.price->monthly;
        }
        cc.month = cc.compute_month + cc.storage_month + cc.egress_month + cc.fixed_month;
        if (cc.month > 0 || cc.replica_hour > 0 || c.price)
            r.components.push_back(cc);
        r.month += cc.month;
    }
    const double requestsPerMonth = r.throughput_rps * hours * 3600;
    r.per_million = requestsPerMonth > 0 ? r.month / requestsPerMonth * 1e6 : 0;
    return r;
}

std::string costToJson(const CostReport &r)
{
    nlohmann::ordered_json j;
    j["currency"] = r.currency;
    j["price_table"] = r.table;
    j["hours_per_month"] = r.hours_per_month;
    j["load"] = r.simulated ? "simulated" : "nominal";
    j["throughput_rps"] = r.throughput_rps;
    j["month"] = r.month;
    j["per_million_requests"] = r.per_million;
    nlohmann::ordered_json comps = nlohmann::ordered_json::array();
    for (const auto &c : r.components)
        comps.push_back({{"id", c.id},
                         {"basis", c.basis},
                         {"requested_replicas", c.requested_replicas},
                         {"used_replicas", c.used_replicas},
                         {"replica_hour", c.replica_hour},
                         {"compute_month", c.compute_month},
                         {"storage_month", c.storage_month},
                         {"egress_month", c.egress_month},
                         {"fixed_month", c.fixed_month},
                         {"month", c.month}});
    j["components"] = comps;
    return j.dump(2) + "\n";
}

std::string costToText(const CostReport &r)
{
    std::string out = "Cost per month (" + r.currency + ", " + figure(r.hours_per_month, "%g") +
                      " h; prices: " + (r.table.empty() ? "custom" : r.table) + ")\n\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-24s %9s %9s %10s %12s  %s\n", "component", "requested",
                  "used", "per hour", "per month", "basis");
    out += line;
    for (const auto &c : r.components) {
        std::snprintf(line, sizeof line, "%-24s %9s %9s %10s %12s  %s\n", c.id.c_str(),
                      figure(c.requested_replicas, "%.2f").c_str(),
                      figure(c.used_replicas, "%.2f").c_str(),
                      figure(c.replica_hour, "%.4f").c_str(), money(c.month).c_str(),
                      c.basis.c_str());
        out += line;
    }
    out += "\nTotal: " + money(r.month) + " " + r.currency + " per month\n";
    out += "Load: " + figure(r.throughput_rps, "%.6g") + " req/s (" +
           (r.simulated ? "simulated throughput" : "the clients' nominal rps") + ")\n";
    if (r.per_million > 0)
        out += "Per million requests: " + figure(r.per_million, "%.3f") + " " + r.currency +
               "\n";
    return out;
}

} // namespace archsim::exporters
