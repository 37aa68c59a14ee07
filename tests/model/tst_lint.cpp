// Table-driven tests of every lint rule: one row that triggers it, one (or more) that does
// not, each an edit of a clean model. Plus suppressions, ordering, formats and the Linter.

#include "archsim/model/generator.h"
#include "archsim/model/lint.h"

#include "lintfixture.h"

#include <QTest>

#include <functional>
#include <optional>
#include <set>

using namespace archsim::model;
using namespace lintfixture;

namespace {

struct Case {
    const char *name;
    const char *rule;
    bool fires;
    std::function<void(Model &)> edit;
};

Link publish(const std::string &from, const std::string &to)
{
    Link l = mkLink(from, to, LinkKind::Publish, 0);
    return l;
}

// Makes api an async 16-server station with constant 5 ms service, peak at `peakRps`.
void apiAtPeak(Model &m, double peakRps)
{
    Component &api = find(m, "api");
    api.threading = Threading::Async;
    api.service_time = Distribution{DistKind::Constant, 5.0, 0, 2, 0.5};
    find(m, "users").profile = {{60, peakRps}};
}

// Adds a realtime gateway `ws` (3 replicas, bounded queues, history, disconnect) that api
// publishes to: a sound setup each realtime case breaks in one place (docs/realtime.md).
RealtimeSettings &addRealtime(Model &m)
{
    Component ws = comp("ws", ComponentKind::Realtime, 3);
    ws.queue_limit = 100;
    RealtimeSettings r;
    r.connections = 30000;
    r.queue_bytes = 1 << 20;
    r.history_size = 100;
    r.history_ttl_s = 300;
    ws.realtime = r;
    m.components.push_back(ws);
    m.links.push_back(publish("api", "ws"));
    return *m.components.back().realtime;
}

// Adds a keyed stream `events` (4 partitions) that api publishes to, read by 2 `worker`
// instances with a dead-letter queue: a sound setup each stream case breaks in one place.
void addStream(Model &m)
{
    Component events = comp("events", ComponentKind::Stream);
    events.stream = StreamSettings{};
    events.stream->partitions = 4;
    events.stream->replication_factor = 2;
    Component worker = comp("worker", ComponentKind::Worker);
    worker.service_time = Distribution{DistKind::Exponential, 5.0};
    worker.queue_limit = 100;
    Component dlq = comp("dlq", ComponentKind::Queue);
    dlq.queue = QueueSettings{};
    dlq.queue->max_length = 1000;
    m.components.insert(m.components.end(), {events, worker, dlq});
    Link pub = publish("api", "events");
    pub.key = MessageKey{1000, 0, true};
    Link consume = mkLink("worker", "events", LinkKind::Consume, 0);
    consume.consume = ConsumeSettings{};
    consume.consume->dead_letter = "dlq";
    m.links.insert(m.links.end(), {pub, consume});
}

ConsumeSettings &consumeOf(Model &m) { return *m.links.back().consume; }

// Adds an hourly job `report` reading 100,000 rows from db's replica into stripe (standing in
// for a warehouse); each job case changes one thing.
void addJob(Model &m)
{
    Component job = comp("report", ComponentKind::Job, 1);
    job.job = JobSettings{};
    job.job->interval_s = 3600;
    m.components.push_back(job);
    Link read = mkLink("report", "db", LinkKind::Read);
    read.read_from = ReadFrom::Replica;
    m.links.push_back(read);
    m.links.push_back(mkLink("report", "stripe", LinkKind::Write));
}

Link &jobSource(Model &m) { return findLink(m, "report-db"); }

// Adds a materialized view order_totals over orders and order_items (4.2M rows read, 3M
// written: a refresh of about 2.3 s without CONCURRENTLY, viewrefresh.h) refreshed every
// `every` s, and an online read of it by api.
void addView(Model &m, double every, bool concurrent)
{
    View v;
    v.name = "order_totals";
    v.kind = ViewKind::Materialized;
    v.query = "SELECT order_id, sum(qty) FROM order_items GROUP BY order_id";
    v.reads = {"orders", "order_items"};
    v.refresh = ViewRefresh{};
    v.refresh->every_s = every;
    v.refresh->concurrent = concurrent;
    v.indexes = {Index{"order_totals_id", {{"order_id", false}}, true}};
    m.schemas[0].views.push_back(v);
    Link read = mkLink("api", "db", LinkKind::Read, 200);
    read.id = "api-db-totals";
    read.tables = {"order_totals"};
    m.links.push_back(read);
}

// A scenario that stops every worker for 100 s.
void workerOutage(Model &m)
{
    Scenario sc;
    sc.id = "outage";
    ScenarioEvent e;
    e.action = EventAction::Crash;
    e.target = "worker";
    e.for_s = 100;
    sc.events = {e};
    m.scenarios.push_back(sc);
}

const std::vector<Case> &cases()
{
    static const std::vector<Case> all = {
        {"fk without index", "schema/fk-without-index", true,
         [](Model &m) {
             Table &t = table(m, "order_items");
             t.columns.push_back(col("user_id", "bigint"));
             t.foreign_keys.push_back({"", {"user_id"}, "users", {"user_id"}});
         }},
        {"fk covered by index in other order", "schema/fk-without-index", false,
         [](Model &m) {
             Table &t = table(m, "order_items");
             t.columns.push_back(col("user_id", "bigint"));
             t.foreign_keys.push_back({"", {"user_id", "sku"}, "users", {"user_id", "sku"}});
             t.indexes.push_back({"items_sku_user", {{"sku", false}, {"user_id", false}}, false});
         }},
        {"no primary key", "schema/no-primary-key", true,
         [](Model &m) { table(m, "orders").primary_key.clear(); }},
        {"composite primary key", "schema/no-primary-key", false,
         [](Model &m) { table(m, "orders").primary_key = {"order_id", "created_at"}; }},
        {"12M rows unpartitioned", "schema/large-table-unpartitioned", true,
         [](Model &m) { table(m, "orders").rows_per_month = 500000; }},
        {"9.6M rows unpartitioned", "schema/large-table-unpartitioned", false,
         [](Model &m) { table(m, "orders").rows_per_month = 400000; }},
        {"initial rows push over 10M", "schema/large-table-unpartitioned", true,
         [](Model &m) { table(m, "orders").rows = 8000000; }},
        {"2M rows per monthly partition", "schema/partition-too-large", true,
         [](Model &m) {
             Table &t = table(m, "orders");
             t.rows_per_month = 2000000;
             t.partitioning = Partitioning{PartitionMethod::Range, "created_at",
                                           PartitionInterval::Month, "2026-01", 24, false, 0, {}};
         }},
        {"2M rows per month in daily partitions", "schema/partition-too-large", false,
         [](Model &m) {
             Table &t = table(m, "orders");
             t.rows_per_month = 2000000;
             t.partitioning = Partitioning{PartitionMethod::Range, "created_at",
                                           PartitionInterval::Day, "2026-01-01", 60, false, 0, {}};
         }},
        {"hash partitions too few", "schema/partition-too-large", true,
         [](Model &m) {
             Table &t = table(m, "orders");
             t.rows_per_month = 2000000;
             t.partitioning = Partitioning{PartitionMethod::Hash, "order_id",
                                           PartitionInterval::Month, "", 8, false, 0, {}};
         }},
        {"index prefix of another", "schema/duplicate-index", true,
         [](Model &m) {
             table(m, "orders").indexes.push_back({"orders_user", {{"user_id", false}}, false});
         }},
        {"index prefix of primary key", "schema/duplicate-index", true,
         [](Model &m) {
             table(m, "order_items").indexes.push_back({"items_order", {{"order_id", false}},
                                                        false});
         }},
        {"index on other column", "schema/duplicate-index", false,
         [](Model &m) {
             table(m, "orders").indexes.push_back({"orders_created", {{"created_at", false}},
                                                   false});
         }},
        {"unique prefix index", "schema/duplicate-index", false,
         [](Model &m) {
             table(m, "orders").indexes.push_back({"orders_user_u", {{"user_id", false}}, true});
         }},
        {"uuid key as varchar(36)", "schema/uuid-as-text", true,
         [](Model &m) {
             table(m, "orders").columns[0].type = LogicalType::parse("varchar(36)").value();
         }},
        {"uuid key as text on sqlite", "schema/uuid-as-text", false,
         [](Model &m) {
             table(m, "orders").columns[0].type = LogicalType::parse("varchar(36)").value();
             find(m, "db").engine = DbEngine::Sqlite;
         }},
        {"varchar(36) not a key", "schema/uuid-as-text", false,
         [](Model &m) {
             table(m, "orders").columns.push_back(col("tracking_code", "varchar(36)"));
         }},
        {"cache without ttl and invalidation", "cache/no-ttl-no-invalidation", true,
         [](Model &m) {
             find(m, "cache").ttl_s = 0;
             find(m, "cache").invalidation = Invalidation::None;
         }},
        {"cache without ttl but invalidated", "cache/no-ttl-no-invalidation", false,
         [](Model &m) { find(m, "cache").ttl_s = 0; }},
        {"write does not invalidate", "cache/write-without-invalidation", true,
         [](Model &m) { findLink(m, "api-db").invalidates.clear(); }},
        {"write to tables the cache does not read", "cache/write-without-invalidation", false,
         [](Model &m) {
             findLink(m, "api-db").invalidates.clear();
             findLink(m, "api-db").tables = {"order_items"};
         }},
        {"user data through cdn", "cache/user-data-on-cdn", true,
         [](Model &m) {
             m.components.push_back(comp("edge", ComponentKind::Cdn));
             Link l = mkLink("users", "edge", LinkKind::Read);
             l.user_specific = true;
             m.links.push_back(l);
         }},
        {"public data through cdn", "cache/user-data-on-cdn", false,
         [](Model &m) {
             m.components.push_back(comp("edge", ComponentKind::Cdn));
             m.links.push_back(mkLink("users", "edge", LinkKind::Read));
         }},
        {"sensitive column unencrypted", "security/sensitive-unencrypted", true,
         [](Model &m) { find(m, "db").encryption_at_rest = false; }},
        {"sensitive column encrypted by app", "security/sensitive-unencrypted", false,
         [](Model &m) {
             find(m, "db").encryption_at_rest = false;
             table(m, "orders").columns[3].encrypted = true;
         }},
        {"link without tls", "security/link-without-tls", true,
         [](Model &m) { findLink(m, "users-api").tls = false; }},
        {"all links tls", "security/link-without-tls", false, [](Model &) {}},
        {"db link names no tables", "security/excess-grants", true,
         [](Model &m) { findLink(m, "cache-db").tables.clear(); }},
        {"db link names its tables", "security/excess-grants", false, [](Model &) {}},
        {"password in env", "security/secret-in-model", true,
         [](Model &m) { find(m, "api").deploy.env["DB_PASSWORD"] = "hunter2"; }},
        {"credentials in url", "security/secret-in-model", true,
         [](Model &m) {
             find(m, "api").deploy.env["DATABASE_URL"] = "postgres://shop:s3cret@db:5432/shop";
         }},
        {"env reference and plain settings", "security/secret-in-model", false,
         [](Model &m) {
             find(m, "api").deploy.env["DB_PASSWORD"] = "${DB_PASSWORD}";
             find(m, "api").deploy.env["DATABASE_URL"] = "postgres://db:5432/shop";
             find(m, "api").deploy.env["LOG_LEVEL"] = "debug";
         }},
        {"call without timeout", "reliability/no-timeout", true,
         [](Model &m) { findLink(m, "api-cache").timeout_ms.reset(); }},
        {"publish without timeout", "reliability/no-timeout", false,
         [](Model &m) {
             Component q = comp("events", ComponentKind::Queue);
             q.queue_limit = 1000;
             m.components.push_back(q);
             m.links.push_back(publish("api", "events"));
         }},
        {"retries without jitter", "reliability/retry-without-backoff", true,
         [](Model &m) { findLink(m, "api-db").retries->jitter = Jitter::None; }},
        {"retries without backoff", "reliability/retry-without-backoff", true,
         [](Model &m) { findLink(m, "api-db").retries->backoff_ms = 0; }},
        {"retries with backoff and jitter", "reliability/retry-without-backoff", false,
         [](Model &) {}},
        {"3 x 4 attempts", "reliability/retry-amplification", true,
         [](Model &m) {
             findLink(m, "users-api").retries = Retries{2, 100, 1000, Jitter::Full, 0};
             findLink(m, "api-db").retries->max = 3;
         }},
        {"3 x 3 attempts", "reliability/retry-amplification", false,
         [](Model &m) {
             findLink(m, "users-api").retries = Retries{2, 100, 1000, Jitter::Full, 0};
         }},
        {"external without breaker", "reliability/no-circuit-breaker", true,
         [](Model &m) { findLink(m, "api-stripe").circuit_breaker.reset(); }},
        {"flaky dependency without breaker", "reliability/no-circuit-breaker", true,
         [](Model &m) { find(m, "cache").mtbf_s = 3600; }},
        {"external with breaker", "reliability/no-circuit-breaker", false, [](Model &) {}},
        {"analytics on primary", "reliability/analytics-on-primary", true,
         [](Model &m) {
             find(m, "db").read_from = ReadFrom::Primary;
             Link l = mkLink("api", "db", LinkKind::Read);
             l.id = "api-db-report";
             l.tables = {"orders"};
             l.purpose = LinkPurpose::Analytics;
             m.links.push_back(l);
         }},
        {"analytics on replica", "reliability/analytics-on-primary", false,
         [](Model &m) {
             Link l = mkLink("api", "db", LinkKind::Read);
             l.id = "api-db-report";
             l.tables = {"orders"};
             l.purpose = LinkPurpose::Analytics;
             m.links.push_back(l);
         }},
        {"single replica api", "reliability/single-point-of-failure", true,
         [](Model &m) { find(m, "api").replicas = 1; }},
        {"single replica behind degrade", "reliability/single-point-of-failure", false,
         [](Model &m) {
             find(m, "cache").replicas = 1;
             findLink(m, "api-cache").fallback = Fallback::Degrade;
         }},
        {"all db replicas in one zone", "reliability/zone-single-point-of-failure", true,
         [](Model &m) { find(m, "db").zones = {"zone-a"}; }},
        {"replicas over two zones", "reliability/zone-single-point-of-failure", false,
         [](Model &) {}},
        {"synchronous cycle", "reliability/sync-cycle", true,
         [](Model &m) { m.links.push_back(mkLink("cache", "api", LinkKind::Call)); }},
        {"cycle through a publish", "reliability/sync-cycle", false,
         [](Model &m) { m.links.push_back(publish("db", "api")); }},
        {"utilization 0.9 at peak", "capacity/high-utilization", true,
         [](Model &m) { apiAtPeak(m, 2880); }},
        {"utilization 0.75 at peak", "capacity/high-utilization", false,
         [](Model &m) { apiAtPeak(m, 2400); }},
        {"utilization 1.25 at peak", "capacity/saturated", true,
         [](Model &m) { apiAtPeak(m, 4000); }},
        {"utilization 0.9 is not saturated", "capacity/saturated", false,
         [](Model &m) { apiAtPeak(m, 2880); }},
        {"service without queue limit", "capacity/unbounded-queue", true,
         [](Model &m) { find(m, "api").queue_limit.reset(); }},
        {"database without queue limit", "capacity/unbounded-queue", false, [](Model &) {}},
        {"more consumers than partitions", "streams/consumers-beyond-partitions", true,
         [](Model &m) {
             addStream(m);
             find(m, "worker").replicas = 8;
         }},
        {"consumers within partitions", "streams/consumers-beyond-partitions", false,
         [](Model &m) { addStream(m); }},
        {"ordered consumer on unkeyed stream", "streams/ordered-without-keys", true,
         [](Model &m) {
             addStream(m);
             consumeOf(m).ordered = true;
             m.links[m.links.size() - 2].key.reset();
         }},
        {"ordered consumer on keyed stream", "streams/ordered-without-keys", false,
         [](Model &m) {
             addStream(m);
             consumeOf(m).ordered = true;
         }},
        {"consume link without dead letter", "streams/no-dead-letter", true,
         [](Model &m) {
             addStream(m);
             consumeOf(m).dead_letter.clear();
         }},
        {"consume link with dead letter", "streams/no-dead-letter", false,
         [](Model &m) { addStream(m); }},
        {"retention below outage", "streams/retention-below-catch-up", true,
         [](Model &m) {
             addStream(m);
             workerOutage(m);
             find(m, "events").stream->retention_s = 60;
         }},
        {"retention above outage and catch-up", "streams/retention-below-catch-up", false,
         [](Model &m) {
             addStream(m);
             workerOutage(m);
         }},
        {"consumers too slow", "streams/consumers-cannot-keep-up", true,
         [](Model &m) {
             addStream(m);
             find(m, "worker").service_time->mean_ms = 1000;
         }},
        {"consumers fast enough", "streams/consumers-cannot-keep-up", false,
         [](Model &m) { addStream(m); }},
        {"auto-commit", "streams/auto-commit-loss", true,
         [](Model &m) {
             addStream(m);
             consumeOf(m).commit = CommitPolicy::Auto;
         }},
        {"commit after processing", "streams/auto-commit-loss", false,
         [](Model &m) { addStream(m); }},
        // docs/realtime.md: the realtime gateway and pub/sub invalidation rules.
        {"realtime gateway without a queue limit", "realtime/unbounded-outbound-queue", true,
         [](Model &m) { addRealtime(m).queue_bytes = 0; }},
        {"realtime gateway with a message limit", "realtime/unbounded-outbound-queue", false,
         [](Model &m) {
             RealtimeSettings &r = addRealtime(m);
             r.queue_bytes = 0;
             r.queue_messages = 1000;
         }},
        {"ordered clients and drop oldest", "realtime/ordered-drop-oldest", true,
         [](Model &m) { addRealtime(m).slow_consumer = SlowConsumer::DropOldest; }},
        {"unordered clients and drop oldest", "realtime/ordered-drop-oldest", false,
         [](Model &m) {
             RealtimeSettings &r = addRealtime(m);
             r.slow_consumer = SlowConsumer::DropOldest;
             r.ordered = false;
         }},
        {"realtime gateway without history", "realtime/no-history", true,
         [](Model &m) { addRealtime(m).history_size = 0; }},
        {"realtime gateway with history", "realtime/no-history", false,
         [](Model &m) { addRealtime(m); }},
        {"pub/sub invalidation without TTL", "realtime/pubsub-without-ttl", true,
         [](Model &m) {
             find(m, "cache").ttl_s = 0;
             find(m, "cache").pubsub = PubSubInvalidation{};
         }},
        {"pub/sub invalidation with a TTL backstop", "realtime/pubsub-without-ttl", false,
         [](Model &m) { find(m, "cache").pubsub = PubSubInvalidation{}; }},
        {"single realtime replica", "realtime/single-replica", true,
         [](Model &m) {
             addRealtime(m);
             find(m, "ws").replicas = 1;
         }},
        {"three realtime replicas", "realtime/single-replica", false,
         [](Model &m) { addRealtime(m); }},
        // docs/operations.md: a gateway called from outside needs a token bucket somewhere.
        {"public gateway without a rate limit", "operations/gateway-without-rate-limit", true,
         [](Model &m) {
             m.components.push_back(comp("gw", ComponentKind::Gateway));
             m.links.push_back(mkLink("users", "gw", LinkKind::Call));
         }},
        {"public gateway with a rate limit", "operations/gateway-without-rate-limit", false,
         [](Model &m) {
             Component gw = comp("gw", ComponentKind::Gateway);
             gw.rate_limit = RateLimit{};
             m.components.push_back(gw);
             m.links.push_back(mkLink("users", "gw", LinkKind::Call));
         }},
        {"retries into a rate limit", "operations/retry-not-rate-limit-aware", true,
         [](Model &m) {
             Link &l = findLink(m, "users-api");
             l.rate_limit = RateLimit{};
             l.retries = Retries{2, 100, 1000, Jitter::Full, 0};
         }},
        {"retries honour Retry-After", "operations/retry-not-rate-limit-aware", false,
         [](Model &m) {
             Link &l = findLink(m, "users-api");
             l.rate_limit = RateLimit{};
             l.retries = Retries{2, 100, 1000, Jitter::Full, 0};
             l.retries->retry_after = true;
         }},
        {"database without backups", "data/no-backups", true,
         [](Model &m) { find(m, "db").backup.reset(); }},
        {"database with backups", "data/no-backups", false, [](Model &) {}},
        {"backups in the same zone", "data/backups-not-off-site", true,
         [](Model &m) { find(m, "db").backup->location = BackupLocation::SameZone; }},
        {"backups in another zone, one region", "data/backups-not-off-site", false,
         [](Model &m) { find(m, "db").backup->location = BackupLocation::OtherZone; }},
        {"rpo target below daily backups", "data/target-not-met", true,
         [](Model &m) { find(m, "db").rpo_target_s = 3600; }},
        {"rpo target above daily backups", "data/target-not-met", false,
         [](Model &m) { find(m, "db").rpo_target_s = 86400; }},
        {"read-your-writes on a replica", "data/replica-read-your-writes", true,
         [](Model &m) {
             Link l = mkLink("api", "db", LinkKind::Read);
             l.id = "api-db-own-order";
             l.tables = {"orders"};
             l.read_your_writes = true;
             m.links.push_back(l);
         }},
        {"read-your-writes on the primary", "data/replica-read-your-writes", false,
         [](Model &m) {
             find(m, "db").read_from = ReadFrom::Primary;
             Link l = mkLink("api", "db", LinkKind::Read);
             l.id = "api-db-own-order";
             l.tables = {"orders"};
             l.read_your_writes = true;
             m.links.push_back(l);
         }},
        {"job reading the primary", "data/job-on-primary", true,
         [](Model &m) {
             addJob(m);
             jobSource(m).read_from = ReadFrom::Primary;
         }},
        {"job reading a replica", "data/job-on-primary", false, [](Model &m) { addJob(m); }},
        {"job outlasting its interval", "data/job-overlaps", true,
         [](Model &m) {
             addJob(m);
             // 10,000 batches of 20 + 10 + 20 ms: 500 s, more than the interval
             find(m, "report").job->interval_s = 60;
             find(m, "report").job->rows = 10'000'000;
         }},
        {"job within its interval", "data/job-overlaps", false, [](Model &m) { addJob(m); }},
        {"job without sink", "data/job-without-sink", true,
         [](Model &m) {
             addJob(m);
             m.links.pop_back();
         }},
        {"job with a sink", "data/job-without-sink", false, [](Model &m) { addJob(m); }},
        {"refresh without concurrently read online", "data/view-refresh-blocks-readers", true,
         [](Model &m) { addView(m, 60, false); }},
        {"concurrent refresh read online", "data/view-refresh-blocks-readers", false,
         [](Model &m) { addView(m, 60, true); }},
        {"refresh without concurrently read by analytics", "data/view-refresh-blocks-readers",
         false,
         [](Model &m) {
             addView(m, 60, false);
             findLink(m, "api-db-totals").purpose = LinkPurpose::Analytics;
         }},
        {"refresh outlasting its period", "data/view-refresh-overlaps", true,
         [](Model &m) { addView(m, 1, true); }},
        {"refresh within its period", "data/view-refresh-overlaps", false,
         [](Model &m) { addView(m, 60, true); }},
        {"stale suppression", "lint/unused-suppression", true,
         [](Model &m) {
             m.suppress.push_back({"reliability/single-point-of-failure", "api", "dev"});
         }},
        {"suppression in use", "lint/unused-suppression", false,
         [](Model &m) {
             find(m, "api").replicas = 1;
             m.suppress.push_back({"reliability/single-point-of-failure", "api", "dev"});
         }},
    };
    return all;
}

int count(const std::vector<Finding> &findings, const std::string &rule)
{
    int n = 0;
    for (const auto &f : findings)
        n += f.rule == rule;
    return n;
}

} // namespace

