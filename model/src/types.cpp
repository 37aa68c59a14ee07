#include "archsim/model/types.h"

#include <array>
#include <cmath>
#include <string_view>
#include <utility>

namespace archsim::model {

namespace {

template <typename Enum, size_t N>
using Names = std::array<std::pair<Enum, const char *>, N>;

template <typename Enum, size_t N>
const char *nameOf(const Names<Enum, N> &names, Enum v)
{
    for (const auto &[e, n] : names)
        if (e == v)
            return n;
    return "?";
}

template <typename Enum, size_t N>
bool parseName(const Names<Enum, N> &names, std::string_view text, Enum &out)
{
    for (const auto &[e, n] : names) {
        if (text == n) {
            out = e;
            return true;
        }
    }
    return false;
}

template <typename Enum, size_t N>
std::vector<std::string> allNames(const Names<Enum, N> &names)
{
    std::vector<std::string> out;
    for (const auto &[e, n] : names)
        out.emplace_back(n);
    return out;
}

constexpr Names<ComponentKind, 13> kComponentKinds{{
    {ComponentKind::Client, "client"},
    {ComponentKind::LoadBalancer, "load_balancer"},
    {ComponentKind::Gateway, "gateway"},
    {ComponentKind::Service, "service"},
    {ComponentKind::Worker, "worker"},
    {ComponentKind::Database, "database"},
    {ComponentKind::Cache, "cache"},
    {ComponentKind::Cdn, "cdn"},
    {ComponentKind::Queue, "queue"},
    {ComponentKind::External, "external"},
    {ComponentKind::Stream, "stream"},
    {ComponentKind::Job, "job"},
    {ComponentKind::Realtime, "realtime"},
}};
constexpr Names<DistKind, 5> kDistKinds{{
    {DistKind::Exponential, "exponential"},
    {DistKind::Constant, "constant"},
    {DistKind::Lognormal, "lognormal"},
    {DistKind::Uniform, "uniform"},
    {DistKind::Erlang, "erlang"},
}};
constexpr Names<Threading, 2> kThreading{{
    {Threading::Blocking, "blocking"},
    {Threading::Async, "async"},
}};
constexpr Names<Balancing, 3> kBalancing{{
    {Balancing::Pooled, "pooled"},
    {Balancing::Random, "random"},
    {Balancing::RoundRobin, "round_robin"},
}};
constexpr Names<Fanout, 2> kFanout{{
    {Fanout::Sequential, "sequential"},
    {Fanout::Parallel, "parallel"},
}};
constexpr Names<Eviction, 5> kEviction{{
    {Eviction::Lru, "lru"},
    {Eviction::Lfu, "lfu"},
    {Eviction::Fifo, "fifo"},
    {Eviction::Random, "random"},
    {Eviction::Sieve, "sieve"},
}};
constexpr Names<Invalidation, 4> kInvalidation{{
    {Invalidation::None, "none"},
    {Invalidation::DeleteOnWrite, "delete_on_write"},
    {Invalidation::WriteThrough, "write_through"},
    {Invalidation::TtlOnly, "ttl_only"},
}};
constexpr Names<ReadFrom, 3> kReadFrom{{
    {ReadFrom::Primary, "primary"},
    {ReadFrom::Replica, "replica"},
    {ReadFrom::Any, "any"},
}};
constexpr Names<DbEngine, 3> kDbEngine{{
    {DbEngine::Postgres, "postgres"},
    {DbEngine::Mysql, "mysql"},
    {DbEngine::Sqlite, "sqlite"},
}};
constexpr Names<LinkKind, 6> kLinkKind{{
    {LinkKind::Call, "call"},
    {LinkKind::Read, "read"},
    {LinkKind::Write, "write"},
    {LinkKind::Fill, "fill"},
    {LinkKind::Publish, "publish"},
    {LinkKind::Consume, "consume"},
}};
constexpr Names<Jitter, 4> kJitter{{
    {Jitter::None, "none"},
    {Jitter::Equal, "equal"},
    {Jitter::Full, "full"},
    {Jitter::Decorrelated, "decorrelated"},
}};
constexpr Names<Fallback, 3> kFallback{{
    {Fallback::Error, "error"},
    {Fallback::Degrade, "degrade"},
    {Fallback::Fill, "fill"},
}};
constexpr Names<LinkPurpose, 2> kLinkPurpose{{
    {LinkPurpose::Oltp, "oltp"},
    {LinkPurpose::Analytics, "analytics"},
}};
constexpr Names<RefAction, 5> kRefAction{{
    {RefAction::NoAction, "no_action"},
    {RefAction::Restrict, "restrict"},
    {RefAction::Cascade, "cascade"},
    {RefAction::SetNull, "set_null"},
    {RefAction::SetDefault, "set_default"},
}};
constexpr Names<PartitionMethod, 3> kPartitionMethod{{
    {PartitionMethod::Range, "range"},
    {PartitionMethod::List, "list"},
    {PartitionMethod::Hash, "hash"},
}};
constexpr Names<PartitionInterval, 3> kPartitionInterval{{
    {PartitionInterval::Day, "day"},
    {PartitionInterval::Month, "month"},
    {PartitionInterval::Year, "year"},
}};
constexpr Names<EventAction, 9> kEventAction{{
    {EventAction::Crash, "crash"},
    {EventAction::Slow, "slow"},
    {EventAction::Partition, "partition"},
    {EventAction::ZoneOutage, "zone_outage"},
    {EventAction::Flush, "flush"},
    {EventAction::Load, "load"},
    {EventAction::Poison, "poison"},
    {EventAction::RegionOutage, "region_outage"},
    {EventAction::DataLoss, "data_loss"},
}};
constexpr Names<ReplicationMode, 3> kReplicationMode{{
    {ReplicationMode::Async, "async"},
    {ReplicationMode::SyncOne, "sync_one"},
    {ReplicationMode::RemoteApply, "remote_apply"},
}};
constexpr Names<BackupLocation, 3> kBackupLocation{{
    {BackupLocation::SameZone, "same_zone"},
    {BackupLocation::OtherZone, "other_zone"},
    {BackupLocation::OtherRegion, "other_region"},
}};
constexpr Names<DrStrategy, 4> kDrStrategy{{
    {DrStrategy::BackupRestore, "backup_restore"},
    {DrStrategy::PilotLight, "pilot_light"},
    {DrStrategy::WarmStandby, "warm_standby"},
    {DrStrategy::ActiveActive, "active_active"},
}};
constexpr Names<SlowConsumer, 3> kSlowConsumer{{
    {SlowConsumer::Disconnect, "disconnect"},
    {SlowConsumer::DropOldest, "drop_oldest"},
    {SlowConsumer::Block, "block"},
}};
constexpr Names<CrashMode, 2> kCrashMode{{
    {CrashMode::Refuse, "refuse"},
    {CrashMode::Hang, "hang"},
}};
constexpr Names<ScalingPolicyType, 2> kScalingPolicyType{{
    {ScalingPolicyType::Pods, "pods"},
    {ScalingPolicyType::Percent, "percent"},
}};
constexpr Names<SelectPolicy, 3> kSelectPolicy{{
    {SelectPolicy::Max, "max"},
    {SelectPolicy::Min, "min"},
    {SelectPolicy::Disabled, "disabled"},
}};
constexpr Names<RateLimitScope, 3> kRateLimitScope{{
    {RateLimitScope::Client, "client"},
    {RateLimitScope::Key, "key"},
    {RateLimitScope::Global, "global"},
}};
constexpr Names<ViewKind, 2> kViewKind{{
    {ViewKind::View, "view"},
    {ViewKind::Materialized, "materialized"},
}};

constexpr Names<CommitPolicy, 2> kCommitPolicy{{
    {CommitPolicy::AfterProcessing, "after_processing"},
    {CommitPolicy::Auto, "auto"},
}};
constexpr Names<Overflow, 3> kOverflow{{
    {Overflow::Reject, "reject"},
    {Overflow::Block, "block"},
    {Overflow::DropOldest, "drop_oldest"},
}};

} // namespace

#define ARCHSIM_ENUM_STRINGS(Enum, table)                                                      \
    const char *toString(Enum v) { return nameOf(table, v); }                                  \
    bool fromString(std::string_view text, Enum &out) { return parseName(table, text, out); }  \
    template <>                                                                                \
    std::vector<std::string> enumNames<Enum>() { return allNames(table); }

ARCHSIM_ENUM_STRINGS(ComponentKind, kComponentKinds)
ARCHSIM_ENUM_STRINGS(DistKind, kDistKinds)
ARCHSIM_ENUM_STRINGS(Threading, kThreading)
ARCHSIM_ENUM_STRINGS(Balancing, kBalancing)
ARCHSIM_ENUM_STRINGS(Fanout, kFanout)
ARCHSIM_ENUM_STRINGS(Eviction, kEviction)
ARCHSIM_ENUM_STRINGS(Invalidation, kInvalidation)
ARCHSIM_ENUM_STRINGS(ReadFrom, kReadFrom)
ARCHSIM_ENUM_STRINGS(DbEngine, kDbEngine)
ARCHSIM_ENUM_STRINGS(LinkKind, kLinkKind)
ARCHSIM_ENUM_STRINGS(Jitter, kJitter)
ARCHSIM_ENUM_STRINGS(Fallback, kFallback)
ARCHSIM_ENUM_STRINGS(LinkPurpose, kLinkPurpose)
ARCHSIM_ENUM_STRINGS(RefAction, kRefAction)
ARCHSIM_ENUM_STRINGS(PartitionMethod, kPartitionMethod)
ARCHSIM_ENUM_STRINGS(PartitionInterval, kPartitionInterval)
ARCHSIM_ENUM_STRINGS(EventAction, kEventAction)
ARCHSIM_ENUM_STRINGS(CrashMode, kCrashMode)
ARCHSIM_ENUM_STRINGS(CommitPolicy, kCommitPolicy)
ARCHSIM_ENUM_STRINGS(Overflow, kOverflow)
ARCHSIM_ENUM_STRINGS(ScalingPolicyType, kScalingPolicyType)
ARCHSIM_ENUM_STRINGS(SelectPolicy, kSelectPolicy)
ARCHSIM_ENUM_STRINGS(RateLimitScope, kRateLimitScope)
ARCHSIM_ENUM_STRINGS(ViewKind, kViewKind)
ARCHSIM_ENUM_STRINGS(ReplicationMode, kReplicationMode)
ARCHSIM_ENUM_STRINGS(BackupLocation, kBackupLocation)
ARCHSIM_ENUM_STRINGS(DrStrategy, kDrStrategy)
ARCHSIM_ENUM_STRINGS(SlowConsumer, kSlowConsumer)

#undef ARCHSIM_ENUM_STRINGS

double Distribution::scv() const
{
    switch (dist) {
    case DistKind::Exponential:
        return 1.0;
    case DistKind::Constant:
        return 0.0;
    case DistKind::Lognormal:
        return cv * cv;
    case DistKind::Erlang:
        return k > 0 ? 1.0 / k : 1.0;
    case DistKind::Uniform:
        // Uniform on [m(1-s), m(1+s)]: variance (2ms)^2/12, so scv = s^2/3.
        return spread * spread / 3.0;
    }
    return 1.0;
}

Distribution defaultServiceTime(ComponentKind kind)
{
    Distribution d;
    switch (kind) {
    case ComponentKind::Client:
        d.dist = DistKind::Constant;
        d.mean_ms = 0;
        break;
    case ComponentKind::LoadBalancer:
    case ComponentKind::Cdn:
        d.dist = DistKind::Exponential;
        d.mean_ms = 0.2;
        break;
    case ComponentKind::Gateway:
        d.mean_ms = 1.0;
        break;
    case ComponentKind::Cache:
        d.dist = DistKind::Exponential;
        d.mean_ms = 0.3;
        break;
    case ComponentKind::Database:
        d.dist = DistKind::Lognormal;
        d.mean_ms = 3.0;
        d.cv = 1.5;
        break;
    case ComponentKind::Queue:
    case ComponentKind::Stream:
        d.mean_ms = 0.5;
        break;
    case ComponentKind::Realtime:
        d.mean_ms = 0.2; // accepting a publish; the fan-out is the realtime kernel's
        break;
    case ComponentKind::External:
        d.mean_ms = 50.0;
        break;
    case ComponentKind::Job: // the transform of one batch
        d.mean_ms = 20.0;
        break;
    case ComponentKind::Service:
    case ComponentKind::Worker:
        d.mean_ms = 5.0;
        break;
    }
    return d;
}

bool isStation(ComponentKind kind) { return kind != ComponentKind::Client; }

} // namespace archsim::model
