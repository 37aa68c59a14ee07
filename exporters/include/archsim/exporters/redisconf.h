#pragma once

// redis.conf per cache component: memory limit from capacity and value size, eviction policy
// from the model's eviction, and the TTLs the application must set, as comments.

#include "archsim/exporters/bundle.h"
#include "archsim/model/types.h"

#include <cstdint>
#include <string>

namespace archsim::exporters {

// Bytes Redis needs for the cache's entries: capacity x (value + key + per-entry overhead).
// Uses 1 KiB per value when the model gives no value size.
int64_t redisMaxMemoryBytes(const model::Component &cache);

// Returns the Redis maxmemory-policy closest to the cache's eviction ("allkeys-lru", ...).
std::string redisEvictionPolicy(model::Eviction eviction);

// The notify-keyspace-events classes written for a cache with pub/sub invalidation: per-key
// channel (K), generic commands such as DEL (g), strings (SET, $), expired (x), evicted (e).
extern const char *const kRedisKeyspaceEvents;

// Returns the redis.conf text for one cache component; with `pubsub` it enables the keyspace
// notifications the invalidation subscribers listen to (notify-keyspace-events).
std::string redisConf(const model::Model &model, const model::Component &cache);

// Returns one file "<cache-id>.conf" per cache component of the model.
Bundle exportRedis(const model::Model &model);

} // namespace archsim::exporters
