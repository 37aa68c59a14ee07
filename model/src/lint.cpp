// The lint rule table, suppressions, ordering and output formats.

#include "archsim/model/lint.h"

#include "lint_internal.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <map>

namespace archsim::model {

namespace {

const std::vector<LintRule> kRules = {
    {"schema/fk-without-index", Severity::Warning,
     "a foreign key whose columns do not start any index"},
    {"schema/no-primary-key", Severity::Error, "a table without a primary key"},
    {"schema/large-table-unpartitioned", Severity::Warning,
     "a table over 10M rows within two years (rows + 24 x rows_per_month) without partitions"},
    {"schema/partition-too-large", Severity::Warning,
     "a partition over 1M rows from its interval (or hash modulus) and the row rate"},
    {"schema/duplicate-index", Severity::Warning,
     "an index whose columns are a prefix of another index or key"},
    {"schema/uuid-as-text", Severity::Warning,
     "a UUID/ULID key stored as text where the engine has a native 16-byte type"},
    {"cache/no-ttl-no-invalidation", Severity::Warning,
     "a cache or CDN with no TTL and no invalidation"},
    {"cache/write-without-invalidation", Severity::Warning,
     "a write to tables that a cache reads, without invalidating that cache"},
    {"cache/user-data-on-cdn", Severity::Error,
     "user-specific or authenticated data passing through a CDN"},
    {"security/sensitive-unencrypted", Severity::Error,
     "a sensitive column on a database without encryption at rest"},
    {"security/link-without-tls", Severity::Warning, "a link without TLS"},
    {"security/excess-grants", Severity::Warning,
     "a link to a database that names no tables, so its role needs grants on all of them"},
    {"security/secret-in-model", Severity::Error,
     "a secret value written in the model (deploy.env) instead of a secret reference"},
    {"reliability/no-timeout", Severity::Warning, "a synchronous call without a timeout"},
    {"reliability/retry-without-backoff", Severity::Warning,
     "retries without exponential backoff or without jitter"},
    {"reliability/retry-amplification", Severity::Error,
     "more than 10 attempts (product of 1 + retries) along a call path"},
    {"reliability/no-circuit-breaker", Severity::Warning,
     "a call to an external or flaky (mtbf_s) dependency without a circuit breaker"},
    {"reliability/analytics-on-primary", Severity::Warning,
     "analytics reads served by the primary of a database that has replicas"},
    {"reliability/single-point-of-failure", Severity::Warning,
     "a single-replica component whose loss cuts clients off"},
    {"reliability/zone-single-point-of-failure", Severity::Warning,
     "a zone whose loss takes every replica of a needed component"},
    {"reliability/sync-cycle", Severity::Error, "a cycle of synchronous calls"},
    {"capacity/high-utilization", Severity::Warning,
     "a station at utilization 0.8 or more at peak load (analytic estimate)"},
    {"capacity/saturated", Severity::Error,
     "a station at utilization 1 or more at peak load (analytic estimate)"},
    {"capacity/unbounded-queue", Severity::Warning,
     "a service, gateway, worker or queue without a queue_limit"},
    {"streams/consumers-beyond-partitions", Severity::Warning,
     "a consumer group with more consumers than its stream has partitions (they sit idle)"},
    {"streams/ordered-without-keys", Severity::Error,
     "a consumer that needs per-key order reading unkeyed messages or competing on a queue"},
    {"streams/no-dead-letter", Severity::Warning,
     "a consume link without a dead-letter target (a poison message blocks or cycles)"},
    {"streams/retention-below-catch-up", Severity::Error,
     "retention shorter than the worst declared outage plus its catch-up time (data loss)"},
    {"streams/consumers-cannot-keep-up", Severity::Error,
     "a consumer group at utilization 1 or more (its lag grows without bound)"},
    {"streams/auto-commit-loss", Severity::Warning,
     "periodic auto-commit, which can commit messages before they are processed"},
    {"realtime/unbounded-outbound-queue", Severity::Warning,
     "a realtime gateway with no outbound queue limit (a slow client's queue grows without "
     "bound)"},
    {"realtime/ordered-drop-oldest", Severity::Error,
     "a realtime gateway whose clients need order but that drops the oldest queued message"},
    {"realtime/no-history", Severity::Warning,
     "a realtime gateway without channel history: every reconnect loses what was missed"},
    {"realtime/pubsub-without-ttl", Severity::Error,
     "a cache invalidated by pub/sub with no TTL: a lost message leaves the key stale for ever"},
    {"realtime/single-replica", Severity::Warning,
     "a realtime gateway with one replica (its crash disconnects every client)"},
    {"operations/gateway-without-rate-limit", Severity::Warning,
     "a gateway that clients, load balancers or CDNs call, with no rate limit on it or on "
     "the call"},
    {"operations/retry-not-rate-limit-aware", Severity::Warning,
     "retries into a rate limit that ignore the 429's Retry-After"},
    {"data/no-backups", Severity::Warning, "a database without backups"},
    {"data/backups-not-off-site", Severity::Warning,
     "backups kept in the database's own zone, or its own region when the model has several"},
    {"data/target-not-met", Severity::Error,
     "an RPO or RTO target that the design's estimate for a zone, region or data loss misses"},
    {"data/replica-read-your-writes", Severity::Error,
     "a read that needs read-your-writes served by an asynchronously updated replica"},
    {"data/job-on-primary", Severity::Warning,
     "an ETL or batch job that reads a database's primary while the database has a replica"},
    {"data/job-overlaps", Severity::Warning,
     "a job whose estimated run outlasts the time to its next start (starts are skipped)"},
    {"data/job-without-sink", Severity::Warning, "a job that writes its rows nowhere"},
    {"data/view-refresh-blocks-readers", Severity::Warning,
     "a materialized view refreshed without CONCURRENTLY that online requests read"},
    {"data/view-refresh-overlaps", Severity::Warning,
     "a materialized view whose estimated refresh outlasts its period (refreshes are skipped)"},
    {"lint/unused-suppression", Severity::Info,
     "a suppression that matches no finding (stale or misspelled)"},
};

bool matches(const Suppression &s, const Finding &f)
{
    return s.rule == f.rule && (s.target.empty() || s.target == "*" || s.target == f.target);
}

} // namespace

const char *toString(Severity s)
{
    switch (s) {
    case Severity::Info:
        return "info";
    case Severity::Warning:
        return "warning";
    case Severity::Error:
        return "error";
    }
    return "?";
}

bool fromString(std::string_view text, Severity &out)
{
    for (Severity s : {Severity::Info, Severity::Warning, Severity::Error}) {
        if (text == toString(s)) {
            out = s;
            return true;
        }
    }
    return false;
}

const std::vector<LintRule> &lintRules() { return kRules; }

const LintRule *findRule(std::string_view id)
{
    for (const auto &r : kRules)
        if (id == r.id)
            return &r;
    return nullptr;
}

namespace detail {

void addFinding(Findings &out, RuleId rule, std::string pointer, std::string target,
                std::string message, std::string fix)
{
    RawFinding f;
    f.rule = rule;
    f.finding.rule = kRules[size_t(rule)].id;
    f.finding.severity = kRules[size_t(rule)].severity;
    f.finding.pointer = std::move(pointer);
    f.finding.target = std::move(target);
    f.finding.message = std::move(message);
    f.finding.fix = std::move(fix);
    out.push_back(std::move(f));
}

std::string pointerToken(std::string_view token)
{
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string joinNames(const std::vector<std::string> &names, size_t max)
{
    std::string out;
    for (size_t i = 0; i < names.size() && i < max; ++i)
        out += (i ? ", " : "") + names[i];
    if (names.size() > max)
        out += ", ... (" + std::to_string(names.size()) + " in all)";
    return out;
}

std::string num(double v, int digits)
{
    if (!std::isfinite(v))
        return "infinite";
    char buf[64];
    if (std::abs(v) >= 1000)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

void splitSuppressed(const Model &model, const std::vector<const RawFinding *> &ordered,
                     LintView &view, Finding *unusedStorage, size_t unusedCapacity,
                     size_t &unusedCount)
{
    view.findings.clear();
    view.suppressed.clear();
    view.findings.reserve(ordered.size());
    std::vector<char> used(model.suppress.size(), 0);
    for (const RawFinding *r : ordered) {
        bool suppressed = false;
        for (size_t i = 0; i < model.suppress.size(); ++i) {
            if (matches(model.suppress[i], r->finding)) {
                used[i] = 1;
                suppressed = true;
            }
        }
        (suppressed ? view.suppressed : view.findings).push_back(&r->finding);
    }
    unusedCount = 0;
    for (size_t i = 0; i < model.suppress.size() && unusedCount < unusedCapacity; ++i) {
        if (used[i])
            continue;
        const Suppression &s = model.suppress[i];
        const bool known = findRule(s.rule) != nullptr;
        Findings extra;
        addFinding(extra, RuleUnusedSuppression, "/suppress/" + std::to_string(i),
                   s.rule + (s.target.empty() ? "" : " " + s.target),
                   known ? "the suppression of rule '" + s.rule + "' for '" + s.target +
                               "' matches no finding"
                         : "the suppression names rule '" + s.rule + "', which does not exist",
                   known ? "remove the suppression, or correct its target"
                         : "use one of the rule ids listed in docs/lint.md");
        unusedStorage[unusedCount] = std::move(extra.front().finding);
        view.findings.push_back(&unusedStorage[unusedCount]);
        ++unusedCount;
    }
}

} // namespace detail

LintReport lint(const Model &model, const LintOptions &options)
{
    Linter linter;
    return linter.run(model, options);
}

LintReport Linter::run(const Model &model, const LintOptions &options)
{
    const LintView &view = update(model, options);
    LintReport report;
    report.findings.reserve(view.findings.size());
    for (const Finding *f : view.findings)
        report.findings.push_back(*f);
    for (const Finding *f : view.suppressed)
        report.suppressed.push_back(*f);
    report.assumptions = view.assumptions;
    return report;
}

std::string findingsToJson(const std::vector<Finding> &findings)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto &f : findings) {
        nlohmann::ordered_json j;
        j["rule"] = f.rule;
        j["severity"] = toString(f.severity);
        j["target"] = {{"pointer", f.pointer}, {"name", f.target}};
        j["message"] = f.message;
        j["fix"] = f.fix;
        out.push_back(std::move(j));
    }
    return out.dump(2) + '\n';
}

std::string findingsToText(const std::vector<Finding> &findings)
{
    std::string out;
    for (const auto &f : findings) {
        out += std::string(toString(f.severity)) + " " + f.rule + " " + f.target + " (" +
               f.pointer + "): " + f.message + "\n    fix: " + f.fix + "\n";
    }
    return out;
}

} // namespace archsim::model