class TestLint : public QObject {
    Q_OBJECT
private slots:
    void cleanModelHasNoFindings();
    void rules_data();
    void rules();
    void everyRuleIsTested();
    void suppressionMovesFindingAside();
    void orderIsStableAndGroupedByRule();
    void findingHasPointerTargetMessageFix();
    void jsonFormat();
    void linterReusesAndMatchesFullLint();
    void linterMatchesFullLintUnderRandomEdits();
    void linterMatchesFullLintOnGeneratedModel();
    void severityNames();
};

void TestLint::cleanModelHasNoFindings()
{
    const LintReport r = lint(cleanModel());
    QVERIFY2(r.findings.empty(), findingsToText(r.findings).c_str());
    QVERIFY(r.suppressed.empty());
}

void TestLint::rules_data()
{
    QTest::addColumn<int>("index");
    for (size_t i = 0; i < cases().size(); ++i)
        QTest::newRow(cases()[i].name) << int(i);
}

void TestLint::rules()
{
    QFETCH(int, index);
    const Case &c = cases()[size_t(index)];
    QVERIFY2(findRule(c.rule), c.rule);
    Model m = cleanModel();
    c.edit(m);
    const LintReport r = lint(m);
    const int n = count(r.findings, c.rule);
    QVERIFY2(c.fires ? n > 0 : n == 0, (std::string(c.rule) + (c.fires ? " did not fire" :
                                        " fired") + "\n" + findingsToText(r.findings)).c_str());
}

