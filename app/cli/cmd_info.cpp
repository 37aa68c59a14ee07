// archsim-cli info FILE: a summary of a model (counts, zones, schemas, scenarios).

#include "command.h"
#include "common.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>

namespace archsim::cli {

namespace {

using nlohmann::ordered_json;

ordered_json summary(const model::Model &m)
{
    ordered_json out;
    out["name"] = m.name;
    out["version"] = m.version;
    ordered_json counts;
    counts["components"] = m.components.size();
    counts["links"] = m.links.size();
    counts["schemas"] = m.schemas.size();
    size_t tables = 0, columns = 0, indexes = 0, partitioned = 0, views = 0, materialized = 0;
    for (const auto &s : m.schemas) {
        tables += s.tables.size();
        views += s.views.size();
        for (const auto &v : s.views)
            materialized += v.kind == model::ViewKind::Materialized;
        for (const auto &t : s.tables) {
            columns += t.columns.size();
            indexes += t.indexes.size();
            partitioned += t.partitioning.has_value();
        }
    }
    counts["tables"] = tables;
    counts["columns"] = columns;
    counts["indexes"] = indexes;
    counts["partitioned_tables"] = partitioned;
    counts["views"] = views;
    counts["materialized_views"] = materialized;
    counts["scenarios"] = m.scenarios.size();
    out["counts"] = counts;
    std::map<std::string, int> byKind;
    for (const auto &c : m.components)
        ++byKind[model::toString(c.kind)];
    out["kinds"] = byKind;
    out["zones"] = m.zones;
    double rps = 0;
    for (const auto &c : m.components)
        if (c.kind == model::ComponentKind::Client)
            rps += c.rps;
    out["client_rps"] = rps;
    auto schemas = ordered_json::array();
    for (const auto &s : m.schemas) {
        ordered_json js;
        js["id"] = s.id;
        auto ts = ordered_json::array();
        for (const auto &t : s.tables) {
            ordered_json jt;
            jt["name"] = t.name;
            jt["columns"] = t.columns.size();
            jt["indexes"] = t.indexes.size();
            if (t.partitioning)
                jt["partitioning"] = std::string(model::toString(t.partitioning->method)) + " by " +
                                     t.partitioning->column;
            ts.push_back(jt);
        }
        js["tables"] = ts;
        auto vs = ordered_json::array();
        for (const auto &v : s.views) {
            ordered_json jv;
            jv["name"] = v.name;
            jv["kind"] = model::toString(v.kind);
            jv["reads"] = v.reads;
            if (v.refresh) {
                if (v.refresh->cron.empty())
                    jv["refresh_every_s"] = v.refresh->every_s;
                else
                    jv["refresh_cron"] = v.refresh->cron;
            }
            vs.push_back(jv);
        }
        js["views"] = vs;
        schemas.push_back(js);
    }
    out["schemas"] = schemas;
    auto scenarios = ordered_json::array();
    for (const auto &s : m.scenarios)
        scenarios.push_back({{"id", s.id}, {"name", s.name}, {"duration_s", s.duration_s},
                             {"events", s.events.size()}});
    out["scenarios"] = scenarios;
    return out;
}

std::string fmtSeconds(double s)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", s);
    return buf;
}

void printText(const ordered_json &s)
{
    std::printf("Model: %s\n", s["name"].get<std::string>().c_str());
    const auto &c = s["counts"];
    std::printf("Components: %zu, links: %zu\n", c["components"].get<size_t>(),
                c["links"].get<size_t>());
    std::printf("Kinds:");
    for (const auto &[k, v] : s["kinds"].items())
        std::printf(" %s=%d", k.c_str(), v.get<int>());
    std::printf("\nZones:");
    if (s["zones"].empty())
        std::printf(" (none)");
    for (const auto &z : s["zones"])
        std::printf(" %s", z.get<std::string>().c_str());
    std::printf("\nClient load: %g rps\n", s["client_rps"].get<double>());
    std::printf("Schemas: %zu (%zu tables, %zu columns, %zu indexes, %zu partitioned, "
                "%zu views)\n",
                c["schemas"].get<size_t>(), c["tables"].get<size_t>(), c["columns"].get<size_t>(),
                c["indexes"].get<size_t>(), c["partitioned_tables"].get<size_t>(),
                c["views"].get<size_t>());
    for (const auto &sc : s["schemas"]) {
        std::printf("  %s:\n", sc["id"].get<std::string>().c_str());
        for (const auto &t : sc["tables"]) {
            std::printf("    %-24s %3zu columns %2zu indexes%s%s\n",
                        t["name"].get<std::string>().c_str(), t["columns"].get<size_t>(),
                        t["indexes"].get<size_t>(), t.contains("partitioning") ? "  partitioned " : "",
                        t.contains("partitioning")
                            ? t["partitioning"].get<std::string>().c_str()
                            : "");
        }
        for (const auto &v : sc["views"]) {
            std::string reads;
            for (const auto &r : v["reads"])
                reads += (reads.empty() ? "" : ", ") + r.get<std::string>();
            std::string refresh;
            if (v.contains("refresh_every_s"))
                refresh = ", refreshed every " + fmtSeconds(v["refresh_every_s"].get<double>());
            else if (v.contains("refresh_cron"))
                refresh = ", refreshed on '" + v["refresh_cron"].get<std::string>() + "'";
            std::printf("    %-24s %s view%s%s%s\n", v["name"].get<std::string>().c_str(),
                        v["kind"].get<std::string>() == "materialized" ? "materialized"
                                                                        : "plain",
                        refresh.c_str(), reads.empty() ? "" : ", reads ", reads.c_str());
        }
    }
    std::printf("Scenarios: %zu\n", c["scenarios"].get<size_t>());
    for (const auto &sc : s["scenarios"])
        std::printf("  %-20s %s (%g s, %zu events)\n", sc["id"].get<std::string>().c_str(),
                    sc["name"].get<std::string>().c_str(), sc["duration_s"].get<double>(),
                    sc["events"].get<size_t>());
}

int runInfo(const QStringList &args)
{
    QCommandLineParser parser;
    setupParser(parser, QStringLiteral("Summarises a model: component counts by kind, zones, "
                                       "schemas with their tables, scenarios."));
    addFormatOption(parser);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The model."));
    if (auto code = parseArgs(parser, args, 1, 1))
        return *code;
    auto json = wantsJson(parser);
    if (!json)
        return ExitBadInput;
    auto m = loadOrReport(parser.positionalArguments().first());
    if (!m)
        return ExitBadInput;
    ordered_json s = summary(*m);
    if (*json)
        std::cout << s.dump(2) << '\n';
    else
        printText(s);
    return ExitOk;
}

const RegisterCommand reg{{"info", "Summarise a model: counts, zones, schemas, scenarios",
                           &runInfo}};

} // namespace
} // namespace archsim::cli
