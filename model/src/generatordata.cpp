#include "generatordata.h"

#include <algorithm>

namespace archsim::model::detail {

namespace {

Distribution lagDistribution(GenRng &rng)
{
    Distribution d;
    d.dist = rng.pickEnum<DistKind>(5);
    d.mean_ms = rng.positive(3.6e6);
    if (rng.chance(0.5))
        d.cv = rng.positive(100);
    if (rng.chance(0.5))
        d.k = int(rng.range(1, 1000));
    if (rng.chance(0.5))
        d.spread = rng.share(0);
    return d;
}

} // namespace

void addDataProtection(GenRng &rng, Model &m, bool all)
{
    if (!all)
        return;
    // Regions: the zones cut in two (the last zones, if any, stay in the default region).
    if (m.zones.size() >= 2 && rng.chance(0.7)) {
        const size_t half = m.zones.size() / 2;
        const size_t end = rng.chance(0.5) ? m.zones.size() : m.zones.size() - 1;
        m.regions.push_back({"region-1", {m.zones.begin(), m.zones.begin() + long(half)}});
        m.regions.push_back(
            {"region-2", {m.zones.begin() + long(half), m.zones.begin() + long(end)}});
    }
    if (rng.chance(0.6)) {
        DisasterRecovery dr;
        dr.strategy = rng.pickEnum<DrStrategy>(4);
        dr.detect_s = rng.positive(1e6);
        dr.provision_s = rng.positive(1e6);
        dr.switch_s = rng.positive(1e6);
        m.disaster_recovery = dr;
    }
    for (Component &c : m.components) {
        if (c.kind != ComponentKind::Database)
            continue;
        if (rng.chance(0.7)) {
            Replication r;
            r.mode = c.replicas >= 2 ? rng.pickEnum<ReplicationMode>(3) : ReplicationMode::Async;
            r.lag = lagDistribution(rng);
            r.apply_rate_wps = rng.chance(0.5) ? rng.positive(1e6) : 0;
            r.round_trip_ms = rng.positive(1e4);
            c.replication = r;
        }
        if (rng.chance(0.7)) {
            BackupPolicy b;
            b.archiving = rng.chance(0.5);
            b.full_interval_s = b.archiving && rng.chance(0.3) ? 0 : rng.positive(1e7);
            b.archive_delay_s = rng.positive(1e5);
            b.retention_days = rng.positive(1e4);
            b.location = rng.pickEnum<BackupLocation>(3);
            b.restore_bytes_per_s = 1 + rng.positive(1e12);
            c.backup = b;
        }
        if (rng.chance(0.5))
            c.data_bytes = rng.range(1, int64_t(1e15));
        if (rng.chance(0.5))
            c.rpo_target_s = rng.chance(0.2) ? 0.0 : rng.positive(1e6);
        if (rng.chance(0.5))
            c.rto_target_s = rng.positive(1e6);
    }
    for (Link &l : m.links)
        l.read_your_writes = l.kind == LinkKind::Read && rng.chance(0.3);
    std::vector<const Component *> databases;
    for (const Component &c : m.components)
        if (c.kind == ComponentKind::Database)
            databases.push_back(&c);
    for (Scenario &s : m.scenarios) {
        ScenarioEvent e;
        e.at_s = s.duration_s * rng.unit();
        if (!m.regions.empty() && rng.chance(0.5)) {
            e.action = EventAction::RegionOutage;
            e.target = rng.pick(m.regions).id;
            e.for_s = rng.chance(0.5) ? rng.positive() : 0;
        } else if (!databases.empty()) {
            e.action = EventAction::DataLoss;
            e.target = rng.pick(databases)->id;
        } else {
            continue;
        }
        s.events.push_back(e);
        std::stable_sort(s.events.begin(), s.events.end(),
                         [](const auto &a, const auto &b) { return a.at_s < b.at_s; });
    }
}

} // namespace archsim::model::detail

namespace archsim::model::detail {

void addJobs(GenRng &rng, Model &m, int jobs)
{
    std::vector<size_t> sources; // databases and streams
    std::vector<size_t> sinks;   // databases and externals
    for (size_t i = 0; i < m.components.size(); ++i) {
        const ComponentKind k = m.components[i].kind;
        if (k == ComponentKind::Database || k == ComponentKind::Stream)
            sources.push_back(i);
        if (k == ComponentKind::Database || k == ComponentKind::External)
            sinks.push_back(i);
    }
    if (sources.empty())
        return;
    for (int n = 0; n < jobs; ++n) {
        Component c;
        c.kind = ComponentKind::Job;
        c.id = "job-" + std::to_string(m.components.size());
        c.replicas = int(rng.range(1, 4));
        c.workers = int(rng.range(1, 8));
        JobSettings js;
        const auto schedule = rng.below(3);
        if (schedule == 0)
            js.interval_s = 1 + rng.unit() * 86400;
        else if (schedule == 1)
            js.cron = rng.pick(std::vector<std::string>{"0 2 * * *", "*/15 * * * *",
                                                        "30 1 1,15 * 1-5", "0 */6 * * 0"});
        else
            js.continuous = true;
        js.offset_s = rng.chance(0.5) ? 0.0 : rng.unit() * 3600;
        const size_t src = rng.pick(sources);
        js.incremental = m.components[src].kind == ComponentKind::Database && rng.chance(0.4);
        js.rows = js.incremental && rng.chance(0.5) ? 0 : rng.range(1, 10'000'000);
        js.row_rate = rng.chance(0.5) ? 0.0 : rng.positive(1e6);
        js.batch_size = int(rng.range(1, 100000));
        js.read_ms_per_row = rng.unit();
        js.write_ms_per_row = rng.unit();
        c.job = js;
        Link read;
        read.id = "job-link-" + std::to_string(n) + "-source";
        read.from = c.id;
        read.to = m.components[src].id;
        read.kind = LinkKind::Read;
        if (m.components[src].kind == ComponentKind::Database && rng.chance(0.6))
            read.read_from = rng.pickEnum<ReadFrom>(3);
        m.links.push_back(read);
        if (!sinks.empty() && rng.chance(0.8)) {
            Link write;
            write.id = "job-link-" + std::to_string(n) + "-sink";
            write.from = c.id;
            write.to = m.components[rng.pick(sinks)].id;
            write.kind = LinkKind::Write;
            m.links.push_back(write);
        }
        m.components.push_back(std::move(c));
    }
}

} // namespace archsim::model::detail