void TestLint::everyRuleIsTested()
{
    std::set<std::string> fires, silent;
    for (const auto &c : cases())
        (c.fires ? fires : silent).insert(c.rule);
    for (const auto &rule : lintRules()) {
        QVERIFY2(fires.count(rule.id), rule.id);
        QVERIFY2(silent.count(rule.id), rule.id);
    }
}

void TestLint::suppressionMovesFindingAside()
{
    Model m = cleanModel();
    find(m, "api").replicas = 1;
    QCOMPARE(count(lint(m).findings, "reliability/single-point-of-failure"), 1);
    m.suppress.push_back({"reliability/single-point-of-failure", "api", "dev stack"});
    const LintReport r = lint(m);
    QCOMPARE(count(r.findings, "reliability/single-point-of-failure"), 0);
    QCOMPARE(r.suppressed.size(), size_t(1));
    QCOMPARE(r.suppressed[0].target, std::string("api"));
    // A suppression for another target leaves the finding alone.
    m.suppress[0].target = "cache";
    QCOMPARE(count(lint(m).findings, "reliability/single-point-of-failure"), 1);
    // "*" switches the rule off for the whole model.
    m.suppress[0].target = "*";
    QCOMPARE(count(lint(m).findings, "reliability/single-point-of-failure"), 0);
}

