#!/usr/bin/env python3
"""Regenerates tests/data/bad/*.json and tests/data/bad/expected.tsv: broken model files, each
with the place (line:col or JSON pointer) that `archsim-cli validate` must name. Every case is a
recipe here, so the corpus can be rebuilt and reviewed; run from the repository root."""
import copy, json, os

out = "tests/data/bad"
os.makedirs(out, exist_ok=True)

base = {
    "format": "archsim", "version": 1, "name": "Bad input base",
    "zones": ["zone-a"],
    "components": [
        {"id": "users", "kind": "client", "rps": 10},
        {"id": "api", "kind": "service", "replicas": 2, "workers": 4,
         "service_time": {"dist": "exponential", "mean_ms": 5}, "zones": ["zone-a"]},
        {"id": "cache", "kind": "cache", "capacity": 100, "keys": 1000},
        {"id": "db", "kind": "database", "schema": "shop"},
    ],
    "links": [
        {"from": "users", "to": "api", "timeout_ms": 1000},
        {"from": "api", "to": "db", "kind": "write", "tables": ["orders"],
         "invalidates": ["cache"]},
    ],
    "schemas": [{"id": "shop", "tables": [
        {"name": "orders",
         "columns": [{"name": "order_id", "type": "bigint", "nullable": False},
                     {"name": "status", "type": "varchar(20)"},
                     {"name": "created_at", "type": "timestamptz", "nullable": False}],
         "primary_key": ["order_id", "created_at"],
         "indexes": [{"name": "orders_status", "columns": ["status"]}],
         "partitioning": {"method": "range", "column": "created_at", "interval": "month",
                          "start": "2026-01", "count": 12}},
        {"name": "items",
         "columns": [{"name": "item_id", "type": "bigint"}, {"name": "order_id", "type": "bigint"}],
         "primary_key": ["item_id"],
         "foreign_keys": [{"columns": ["order_id"], "references": "orders",
                           "ref_columns": ["order_id"]}]}]}],
    "scenarios": [{"id": "s1", "duration_s": 60, "seed": 1,
                   "events": [{"at_s": 10, "action": "crash", "target": "api"}]}],
}

cases = []  # (name, bytes, expected place)

def text(name, data, place):
    cases.append((name, data if isinstance(data, bytes) else data.encode(), place))

def mutate(name, place, fn):
    m = copy.deepcopy(base)
    fn(m)
    cases.append((name, (json.dumps(m, indent=2) + "\n").encode(), place))

def setp(path, value):
    def fn(m):
        cur = m
        for p in path[:-1]:
            cur = cur[p]
        cur[path[-1]] = value
    return fn

def delp(path):
    def fn(m):
        cur = m
        for p in path[:-1]:
            cur = cur[p]
        del cur[path[-1]]
    return fn

