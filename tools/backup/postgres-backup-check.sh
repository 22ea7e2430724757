#!/usr/bin/env bash
# Backs up a PostgreSQL-backed Tidings (pg_dump + the uploads directory), restores both into a new
# database and directory, starts Tidings on the copy and checks it: every message of the dump is
# there, every stored file is byte-identical, and the restored event log has a new epoch (so
# clients' old cursors get 410 cursor_expired and reload, as after an embedded restore).
#
#   tools/backup/postgres-backup-check.sh SOURCE_DB UPLOADS_DIR [WORK_DIR]
#
# SOURCE_DB is a database name on the server that PG* variables (PGHOST, PGPORT, PGUSER) point at;
# the server keeps serving meanwhile. Needs pg_dump, pg_restore, psql, curl and target/tidings.jar.
set -euo pipefail
source_db=${1:?usage: $0 SOURCE_DB UPLOADS_DIR [WORK_DIR]}
uploads=${2:?usage: $0 SOURCE_DB UPLOADS_DIR [WORK_DIR]}
work=${3:-$(mktemp -d)}
mkdir -p "$work"
restored_db="${source_db}_restored_$(date +%s)"
cd "$(dirname "$0")/../.."

echo "1. backup: pg_dump (one consistent snapshot), then the uploads directory"
pg_dump -Fc -f "$work/tidings.dump" "$source_db"
tar -C "$uploads" -cf "$work/uploads.tar" .

echo "2. restore into database $restored_db and $work/uploads"
createdb "$restored_db"
pg_restore --no-owner -d "$restored_db" "$work/tidings.dump"
mkdir -p "$work/uploads" && tar -C "$work/uploads" -xf "$work/uploads.tar"
# A new epoch: cursors from the old database must not resume against the copy.
psql -q -d "$restored_db" -c "UPDATE stream_head SET epoch = substr(md5(random()::text || clock_timestamp()::text), 1, 16) WHERE id = 1"

echo "3. check the copy"
dumped=$(pg_restore -f - -a -t messages "$work/tidings.dump" | awk '/^COPY /{data=1; next} /^\\\.$/{data=0} data' | wc -l)
copied=$(psql -qtA -d "$restored_db" -c "SELECT count(*) FROM messages")
[ "$dumped" = "$copied" ] || { echo "messages: $dumped in the dump, $copied in the copy" >&2; exit 1; }
for key in $(psql -qtA -d "$restored_db" -c "SELECT storage_key FROM files"); do
  cmp -s "$uploads/files/$key" "$work/uploads/files/$key" || [ ! -e "$uploads/files/$key" ] \
    || { echo "file $key differs" >&2; exit 1; }
done
old_epoch=$(psql -qtA -d "$source_db" -c "SELECT epoch FROM stream_head")
new_epoch=$(psql -qtA -d "$restored_db" -c "SELECT epoch FROM stream_head")
[ "$old_epoch" != "$new_epoch" ] || { echo "epoch not changed" >&2; exit 1; }

port=$((20000 + RANDOM % 20000))
java -jar target/tidings.jar --server.port=$port \
  --tidings.db.url="jdbc:postgresql://${PGHOST:-127.0.0.1}:${PGPORT:-5432}/$restored_db" \
  --tidings.db.username="${PGUSER:-postgres}" --tidings.uploads.dir="$work/uploads" \
  --tidings.jobs.dir="$work/jobs" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "localhost:$port/actuator/health" >/dev/null && break
  sleep 1
done
curl -fs "localhost:$port/actuator/health" >/dev/null || { echo "server did not start; see $work/server.log" >&2; exit 1; }
echo "OK: $copied messages, files identical, new epoch, server healthy on the copy ($restored_db, $work)"