void TestLint::orderIsStableAndGroupedByRule()
{
    Model m = cleanModel();
    for (auto &l : m.links)
        l.tls = false;
    find(m, "api").replicas = 1;
    table(m, "orders").primary_key.clear();
    const LintReport a = lint(m);
    QVERIFY(a.findings.size() >= 7);
    // Same input, same output.
    QCOMPARE(lint(m).findings, a.findings);
    // Grouped in lintRules() order, then by place in the model (natural pointer order).
    auto rank = [](const std::string &id) {
        const auto &rules = lintRules();
        for (size_t i = 0; i < rules.size(); ++i)
            if (id == rules[i].id)
                return int(i);
        return -1;
    };
    auto place = [](const std::string &pointer) {
        std::vector<std::pair<long, std::string>> tokens;
        size_t i = 1;
        while (i <= pointer.size()) {
            const size_t j = std::min(pointer.find('/', i), pointer.size());
            const std::string t = pointer.substr(i, j - i);
            const bool digits = !t.empty() && t.find_first_not_of("0123456789") == t.npos;
            tokens.push_back({digits ? std::stol(t) : -1, digits ? std::string() : t});
            i = j + 1;
        }
        return tokens;
    };
    for (size_t i = 1; i < a.findings.size(); ++i) {
        const Finding &p = a.findings[i - 1], &q = a.findings[i];
        QVERIFY(rank(p.rule) <= rank(q.rule));
        if (rank(p.rule) == rank(q.rule))
            QVERIFY2(place(p.pointer) <= place(q.pointer), (p.pointer + " " + q.pointer).c_str());
    }
}