good = json.dumps(base, indent=2) + "\n"
# Syntax: the place is line:col.
text("empty.json", b"", "1:1")
text("truncated.json", good[: len(good) // 2], None)  # place computed below
text("not-json.json", "hello, world\n", "1:1")
text("trailing-comma.json", '{"format": "archsim", "version": 1,}\n', "1:36")
text("unclosed-string.json", '{"format": "archsim", "name": "oops\n}', "1:36")
text("bad-escape.json", '{"format": "archsim", "name": "a\\qb"}\n', "1:34")
text("non-utf8.json", b'{"format": "archsim", "version": 1, "name": "caf\xe9"}\n', "1:50")
text("nul-byte.json", b'{"format": "archsim",\x00 "version": 1}\n', "1:22")
text("deep-nesting.json", "[" * 100000, "1:65")
text("deep-objects.json", '{"a":' * 5000, "1:321")
# A key twice in one object: nlohmann would keep the last silently; the place is the second.
text("duplicate-key-top.json", '{"format": "archsim", "version": 1, "name": "a",\n "name": "b"}\n',
     "2:2")
text("duplicate-key-nested.json",
     '{"format": "archsim", "version": 1, "zones": ["a", "b"], "components": [\n'
     ' {"id": "x", "kind": "service"},\n'
     ' {"id": "y", "kind": "service", "note": "{\\"replicas\\": [", "replicas": 2,\n'
     '  "replicas": 1}]}\n', "4:3")
text("huge-float.json", '{"format": "archsim", "version": 1, "name": "x", "zones": [], '
     '"components": [{"id": "u", "kind": "client", "rps": 1e999}], "links": []}\n', "1:115")
text("garbage-after.json", good.rstrip("\n") + " }\n", None)
# Structure: the place is a JSON pointer.
text("top-level-array.json", "[1, 2, 3]\n", "/")
mutate("wrong-format.json", "/format", setp(["format"], "drawio"))
mutate("missing-version.json", "/version", delp(["version"]))
mutate("future-version.json", "/version", setp(["version"], 99))
mutate("version-zero.json", "/version", setp(["version"], 0))
mutate("version-string.json", "/version", setp(["version"], "1"))
mutate("components-object.json", "/components", setp(["components"], {"id": "x"}))
mutate("component-null.json", "/components/0", setp(["components", 0], None))
mutate("component-missing-id.json", "/components/1", delp(["components", 1, "id"]))
mutate("unknown-kind.json", "/components/1/kind", setp(["components", 1, "kind"], "lambda"))
mutate("unknown-field.json", "/components/1/replica", setp(["components", 1, "replica"], 3))
mutate("replicas-string.json", "/components/1/replicas", setp(["components", 1, "replicas"], "3"))
mutate("replicas-fraction.json", "/components/1/replicas",
       setp(["components", 1, "replicas"], 2.5))
mutate("replicas-zero.json", "/components/1/replicas", setp(["components", 1, "replicas"], 0))
mutate("replicas-huge.json", "/components/1/replicas",
       setp(["components", 1, "replicas"], 99999999999999999999))
mutate("workers-negative.json", "/components/1/workers", setp(["components", 1, "workers"], -4))
mutate("rps-negative.json", "/components/0/rps", setp(["components", 0, "rps"], -5))
mutate("rps-zero.json", "/components/0/rps", setp(["components", 0, "rps"], 0))
mutate("unknown-dist.json", "/components/1/service_time/dist",
       setp(["components", 1, "service_time", "dist"], "pareto"))
mutate("mean-negative.json", "/components/1/service_time/mean_ms",
       setp(["components", 1, "service_time", "mean_ms"], -1))
mutate("duplicate-component.json", "/components/2/id", setp(["components", 2, "id"], "api"))
mutate("malformed-id.json", "/components/1/id", setp(["components", 1, "id"], "API Gateway"))
mutate("id-too-long.json", "/components/1/id", setp(["components", 1, "id"], "a" * 64))
mutate("unknown-zone.json", "/components/1/zones/0", setp(["components", 1, "zones"], ["mars"]))
mutate("cache-no-capacity.json", "/components/2/capacity", delp(["components", 2, "capacity"]))
mutate("unknown-schema.json", "/components/3/schema", setp(["components", 3, "schema"], "nope"))
mutate("link-unknown-from.json", "/links/0/from", setp(["links", 0, "from"], "ghost"))
mutate("link-unknown-to.json", "/links/0/to", setp(["links", 0, "to"], "ghost"))
mutate("link-unknown-kind.json", "/links/0/kind", setp(["links", 0, "kind"], "rpc"))
mutate("probability-high.json", "/links/0/probability", setp(["links", 0, "probability"], 1.5))
mutate("timeout-negative.json", "/links/0/timeout_ms", setp(["links", 0, "timeout_ms"], -100))
mutate("duplicate-link.json", "/links/1/id",
       lambda m: (m["links"][0].update(id="l1"), m["links"][1].update(id="l1")))
mutate("link-unknown-table.json", "/links/1/tables/0", setp(["links", 1, "tables"], ["orderz"]))
mutate("invalidates-non-cache.json", "/links/1/invalidates/0",
       setp(["links", 1, "invalidates"], ["api"]))
mutate("retries-huge.json", "/links/0/retries/max", setp(["links", 0, "retries"], {"max": 1000}))
mutate("unknown-type.json", "/schemas/0/tables/0/columns/1/type",
       setp(["schemas", 0, "tables", 0, "columns", 1, "type"], "varchr(20)"))
mutate("decimal-scale.json", "/schemas/0/tables/0/columns/1/type",
       setp(["schemas", 0, "tables", 0, "columns", 1, "type"], "decimal(2,5)"))
mutate("default-now-on-text.json", "/schemas/0/tables/0/columns/1/default",
       setp(["schemas", 0, "tables", 0, "columns", 1, "default"], "now"))
mutate("partition-column-missing.json", "/schemas/0/tables/0/partitioning/column",
       setp(["schemas", 0, "tables", 0, "partitioning", "column"], "placed_at"))
mutate("pk-omits-partition.json", "/schemas/0/tables/0/partitioning/column",
       setp(["schemas", 0, "tables", 0, "primary_key"], ["order_id"]))
mutate("partition-start.json", "/schemas/0/tables/0/partitioning/start",
       setp(["schemas", 0, "tables", 0, "partitioning", "start"], "2026-13"))
mutate("fk-unknown-table.json", "/schemas/0/tables/1/foreign_keys/0/references",
       setp(["schemas", 0, "tables", 1, "foreign_keys", 0, "references"], "orderz"))
mutate("index-unknown-column.json", "/schemas/0/tables/0/indexes/0/columns/0",
       setp(["schemas", 0, "tables", 0, "indexes", 0, "columns"], ["state DESC"]))
mutate("duplicate-table.json", "/schemas/0/tables/1/name",
       setp(["schemas", 0, "tables", 1, "name"], "orders"))
mutate("table-no-columns.json", "/schemas/0/tables/1/columns",
       setp(["schemas", 0, "tables", 1, "columns"], []))
mutate("event-unknown-target.json", "/scenarios/0/events/0/target",
       setp(["scenarios", 0, "events", 0, "target"], "ghost"))
mutate("event-after-end.json", "/scenarios/0/events/0/at_s",
       setp(["scenarios", 0, "events", 0, "at_s"], 600))
mutate("unknown-action.json", "/scenarios/0/events/0/action",
       setp(["scenarios", 0, "events", 0, "action"], "explode"))
mutate("fallback-fill-not-cache.json", "/links/0/fallback",
       setp(["links", 0, "fallback"], "fill"))

# Places that depend on the text are computed from it.
def place_of_truncation(data):
    lines = data.decode().split("\n")
    return f"{len(lines)}:{len(lines[-1]) + 1}"

with open(os.path.join(out, "expected.tsv"), "w") as tsv:
    tsv.write("# file\texpected place in the message (archsim-cli validate exits 2)\n")
    for name, data, place in cases:
        if name == "truncated.json":
            place = place_of_truncation(data)
        if name == "garbage-after.json":
            lines = good.rstrip("\n").split("\n")
            place = f"{len(lines)}:{len(lines[-1]) + 2}"
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        tsv.write(f"{name}\t{place}\n")
print(f"{len(cases)} bad files in {out}")
