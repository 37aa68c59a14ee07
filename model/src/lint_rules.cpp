// Per-component and per-link rules: caching, security and the local reliability rules.

#include "lint_internal.h"

#include "callgraph.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace archsim::model::detail {

namespace {

std::string componentPointer(size_t i) { return "/components/" + std::to_string(i); }
std::string linkPointer(size_t i) { return "/links/" + std::to_string(i); }

std::string linkName(const Link &l) { return l.id.empty() ? l.from + "->" + l.to : l.id; }

std::string upper(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool isCacheLike(ComponentKind k) { return k == ComponentKind::Cache || k == ComponentKind::Cdn; }

void cacheWithoutStrategy(const Component &c, size_t i, Findings &out)
{
    if (!isCacheLike(c.kind) || c.ttl_s > 0)
        return;
    if (c.invalidation == Invalidation::DeleteOnWrite ||
        c.invalidation == Invalidation::WriteThrough)
        return;
    for (const auto &kc : c.key_classes)
        if (kc.ttl_s > 0)
            return;
    addFinding(out, RuleCacheNoTtlNoInvalidation, componentPointer(i), c.id,
               std::string(c.kind == ComponentKind::Cdn ? "CDN " : "cache ") + c.id +
                   " has no TTL and no invalidation: an entry, once cached, is served "
                   "stale forever after the data changes",
               "set ttl_s to the staleness you accept, and invalidation: delete_on_write "
               "on the writes to its tables");
}

// A secret-looking value: credentials in a URL, a PEM block, or well-known token prefixes.
bool looksLikeSecretValue(const std::string &v)
{
    static const std::regex pattern(
        R"(://[^/:@\s]+:[^/@\s]+@|-----BEGIN [A-Z ]*PRIVATE KEY|\bAKIA[0-9A-Z]{16}\b|)"
        R"(\bsk_live_[0-9a-zA-Z]{8,}|\bgh[pousr]_[0-9A-Za-z]{20,}|\bxox[abpr]-[0-9A-Za-z-]{8,})");
    return std::regex_search(v, pattern);
}

bool looksLikeSecretKey(const std::string &key)
{
    const std::string k = upper(key);
    for (const char *word : {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY",
                             "PRIVATE_KEY", "CREDENTIAL", "ACCESS_KEY"})
        if (k.find(word) != std::string::npos)
            return true;
    return false;
}

void secretsInEnv(const Component &c, size_t i, Findings &out)
{
    for (const auto &[key, value] : c.deploy.env) {
        if (value.empty())
            continue;
        // A reference to the environment ("${DB_PASSWORD}") is not a secret value.
        if (value.size() > 3 && value.front() == '$' && value[1] == '{' && value.back() == '}')
            continue;
        if (!looksLikeSecretKey(key) && !looksLikeSecretValue(value))
            continue;
        addFinding(out, RuleSecretInModel,
                   componentPointer(i) + "/deploy/env/" + pointerToken(key), c.id,
                   "deploy.env of " + c.id + " holds a secret value in " + key +
                       ": the model is committed and exported, so the secret leaks with it",
                   "move it to deploy.secrets as {\"env\": \"" + key +
                       "\", \"name\": ..., \"key\": ...} and remove it from env");
    }
}

void unboundedQueue(const Component &c, size_t i, Findings &out)
{
    const bool applies = c.kind == ComponentKind::Service || c.kind == ComponentKind::Gateway ||
                         c.kind == ComponentKind::Worker || c.kind == ComponentKind::Queue;
    if (!applies || c.queue_limit)
        return;
    addFinding(out, RuleUnboundedQueue, componentPointer(i), c.id,
               std::string(toString(c.kind)) + " " + c.id + " has no queue_limit: under "
               "overload its queue and latency grow without bound instead of shedding load",
               "set queue_limit (for example a few seconds of work: rate x seconds)");
}

} // namespace

LinkContext linkContext(const Component *from, const Component *to,
                        const std::unordered_map<std::string_view, int> &schemaTables)
{
    LinkContext ctx;
    if (from)
        ctx.fromKind = int(from->kind);
    if (to) {
        ctx.toKind = int(to->kind);
        ctx.toFlaky = to->mtbf_s > 0;
        ctx.toReplicas = to->replicas;
        ctx.toReadFrom = int(to->read_from);
        ctx.toRateLimited = to->kind == ComponentKind::Gateway && to->rate_limit.has_value();
        if (to->kind == ComponentKind::Database) {
            auto it = schemaTables.find(to->schema);
            ctx.toSchemaTables = it == schemaTables.end() ? 0 : it->second;
        }
    }
    return ctx;
}

void lintLink(const Link &l, size_t i, const LinkContext &ctx, Findings &out)
{
    const std::string name = linkName(l);
    const std::string ptr = linkPointer(i);
    const auto fromKind = ComponentKind(ctx.fromKind), toKind = ComponentKind(ctx.toKind);
    const bool hasFrom = ctx.fromKind >= 0, hasTo = ctx.toKind >= 0;

    if (l.user_specific && ((hasTo && toKind == ComponentKind::Cdn) ||
                            (hasFrom && fromKind == ComponentKind::Cdn))) {
        const std::string cdn = hasTo && toKind == ComponentKind::Cdn ? l.to : l.from;
        addFinding(out, RuleUserDataOnCdn, ptr, name,
                   "link " + name + " carries user-specific or authenticated data through "
                   "CDN " + cdn + ": one user's response can be cached and served to another",
                   "route user-specific requests around the CDN (or mark the responses "
                   "Cache-Control: private) and keep the CDN for public content");
    }
    if (!l.tls)
        addFinding(out, RuleLinkWithoutTls, ptr, name,
                   "link " + name + " is not encrypted: anyone on the network path can read "
                   "or alter its traffic",
                   "set tls: true (mutual TLS inside the cluster, e.g. through a mesh)");
    if (hasTo && toKind == ComponentKind::Database && hasFrom &&
        fromKind != ComponentKind::Client && l.tables.empty() && l.kind != LinkKind::Publish) {
        const int tables = ctx.toSchemaTables;
        if (tables > 0)
            addFinding(out, RuleExcessGrants, ptr, name,
                       "link " + name + " names no tables, so the role of " + l.from +
                           " would need grants on all " + std::to_string(tables) +
                           " tables of " + l.to + " (least privilege is lost)",
                       "list the tables " + l.from + " reads or writes in the link's tables");
    }
    const bool synchronous = l.kind != LinkKind::Publish &&
                             !(hasFrom && fromKind == ComponentKind::Queue);
    if (synchronous && !l.timeout_ms)
        addFinding(out, RuleNoTimeout, ptr, name,
                   "call " + name + " has no timeout: when " + l.to + " hangs, " + l.from +
                       " waits forever and its workers run out",
                   "set timeout_ms a little above " + l.to + "'s p99 latency");
    if (l.retries && l.retries->max > 0 &&
        (l.retries->backoff_ms <= 0 || l.retries->jitter == Jitter::None)) {
        const bool noBackoff = l.retries->backoff_ms <= 0;
        addFinding(out, RuleRetryWithoutBackoff, ptr, name,
                   "link " + name + " retries " + std::to_string(l.retries->max) + " times " +
                       (noBackoff ? "without backoff" : "without jitter") +
                       ": after a hiccup every caller retries in lockstep and the retries "
                       "arrive as a synchronized storm",
                   noBackoff ? "set retries.backoff_ms (exponential, capped by max_backoff_ms) "
                               "and jitter: full"
                             : "set retries.jitter: full (or equal/decorrelated)");
    }
    if (hasTo && !l.circuit_breaker && (toKind == ComponentKind::External || ctx.toFlaky)) {
        addFinding(out, RuleNoCircuitBreaker, ptr, name,
                   "call " + name + " goes to " +
                       (toKind == ComponentKind::External ? "external dependency "
                                                            : "flaky dependency ") +
                       l.to + " without a circuit breaker: when it fails, every call still "
                       "waits for its timeout",
                   "add a circuit_breaker (failure_rate 0.5, window 20, open_ms 5000) and "
                   "a fallback");
    }
    if (hasTo && l.purpose == LinkPurpose::Analytics && toKind == ComponentKind::Database &&
        ctx.toReplicas > 1 && ReadFrom(ctx.toReadFrom) == ReadFrom::Primary) {
        addFinding(out, RuleAnalyticsOnPrimary, ptr, name,
                   "analytics reads of " + name + " run on the primary of " + l.to + ", which "
                   "has " + std::to_string(ctx.toReplicas - 1) + " replica(s): long scans "
                   "compete with the transactional writes",
                   "serve analytics from a replica (read_from: replica on a reporting "
                   "database, or a separate replica component)");
    }
    lintLinkOperations(l, i, ctx, out);
}

// Writes to tables that a cache fills from, without invalidating the cache.
void lintWrites(const CallGraph &g, Findings &out)
{
    struct CacheRead {
        int cache;
        const std::vector<std::string> *tables; // empty = any table
    };
    std::unordered_map<int, std::vector<CacheRead>> byDb;
    for (size_t e = 0; e < g.edges.size(); ++e) {
        const Link &l = g.link(int(e));
        const Component &from = g.component(g.edges[e].from);
        if (l.kind == LinkKind::Fill && isCacheLike(from.kind) &&
            from.invalidation != Invalidation::TtlOnly)
            byDb[g.edges[e].to].push_back({g.edges[e].from, &l.tables});
    }
    if (byDb.empty())
        return;
    for (size_t e = 0; e < g.edges.size(); ++e) {
        const Link &w = g.link(int(e));
        if (w.kind != LinkKind::Write)
            continue;
        auto it = byDb.find(g.edges[e].to);
        if (it == byDb.end())
            continue;
        for (const CacheRead &r : it->second) {
            const std::string &cache = g.component(r.cache).id;
            if (std::find(w.invalidates.begin(), w.invalidates.end(), cache) !=
                w.invalidates.end())
                continue;
            std::vector<std::string> shared;
            if (w.tables.empty() || r.tables->empty()) {
                shared = w.tables.empty() ? *r.tables : w.tables;
            } else {
                for (const auto &t : w.tables)
                    if (std::find(r.tables->begin(), r.tables->end(), t) != r.tables->end())
                        shared.push_back(t);
                if (shared.empty())
                    continue;
            }
            const std::string name = linkName(w);
            addFinding(out, RuleWriteWithoutInvalidation, linkPointer(size_t(g.edges[e].link)),
                       name,
                       "write " + name + " changes " +
                           (shared.empty() ? std::string("tables") : joinNames(shared)) +
                           " that cache " + cache + " fills from, but does not invalidate it: "
                           "readers see the old value until the entry expires",
                       "add \"" + cache + "\" to the link's invalidates (and give " + cache +
                           " invalidation: delete_on_write)");
        }
    }
}


void lintComponent(const Component &c, size_t i, Findings &out)
{
    cacheWithoutStrategy(c, i, out);
    secretsInEnv(c, i, out);
    unboundedQueue(c, i, out);
}

} // namespace archsim::model::detail