void TestLint::findingHasPointerTargetMessageFix()
{
    Model m = cleanModel();
    table(m, "orders").columns[0].type = LogicalType::parse("varchar(36)").value();
    const LintReport r = lint(m);
    QCOMPARE(r.findings.size(), size_t(1));
    const Finding &f = r.findings[0];
    QCOMPARE(f.rule, std::string("schema/uuid-as-text"));
    QCOMPARE(f.severity, Severity::Warning);
    QCOMPARE(f.pointer, std::string("/schemas/0/tables/0/columns/0"));
    QCOMPARE(f.target, std::string("shop.orders.order_id"));
    QVERIFY(f.message.find("varchar(36)") != std::string::npos);
    QVERIFY(f.fix.find("uuid") != std::string::npos);
}

void TestLint::jsonFormat()
{
    Finding f{"security/link-without-tls", Severity::Warning, "/links/0", "users-api",
              "say \"hi\"", "fix it"};
    const std::string json = findingsToJson({f});
    const std::string expected = "[\n  {\n    \"rule\": \"security/link-without-tls\",\n"
                                 "    \"severity\": \"warning\",\n    \"target\": {\n"
                                 "      \"pointer\": \"/links/0\",\n"
                                 "      \"name\": \"users-api\"\n    },\n"
                                 "    \"message\": \"say \\\"hi\\\"\",\n"
                                 "    \"fix\": \"fix it\"\n  }\n]\n";
    QCOMPARE(json, expected);
    QCOMPARE(findingsToJson({}), std::string("[]\n"));
}

