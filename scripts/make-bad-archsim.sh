#!/bin/sh
# Regenerates tests/data/bad/bad-archsim-*.archsim and tests/data/bad/expected-archsim.tsv:
# broken native project files, each made from a valid one by the recipe below (no hand-edited
# binaries), with the place and message fragment that loading it must report.
# Usage, from the repository root, after a build:
#   scripts/make-bad-archsim.sh [path/to/archsim-cli]      (default: build/app/archsim-cli)
# Needs: sqlite3 (the Debian CLI), python3, coreutils.
set -eu

CLI=${1:-build/app/archsim-cli}
OUT=tests/data/bad
TSV=$OUT/expected-archsim.tsv
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

BASE=$TMP/base.archsim
"$CLI" convert resources/examples/three-tier.json "$BASE"
rm -f "$OUT"/bad-archsim-*.archsim
printf '# file\tplace ("-" = the whole file)\tmessage fragment (loading exits 2)\n' > "$TSV"

# case NAME PLACE MESSAGE: records one fixture that the preceding commands wrote to $F.
F=
start() { F=$OUT/bad-archsim-$1.archsim; }
record() { printf '%s\t%s\t%s\n' "$(basename "$F")" "$1" "$2" >> "$TSV"; }
from_base() { start "$1"; cp "$BASE" "$F"; }

start empty
: > "$F"
record - "empty file (0 bytes)"

start random-bytes
python3 -c 'import random, sys; r = random.Random(20261129)
sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(4096)))' > "$F"
record - "not a SQLite database"

start json-text
cp resources/examples/three-tier.json "$F"
record - "it looks like JSON"

start other-sqlite
sqlite3 "$F" "CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('not ours');"
record - "not an ArchSim project (application_id 0x00000000"

# A GeoPackage: a real SQLite-based format with its own application_id ('GPKG').
start geopackage
sqlite3 "$F" "PRAGMA application_id = 1196444487; CREATE TABLE gpkg_contents(table_name TEXT);"
record - "application_id 0x47504b47"

from_base future-version
sqlite3 "$F" "PRAGMA user_version = 3"
record - "newer ArchSim (format version 3)"

start truncated
head -c $(( $(wc -c < "$BASE") / 2 )) "$BASE" > "$F"
record - "truncated ArchSim project"

start header-only
head -c 100 "$BASE" > "$F"
record - "truncated ArchSim project"

# 4096 bytes of 0xA5 over page 2 (a b-tree of the layout): quick_check finds it.
from_base corrupt-page
head -c 4096 /dev/zero | tr '\000' '\245' | dd of="$F" bs=4096 seek=1 conv=notrunc 2>/dev/null
record - "corrupt ArchSim project"

from_base missing-table
sqlite3 "$F" "DROP TABLE components"
record - "table 'components' is missing"

from_base unknown-kind
sqlite3 "$F" "UPDATE components SET kind = 'spaceship' WHERE ordinal = 1"
record /components/1/kind "unknown component kind 'spaceship'"

from_base attr-wrong-type
sqlite3 "$F" "UPDATE components SET attrs = '{\"replicas\": \"three\"}' WHERE ordinal = 2"
record /components/2/replicas "expected an integer"

from_base attr-unknown
sqlite3 "$F" "UPDATE components SET attrs = '{\"warp_drive\": 9}' WHERE ordinal = 2"
record /components/2/warp_drive "unknown attribute 'warp_drive'"

from_base attrs-not-json
sqlite3 "$F" "UPDATE links SET attrs = '{oops' WHERE ordinal = 0"
record /links/0 "attrs is not a JSON object"

from_base column-type
sqlite3 "$F" "UPDATE columns SET type = 'varchar(0)' WHERE ordinal = 1
              AND table_id = (SELECT min(table_id) FROM tables)"
record /schemas/0/tables/0/columns/1/type "varchar(0)"

from_base orphan-row
sqlite3 "$F" "INSERT INTO component_zones VALUES ('ghost', 0, 'zone-a')"
record - "'ghost', which does not exist"

# Issue #15, defect 1: a partitioning of a table that does not exist (crashed the reader).
from_base partitioning-orphan
sqlite3 "$F" "INSERT INTO partitionings VALUES (9999, 'range', 'created_at', '{}')"
record - "a row of 'partitionings' belongs to 'table #9999', which does not exist"

# Issue #15, defect 10: a list partition of a table that is not partitioned.
from_base list-partition-unpartitioned
sqlite3 "$F" "INSERT INTO list_partitions (table_id, ordinal, name) VALUES (1, 0, 'p-eu')"
record /schemas/0/tables/0/partitioning "which is not partitioned"

# Issue #15, defect 10: user_version is signed (-1, not 4294967295).
from_base negative-version
sqlite3 "$F" "PRAGMA user_version = -1"
record - "format version -1 (PRAGMA user_version) is negative"

# Issue #15, defect 4: SQLite stores 1e999 as Inf; JSON cannot carry it.
from_base non-finite
sqlite3 "$F" "UPDATE components SET x = 1e999, y = 0 WHERE ordinal = 0"
record /components/0/position/x "not a finite number (Inf)"

# Structurally sound, semantically wrong: the file loads, validation reports the place.
from_base dangling-link
sqlite3 "$F" "UPDATE links SET to_id = 'ghost' WHERE ordinal = 0"
record /links/0/to "ghost"

echo "wrote $(grep -vc '^#' "$TSV") fixtures and $TSV"
