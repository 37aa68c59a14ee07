#!/usr/bin/env python3
"""Writes resources/schema/archsim.schema.json, the JSON Schema (draft-07) of the model format.
Keep it in step with model/src/describe.h; tests/model/tst_schema.cpp checks every example
against it and that it refuses typical mistakes."""
import json

def enum(*names):
    return {"type": "string", "enum": list(names)}

ID = {"type": "string", "pattern": "^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$"}
NUM = {"type": "number"}
NONNEG = {"type": "number", "minimum": 0}
INT = {"type": "integer"}
POSINT = {"type": "integer", "minimum": 1}
NONNEGINT = {"type": "integer", "minimum": 0}
STR = {"type": "string"}
BOOL = {"type": "boolean"}
STRS = {"type": "array", "items": STR}
IDS = {"type": "array", "items": ID}

def obj(props, required=()):
    o = {"type": "object", "additionalProperties": False, "properties": props}
    if required:
        o["required"] = list(required)
    return o

def ref(name):
    return {"$ref": "#/definitions/" + name}

def ci(word):
    """Case-insensitive spelling of a word as ECMA-262 character classes."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)

PLAIN = ["bool", "smallint", "int", "bigint", "real", "double", "text", "bytes", "uuid", "ulid",
         "date", "timestamp", "timestamptz", "json"]
TYPE = {"type": "string", "pattern":
        r"^\s*(" + "|".join(ci(w) for w in PLAIN) + "|" + ci("decimal") +
        r"\s*\(\s*\d+\s*(,\s*\d+\s*)?\)|(" + ci("char") + "|" + ci("varchar") +
        r")\s*\(\s*\d+\s*\))\s*$"}

definitions = {
    "distribution": obj({"dist": enum("exponential", "constant", "lognormal", "uniform", "erlang"),
                         "mean_ms": NONNEG, "cv": NONNEG, "k": POSINT,
                         "spread": {"type": "number", "minimum": 0, "maximum": 1}},
                        ["dist", "mean_ms"]),
    "profile_point": obj({"at_s": NONNEG, "rps": NONNEG}, ["at_s", "rps"]),
    "key_class": obj({"name": STR, "share": {"type": "number", "minimum": 0, "maximum": 1},
                      "keys": NONNEGINT, "ttl_s": NONNEG}, ["name"]),
    "autoscale": obj({"min_replicas": POSINT, "max_replicas": POSINT,
                      "target_utilization": {"type": "number", "exclusiveMinimum": 0,
                                             "maximum": 1},
                      "scale_up_delay_s": NONNEG, "scale_down_delay_s": NONNEG,
                      "scale_up_policies": {"type": "array", "items": ref("scaling_policy")},
                      "scale_down_policies": {"type": "array", "items": ref("scaling_policy")},
                      "scale_up_select": enum("max", "min", "disabled"),
                      "scale_down_select": enum("max", "min", "disabled"),
                      "startup_s": NONNEG,
                      "sync_period_s": {"type": "number", "minimum": 1, "maximum": 3600},
                      "tolerance": {"type": "number", "minimum": 0, "exclusiveMaximum": 1}}),
    "scaling_policy": obj({"type": enum("pods", "percent"), "value": POSINT,
                           "period_s": {"type": "number", "exclusiveMinimum": 0,
                                        "maximum": 1800}}, ["type", "value", "period_s"]),
    "rate_limit": obj({"rate_rps": {"type": "number", "exclusiveMinimum": 0},
                       "burst": {"type": "number", "minimum": 1},
                       "per": enum("client", "key", "global"), "keys": POSINT}),
    "slo": obj({"availability": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
                "latency_ms": NONNEG,
                "latency_target": {"type": "number", "exclusiveMinimum": 0,
                                   "exclusiveMaximum": 1},
                "period_days": {"type": "integer", "enum": [28, 30]}}),
    "price": obj({"replica_hour": NONNEG, "storage_gb": NONNEG, "egress_gb_month": NONNEG,
                  "monthly": NONNEG}),
    "secret_ref": obj({"env": STR, "name": STR, "key": STR}, ["env", "name", "key"]),
    "deployment": obj({"image": STR, "port": {"type": "integer", "minimum": 0, "maximum": 65535},
                       "cpu_millis": NONNEGINT, "memory_mib": NONNEGINT,
                       "hosting": enum("cluster", "managed", "external"),
                       # A URL path: no spaces or shell metacharacters (issue 15).
                       "health_path": {"type": "string",
                                       "pattern": "^(/([A-Za-z0-9._~/:@+,=?-]|%[0-9A-Fa-f]{2})*)?$"},
                       "autoscale": ref("autoscale"),
                       "env": {"type": "object", "additionalProperties": STR},
                       "secrets": {"type": "array", "items": ref("secret_ref")}}),
    "position": obj({"x": NUM, "y": NUM}, ["x", "y"]),
    "replication": obj({"mode": enum("async", "sync_one", "remote_apply"),
                        "lag": ref("distribution"), "apply_rate_wps": NONNEG,
                        "round_trip_ms": NONNEG}),
    "backup": obj({"full_interval_s": NONNEG, "archiving": BOOL, "archive_delay_s": NONNEG,
                   "retention_days": NONNEG,
                   "location": enum("same_zone", "other_zone", "other_region"),
                   "restore_bytes_per_s": {"type": "number", "minimum": 1}}),
    "disaster_recovery": obj({"strategy": enum("backup_restore", "pilot_light", "warm_standby",
                                               "active_active"),
                              "detect_s": NONNEG, "provision_s": NONNEG, "switch_s": NONNEG},
                             ["strategy"]),
    "region": obj({"id": STR, "zones": IDS}, ["id"]),
    "client_rate": obj({"name": STR, "share": NONNEG,
                        "bytes_per_s": {"type": "number", "exclusiveMinimum": 0}},
                       ["bytes_per_s"]),
    "realtime": obj({"connections": POSINT, "channels": POSINT, "channel_zipf": NONNEG,
                     "subscriptions": POSINT, "queue_messages": NONNEGINT,
                     "queue_bytes": NONNEGINT,
                     "slow_consumer": enum("disconnect", "drop_oldest", "block"),
                     "history_size": NONNEGINT, "history_ttl_s": NONNEG,
                     "reconnect_delay_s": NONNEG, "reconnect_max_delay_s": NONNEG,
                     "reconnect_jitter": enum("none", "equal", "full", "decorrelated"),
                     "message_bytes": POSINT, "ordered": BOOL,
                     "client_rates": {"type": "array", "items": ref("client_rate")}}),
    "pubsub": obj({"delay_ms": NONNEG, "loss": {"type": "number", "minimum": 0, "maximum": 1}}),
    "stream": obj({"partitions": POSINT, "replication_factor": POSINT, "retention_s": NONNEG,
                   "retention_bytes": NONNEGINT, "message_bytes": POSINT,
                   "leader_failover_s": NONNEG}),
    "queue": obj({"visibility_timeout_s": {"type": "number", "exclusiveMinimum": 0},
                  "max_length": NONNEGINT, "overflow": enum("reject", "block", "drop_oldest"),
                  "retention_s": NONNEG, "message_bytes": POSINT}),
    "job": obj({"interval_s": NONNEG, "cron": STR, "continuous": BOOL, "offset_s": NONNEG,
                "rows": NONNEGINT, "incremental": BOOL, "row_rate": NONNEG,
                "batch_size": POSINT, "read_ms_per_row": NONNEG, "write_ms_per_row": NONNEG}),
    "message_key": obj({"keys": POSINT, "zipf": NONNEG, "by_key": BOOL}),
    "consume": obj({"group": ID, "consumers": NONNEGINT, "batch_size": POSINT,
                    "batch_wait_ms": NONNEG, "commit": enum("after_processing", "auto"),
                    "commit_interval_ms": {"type": "number", "exclusiveMinimum": 0},
                    "failure_probability": {"type": "number", "minimum": 0, "maximum": 1},
                    "max_attempts": POSINT, "retry_backoff_ms": NONNEG,
                    "retry_backoff_multiplier": {"type": "number", "minimum": 1, "maximum": 10},
                    "retry_backoff_max_ms": NONNEG, "dead_letter": STR, "ordered": BOOL,
                    "rebalance_pause_s": NONNEG}),
    "component": obj({
        "id": ID,
        "kind": enum("client", "load_balancer", "gateway", "service", "worker", "database",
                     "cache", "cdn", "queue", "external", "stream", "job", "realtime"),
        "name": STR, "description": STR, "rps": NONNEG,
        "profile": {"type": "array", "items": ref("profile_point")}, "slo": ref("slo"),
        "replicas": POSINT, "workers": POSINT, "service_time": ref("distribution"),
        "queue_limit": NONNEGINT, "threading": enum("blocking", "async"),
        "balancing": enum("pooled", "random", "round_robin"),
        "fanout": enum("sequential", "parallel"), "zones": IDS,
        "mtbf_s": NONNEG, "mttr_s": NONNEG, "load_shedding": BOOL,
        "rate_limit": ref("rate_limit"),
        "capacity": NONNEGINT, "value_bytes": NONNEGINT, "ttl_s": NONNEG,
        "eviction": enum("lru", "lfu", "fifo", "random", "sieve"), "keys": NONNEGINT,
        "zipf": NONNEG, "invalidation": enum("none", "delete_on_write", "write_through", "ttl_only"),
        "ttl_refresh_on_hit": BOOL, "coalescing": BOOL, "public_only": BOOL,
        "key_classes": {"type": "array", "items": ref("key_class")},
        "engine": enum("postgres", "mysql", "sqlite"), "schema": STR,
        "read_from": enum("primary", "replica", "any"), "failover_s": NONNEG,
        "encryption_at_rest": BOOL, "replication": ref("replication"), "backup": ref("backup"),
        "data_bytes": NONNEGINT, "rpo_target_s": NONNEG, "rto_target_s": NONNEG,
        "stream": ref("stream"), "queue": ref("queue"), "job": ref("job"),
        "realtime": ref("realtime"), "pubsub": ref("pubsub"),
        "deploy": ref("deployment"), "price": ref("price"), "position": ref("position"),
    }, ["id", "kind"]),
    "retries": obj({"max": NONNEGINT, "backoff_ms": NONNEG, "max_backoff_ms": NONNEG,
                    "jitter": enum("none", "equal", "full", "decorrelated"),
                    "budget": {"type": "number", "minimum": 0, "maximum": 1},
                    "retry_after": BOOL}),
    "circuit_breaker": obj({"failure_rate": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                            "window": POSINT, "min_calls": POSINT, "open_ms": NONNEG,
                            "half_open_calls": POSINT, "slow_call_ms": NONNEG,
                            "slow_call_rate": {"type": "number", "exclusiveMinimum": 0,
                                               "maximum": 1}}),
    "link": obj({"id": ID, "from": ID, "to": ID,
                 "kind": enum("call", "read", "write", "fill", "publish", "consume"),
                 "probability": {"type": "number", "minimum": 0, "maximum": 1},
                 "timeout_ms": {"type": "number", "exclusiveMinimum": 0},
                 "tables": STRS, "invalidates": IDS, "retries": ref("retries"),
                 "circuit_breaker": ref("circuit_breaker"), "fallback": enum("error", "degrade", "fill"),
                 "tls": BOOL, "user_specific": BOOL, "purpose": enum("oltp", "analytics"),
                 "deadline_propagation": BOOL, "key_class": STR, "key": ref("message_key"),
                 "consume": ref("consume"), "rate_limit": ref("rate_limit"),
                 "read_your_writes": BOOL, "read_from": enum("primary", "replica", "any")},
                ["from", "to"]),
    "default": {"type": ["null", "boolean", "number", "string"]},
    "column": obj({"name": STR, "type": TYPE, "nullable": BOOL, "default": ref("default"),
                   "identity": BOOL, "sensitive": BOOL, "encrypted": BOOL, "comment": STR,
                   "renamed_from": STR}, ["name", "type"]),
    "index": obj({"name": STR, "columns": {"type": "array", "minItems": 1, "items": {
        "type": "string", "pattern": r"^\s*\S.*$"}}, "unique": BOOL},
        ["name", "columns"]),
    "unique": obj({"name": STR, "columns": STRS}, ["name", "columns"]),
    "foreign_key": obj({"name": STR, "columns": STRS, "references": STR, "ref_columns": STRS,
                        "on_delete": enum("no_action", "restrict", "cascade", "set_null",
                                          "set_default"),
                        "on_update": enum("no_action", "restrict", "cascade", "set_null",
                                          "set_default")},
                       ["columns", "references", "ref_columns"]),
    "list_partition": obj({"name": STR, "values": STRS}, ["name", "values"]),
    "partitioning": obj({"method": enum("range", "list", "hash"), "column": STR,
                         "interval": enum("day", "month", "year"), "start": STR,
                         "count": NONNEGINT, "default_partition": BOOL, "retention": NONNEGINT,
                         "lists": {"type": "array", "items": ref("list_partition")}},
                        ["method", "column"]),
    "table": obj({"name": STR, "comment": STR,
                  "columns": {"type": "array", "items": ref("column")},
                  "primary_key": STRS, "unique": {"type": "array", "items": ref("unique")},
                  "indexes": {"type": "array", "items": ref("index")},
                  "foreign_keys": {"type": "array", "items": ref("foreign_key")},
                  "partitioning": ref("partitioning"), "rows_per_month": NONNEG,
                  "rows": NONNEGINT, "row_bytes": NONNEGINT, "append_only": BOOL,
                  "renamed_from": STR}, ["name", "columns"]),
    "view_refresh": obj({"every_s": NONNEG, "concurrent": BOOL,
                         "cron": {"type": "string", "pattern":
                                  r"^\s*[0-9*,/-]+(\s+[0-9*,/-]+){4}\s*$"}}),
    "view": obj({"name": STR, "kind": enum("view", "materialized"), "comment": STR,
                 "query": {"type": "string", "minLength": 1}, "query_postgres": STR,
                 "query_mysql": STR, "query_sqlite": STR, "reads": STRS,
                 "refresh": ref("view_refresh"),
                 "indexes": {"type": "array", "items": ref("index")}}, ["name", "query"]),
    "schema": obj({"id": ID, "name": STR, "tables": {"type": "array", "items": ref("table")},
                   "views": {"type": "array", "items": ref("view")}},
                  ["id"]),
    "event": obj({"at_s": NONNEG,
                  "action": enum("crash", "slow", "partition", "zone_outage", "flush", "load",
                                 "poison", "region_outage", "data_loss"),
                  "target": STR, "mode": enum("refuse", "hang"), "for_s": NONNEG,
                  "factor": {"type": "number", "exclusiveMinimum": 0},
                  "replica": {"type": "integer", "minimum": -1}, "note": STR},
                 ["at_s", "action"]),
    "scenario": obj({"id": ID, "name": STR, "description": STR,
                     "duration_s": {"type": "number", "exclusiveMinimum": 0},
                     "warmup_s": NONNEG, "seed": NONNEGINT,
                     "events": {"type": "array", "items": ref("event")},
                     "overrides": {"type": "array", "items": ref("override")}}, ["id"]),
    # A scenario's change of one component or link: `set` is merged into it (RFC 7386); an id
    # cannot be changed.
    "override": obj({"target": {"type": "string", "minLength": 1},
                     "set": {"type": "object", "not": {"required": ["id"]}}},
                    ["target", "set"]),
    "suppression": obj({"rule": STR, "target": STR, "reason": {"type": "string", "minLength": 1}},
                       ["rule", "reason"]),
}

schema = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "https://archsim.example/schema/archsim-2.schema.json",
    "title": "ArchSim model, format version 2 (version 1 files are read as well)",
    "description": "An architecture model: zones, components, links, schemas, scenarios. "
                   "See docs/model-format.md for units and defaults.",
    "type": "object", "additionalProperties": False,
    "required": ["format", "version", "components", "links"],
    "properties": {
        "format": {"const": "archsim"}, "version": {"enum": [1, 2]},
        "name": STR, "description": STR, "zones": IDS,
        "regions": {"type": "array", "items": ref("region")},
        "disaster_recovery": ref("disaster_recovery"),
        "components": {"type": "array", "items": ref("component")},
        "links": {"type": "array", "items": ref("link")},
        "schemas": {"type": "array", "items": ref("schema")},
        "scenarios": {"type": "array", "items": ref("scenario")},
        "suppress": {"type": "array", "items": ref("suppression")},
    },
    "definitions": definitions,
}
with open("resources/schema/archsim.schema.json", "w") as f:
    json.dump(schema, f, indent=2)
    f.write("\n")