void TestLint::linterReusesAndMatchesFullLint()
{
    Model m = cleanModel();
    Linter linter;
    QCOMPARE(linter.run(m).findings, lint(m).findings);
    table(m, "orders").primary_key.clear();
    QCOMPARE(linter.run(m).findings, lint(m).findings);
    QCOMPARE(count(linter.run(m).findings, "schema/no-primary-key"), 1);
    // A change of context (the database loses encryption) re-lints unchanged tables.
    find(m, "db").encryption_at_rest = false;
    QCOMPARE(count(linter.run(m).findings, "security/sensitive-unencrypted"), 1);
    // Renaming a table drops the old entry and lints the new one.
    table(m, "orders").name = "purchases";
    QCOMPARE(linter.run(m).findings, lint(m).findings);
    m.schemas[0].tables.erase(m.schemas[0].tables.begin());
    QCOMPARE(linter.run(m).findings, lint(m).findings);
}

void TestLint::linterMatchesFullLintUnderRandomEdits()
{
    // A fixed xorshift sequence of edits; after each, the incremental result must equal a
    // fresh lint (same findings, same order).
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    auto next = [&](int n) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        return int(seed % uint64_t(n));
    };
    Model m = cleanModel();
    Linter linter;
    for (int step = 0; step < 300; ++step) {
        switch (next(16)) {
        case 0: m.links[size_t(next(int(m.links.size())))].tls ^= true; break;
        case 1: m.components[size_t(1 + next(4))].replicas = 1 + next(3); break;
        case 2: m.components[size_t(1 + next(4))].zones = {next(2) ? "zone-a" : "zone-b"}; break;
        case 3: table(m, next(2) ? "orders" : "order_items").primary_key.clear(); break;
        case 4: table(m, "orders").columns[size_t(next(5))].sensitive ^= true; break;
        case 5: find(m, "db").encryption_at_rest ^= true; break;
        case 6: {
            Link &l = m.links[size_t(next(int(m.links.size())))];
            l.retries = Retries{next(5), double(next(2) * 50), 0, Jitter(next(2)), 0};
            break;
        }
        case 7:
            if (m.links.size() < 9)
                m.links.push_back(mkLink("cache", "api", LinkKind::Call));
            else
                m.links.pop_back();
            break;
        case 8: find(m, "users").profile = {{60, double(100 + next(5000))}}; break;
        case 9: find(m, "api").deploy.env["API_TOKEN"] = next(2) ? "abc" : "${T}"; break;
        case 10: m.schemas[0].tables[0].rows_per_month = double(next(3000000)); break;
        case 11:
            if (m.suppress.empty())
                m.suppress.push_back({"security/link-without-tls", "", "lab"});
            else
                m.suppress.clear();
            break;
        // Edits that change the hard links, the clients or the kinds the graph rules read.
        case 12: {
            Link &l = m.links[size_t(next(int(m.links.size())))];
            l.probability = l.probability > 0 ? 0.0 : 0.5;
            break;
        }
        case 13: {
            Link &l = m.links[size_t(next(int(m.links.size())))];
            l.fallback = l.fallback == Fallback::Error ? Fallback::Degrade : Fallback::Error;
            break;
        }
        case 14: {
            Component &c = m.components[size_t(1 + next(4))];
            const ComponentKind kinds[] = {ComponentKind::Service, ComponentKind::External,
                                           ComponentKind::Queue, ComponentKind::Client};
            c.kind = kinds[next(4)];
            break;
        }
        case 15: find(m, "users").kind = next(2) ? ComponentKind::Client
                                                  : ComponentKind::Service; break;
        }
        const LintReport incremental = linter.run(m);
        const LintReport fresh = lint(m);
        QCOMPARE(incremental.findings, fresh.findings);
        QCOMPARE(incremental.suppressed, fresh.suppressed);
    }
}

