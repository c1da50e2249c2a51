#!/usr/bin/env bash
# Load test of the production stack on this machine (loopback only), bounded in time:
# gunicorn (WEB_WORKERS sync workers), PostgreSQL, Redis (cache and broker), one Celery worker,
# driven by Locust (bench/locustfile.py, headless) with a ramp of users, while one import
# (manage.py import_residents, 5,000 rows) and one impact report (POST /reports, on Celery) run.
# Then the resident list of one community alone through the full stack, against pgbench
# replaying that request's own SQL (bench/load_setup.py captures it): the ratio.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/shequ_bench_stats_city bench/load.sh
#   USERS=80 RAMP=0.7 DURATION=120 LIST_SECONDS=30 WEB_WORKERS=4 bench/load.sh
#
# The database must come from bench/generate.py (its name starts with shequ_bench).
# Everything it starts it stops (by pid). Figures and logs go to $OUT (/tmp/shequ-load).
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/shequ_bench_stats_city}
case "$DATABASE_URL" in */shequ_bench*) ;; *) echo "DATABASE_URL must name a shequ_bench* database"; exit 1;; esac
PORT=${PORT:-8765}
USERS=${USERS:-80}
RAMP=${RAMP:-0.7}
DURATION=${DURATION:-120}
LIST_USERS=${LIST_USERS:-8}
LIST_SECONDS=${LIST_SECONDS:-30}
WEB_WORKERS=${WEB_WORKERS:-4}
OUT=${OUT:-/tmp/shequ-load}
REDIS=${REDIS:-redis://127.0.0.1:6379}
PY=.venv/bin/python
LOCUST=${LOCUST:-.venv-load/bin/locust}

[ -x "$LOCUST" ] || make bench-venv
rm -rf "$OUT" && mkdir -p "$OUT/prom"
export DJANGO_SETTINGS_MODULE=config.settings SHEQU_LOG_FORMAT=json
export REDIS_URL="$REDIS/14" CELERY_BROKER_URL="$REDIS/15" PROMETHEUS_MULTIPROC_DIR="$OUT/prom"
export SHEQU_MEDIA_ROOT=${SHEQU_MEDIA_ROOT:-$OUT/media}
export SHEQU_LOAD_FIXTURE="$OUT/fixture.json"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== accounts and samples"
$PY bench/load_setup.py --out "$SHEQU_LOAD_FIXTURE" --pgbench-out "$OUT/residents-list.sql" 2>/dev/null

echo "== gunicorn ($WEB_WORKERS workers), Celery (1 worker), Redis $REDIS"
redis-cli -u "$REDIS" ping >/dev/null
.venv/bin/gunicorn config.wsgi -b "127.0.0.1:$PORT" -w "$WEB_WORKERS" --timeout 30 \
  --graceful-timeout 5 --access-logfile - >"$OUT/gunicorn.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A config worker -c 1 --loglevel=WARNING >"$OUT/celery.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 1; done
curl -s "http://127.0.0.1:$PORT/readyz"; echo

# the machine while the load runs: CPU (vmstat), waiting locks and what the backends wait for
vmstat 5 >"$OUT/vmstat.log" & pids+=($!)
top -b -d 5 -c -w 400 >"$OUT/top.log" & pids+=($!)
(
  while true; do
    psql "$DATABASE_URL" -Atc "SELECT now()::time(0), (SELECT count(*) FROM pg_locks WHERE NOT granted),
      coalesce((SELECT string_agg(w, ',') FROM (SELECT wait_event_type||':'||wait_event AS w FROM pg_stat_activity
      WHERE datname = current_database() AND state = 'active' AND wait_event IS NOT NULL) s), '-')" 2>/dev/null || true
    sleep 2
  done
) >"$OUT/pg-waits.log" & pids+=($!)
officer=$(.venv/bin/python -c "import json;f=json.load(open('$SHEQU_LOAD_FIXTURE'));print(f['officers'][0]['token'],f['officers'][0]['division'],f['import_file'],f['import_community'])")
read -r otoken odivision ifile icommunity <<<"$officer"
(
  sleep 15
  curl -s -X POST "http://127.0.0.1:$PORT/api/v1/reports" -H "Authorization: Bearer $otoken" \
    -H 'Content-Type: application/json' -d "{\"division\": \"$odivision\", \"period\": \"2026\"}" >"$OUT/report.json"
  sleep 10
  /usr/bin/time -f "import %e s" $PY manage.py import_residents "$ifile" --community "$icommunity" >"$OUT/import.log" 2>&1 || true
) & pids+=($!)

echo "== the mix: up to $USERS users (+$RAMP/s), $DURATION s"
"$LOCUST" -f bench/locustfile.py --headless -u "$USERS" -r "$RAMP" -t "${DURATION}s" \
  --host "http://127.0.0.1:$PORT" --csv "$OUT/mix" --csv-full-history --stop-timeout 10 \
  --only-summary >"$OUT/locust-mix.log" 2>&1 || true
wait "${pids[-1]}" 2>/dev/null || true
rid=$(.venv/bin/python -c "import json;print(json.load(open('$OUT/report.json')).get('id',''))" 2>/dev/null || true)
for _ in $(seq 1 60); do
  status=$(curl -s "http://127.0.0.1:$PORT/api/v1/reports/$rid" -H "Authorization: Bearer $otoken" |
    .venv/bin/python -c "import json,sys;print(json.load(sys.stdin).get('status'))" 2>/dev/null || echo "?")
  case "$status" in done|failed) break;; esac
  sleep 2
done
echo "report $rid: $status" >"$OUT/report-status.txt"

echo "== one community's resident list alone: $LIST_USERS users, $LIST_SECONDS s, then pgbench"
SHEQU_LOAD_ONLY=residents_list "$LOCUST" -f bench/locustfile.py --headless -u "$LIST_USERS" \
  -r "$LIST_USERS" -t "${LIST_SECONDS}s" --host "http://127.0.0.1:$PORT" --csv "$OUT/list" \
  --stop-timeout 5 --only-summary >"$OUT/locust-list.log" 2>&1 || true
pgbench -n -c "$LIST_USERS" -j 2 -T "$LIST_SECONDS" -f "$OUT/residents-list.sql" "$DATABASE_URL" \
  >"$OUT/pgbench.log" 2>&1 || true

$PY bench/load_report.py "$OUT"