void TestLint::severityNames()
{
    Severity s = Severity::Info;
    QVERIFY(fromString("error", s));
    QCOMPARE(s, Severity::Error);
    QVERIFY(!fromString("fatal", s));
    QVERIFY(reaches(Finding{"", Severity::Error, "", "", "", ""}, Severity::Warning));
    QVERIFY(!reaches(Finding{"", Severity::Info, "", "", "", ""}, Severity::Warning));
}

QTEST_GUILESS_MAIN(TestLint)
void TestLint::linterMatchesFullLintOnGeneratedModel()
{
    // A generated model with many single replicas, zones and hard links: the Linter keeps the
    // dominator tree across replica, zone and timeout edits and must rebuild it when a hard
    // link, a client or an id changes. After each edit it must equal a fresh lint.
    GeneratorOptions options;
    options.components = 120;
    options.tables = 20;
    options.zones = 3;
    options.linksPerComponent = 2.0;
    Model m = generateModel(11, options);
    uint64_t seed = 0x2545f4914f6cdd1dull;
    auto next = [&](int n) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        return int(seed % uint64_t(n));
    };
    Linter linter;
    QCOMPARE(linter.run(m).findings, lint(m).findings);
    int spofFindings = 0;
    std::optional<Component> removed;
    for (int step = 0; step < 200; ++step) {
        Component &c = m.components[size_t(next(int(m.components.size())))];
        Link &l = m.links[size_t(next(int(m.links.size())))];
        switch (next(10)) {
        case 9: // remove the last component (its links dangle), or add it back
            if (!removed) {
                removed = m.components.back();
                m.components.pop_back();
            } else {
                m.components.push_back(*removed);
                removed.reset();
            }
            break;
        case 0: c.replicas = 1 + next(3); break;
        case 1: c.zones = {m.zones[size_t(next(int(m.zones.size())))]}; break;
        case 2: l.probability = l.probability > 0 ? 0.0 : 1.0; break;
        case 3: l.fallback = next(2) ? Fallback::Degrade : Fallback::Error; break;
        case 4: l.timeout_ms = double(100 + next(900)); break;
        case 5: l.retries = Retries{next(6), 10, 100, Jitter::None, 0}; break;
        case 6:
            if (c.kind != ComponentKind::Client)
                c.kind = next(2) ? ComponentKind::External : ComponentKind::Service;
            break;
        case 7: c.id += "x"; break; // dangling links: the rules skip what they cannot resolve
        case 8: std::swap(l.from, l.to); break;
        }
        const LintReport incremental = linter.run(m);
        const LintReport fresh = lint(m);
        if (incremental.findings != fresh.findings)
            qWarning("step %d:\n--- incremental\n%s--- fresh\n%s", step,
                     findingsToText(incremental.findings).c_str(),
                     findingsToText(fresh.findings).c_str());
        QCOMPARE(incremental.findings, fresh.findings);
        QCOMPARE(incremental.suppressed, fresh.suppressed);
        spofFindings += count(fresh.findings, "reliability/single-point-of-failure");
    }
    QVERIFY2(spofFindings > 0, "the edits never produced a single point of failure");
}

#include "tst_lint.moc"
