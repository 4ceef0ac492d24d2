#!/usr/bin/env bash
# Performance benchmark (issue #15): the packaged server against what PostgreSQL itself allows, in one run.
#
# usage: bench/perf.sh            (after ./mvnw package -DskipTests; about 6 minutes of measured phases, plus the
#                                   server starts, the population and the capture, which grow with the machine's load)
# Environment:
#   SECONDS_PER_PHASE (15)  length of each measured wrk/pgbench phase
#   CONNECTIONS (16)        wrk connections and pgbench clients of the concurrent phases
#   APPS (300)              started apps populated through the API
#   CAPTURES (100)          apps whose create is captured and replayed; the creates phases use the same apps
#   ROLLOUTS (20)           rolling deployments of one-instance apps timed in the rollout phase
#   PROFILE=1               after the create phase and the GET deployment phase, the same load once more under JFR;
#                           prints their hottest frames (files kept in target/bench-perf/)
#   JFR_SETTINGS            PROFILE's JFR settings (name or .jfc file); unset: the JDK's defaults sampled every 10 ms
#   BENCH_PORT (18090)      the server's HTTP port
#   BENCH_PG_PORT (5499)    port of the private PostgreSQL cluster the benchmark runs (see below)
#   JAVA (java)             the JVM running target/quarkus-app/quarkus-run.jar
#   SERVER_OPTS             extra JVM options for the server (an A/B experiment: -Dquarkus.…=…)
#   WARMUP_SECONDS (10)     warm-up of each read path before the measured read phases (the JIT settles first)
#   READ_ROUNDS (3)         rounds of GET /v3/info, GET app, GET deployment; the table shows the median round
#   ONLY=reads              stop after the read phases and print their rows only (a quick A/B of a read path)
#
# PostgreSQL: the benchmark initdb's a private, throw-away cluster (the installed PostgreSQL's binaries, the same
# settings as the machine's cluster: fsync on, 128 MB shared buffers, autovacuum off) with pg_stat_statements
# preloaded, on BENCH_PG_PORT, and removes it at the end. So the shared cluster is neither restarted nor
# reconfigured, nothing but the server under test runs statements there, and its statements can be counted and
# logged (the creates' SQL is captured with log_statement=all for CAPTURES requests, parameters included, and
# replayed with pgbench, see bench/ReplayScript.java).
#
# Phases: populate (engine off) → reads → creates (16 connections, then 1) → pgbench replay (16, then 1) →
# restart with the rollout engine on → creates again → rollouts of one-instance apps (statements, transactions,
# server CPU, step latency). Prints one table with the ratios and the issue's targets.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SECS=${SECONDS_PER_PHASE:-15}
WARMUP=${WARMUP_SECONDS:-10}
CONN=${CONNECTIONS:-16}
APPS=${APPS:-300}
ROLLOUTS=${ROLLOUTS:-20}
PORT=${BENCH_PORT:-18090}
PGPORT=${BENCH_PG_PORT:-5499}
JAVA=${JAVA:-java}
BASE=http://127.0.0.1:$PORT
DB=cfdeploy_perf
STARTUP_TIME=1   # seconds a simulated instance is STARTING (cfdeploy.runtime.startup-time)

die() { echo "perf.sh: $*" >&2; exit 1; }
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ---- requirements -------------------------------------------------------------------------------------------
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
[[ -f $JAR ]] || die "no $JAR: build it first with ./mvnw -B package -DskipTests"
command -v wrk >/dev/null || die "wrk is missing: install it with  apt-get install -y wrk"
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[[ -x $PGBIN/initdb && -x $PGBIN/pgbench ]] \
  || die "PostgreSQL's server binaries (initdb, pgbench) are missing: apt-get install -y postgresql (or set PGBIN)"
[[ -f $(dirname "$PGBIN")/lib/pg_stat_statements.so ]] || die "pg_stat_statements is missing (postgresql-contrib)"
for c in curl openssl jcmd jfr awk; do command -v $c >/dev/null || die "$c is missing"; done

WORK=$(mktemp -d /tmp/cfdeploy-perf.XXXXXX)
OUT=$ROOT/target/bench-perf
mkdir -p "$OUT"
SERVER_PID=
PG_STARTED=
AS_PG=()
if [[ $(id -u) == 0 ]]; then AS_PG=(runuser -u postgres --); chown postgres "$WORK"; chmod 755 "$WORK"; fi

cleanup() {
  local rc=$?
  set +e
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null && sleep 1; kill -9 "$SERVER_PID" 2>/dev/null; fi
  if [[ -n $PG_STARTED ]]; then "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  [[ -f $WORK/server.log ]] && cp "$WORK/server.log" "$OUT/server.log"
  if (( rc != 0 )) && [[ -f $WORK/server.log ]]; then
    echo "--- last server log lines (all of it: $OUT/server.log) ---" >&2; tail -n 30 "$WORK/server.log" >&2
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the private PostgreSQL cluster ---------------------------------------------------------------------------
# pg_stat_statements tracks top-level statements only: what the server sent, not the foreign-key checks and
# cascades PostgreSQL runs inside them (track=all counted about 5 of those per rollout).
log "initdb of a private PostgreSQL cluster on port $PGPORT ($PGBIN)"
"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 --no-sync >/dev/null \
  || die "initdb failed"
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 \
  -c shared_buffers=128MB -c autovacuum=off -c max_connections=100 -c fsync=on \
  -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top -c pg_stat_statements.max=10000 \
  -c log_line_prefix='%m [%p] %q%u@%d ' -c log_min_messages=warning" start >/dev/null \
  || { cat "$WORK/pg.log" >&2; die "the private PostgreSQL cluster did not start (port $PGPORT taken? set BENCH_PG_PORT)"; }
PG_STARTED=1
"$PGBIN/pg_isready" -q -U postgres -h 127.0.0.1 -p "$PGPORT" || die "PostgreSQL on 127.0.0.1:$PGPORT is not up"
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres "$@"; }
sql() { echo >> "$WORK/sql-calls"; psql_ -d "$DB" -Atc "$1"; }
psql_ -d postgres -c "CREATE DATABASE $DB" >/dev/null
sql "CREATE EXTENSION pg_stat_statements" >/dev/null

# ---- the server ---------------------------------------------------------------------------------------------
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
PASSWORD=bench-$RANDOM$RANDOM$RANDOM
TOKEN=
start_server() { # $1 = rollout engine on (true/false)
  "$JAVA" -Dquarkus.http.port="$PORT" \
    "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:$PGPORT/$DB" \
    -Dquarkus.datasource.username=postgres \
    -Dcfdeploy.blobstore.directory="$WORK/blobs" -Dcfdeploy.blobstore.allow-temporary-directory=true \
    -Dcfdeploy.runtime.type=simulated -Dcfdeploy.runtime.startup-time=PT${STARTUP_TIME}S \
    -Dcfdeploy.router.enabled=false \
    -Dcfdeploy.rollout.enabled="$1" \
    -Dcfdeploy.uaa.enabled=true -Dcfdeploy.uaa.signing-key-location="$WORK/key.pem" \
    -Dcfdeploy.uaa.users.bench.password="$PASSWORD" \
    -Dcfdeploy.uaa.users.bench.scopes=cloud_controller.admin,cloud_controller.read,cloud_controller.write \
    -Dquarkus.log.level=WARN ${SERVER_OPTS:-} \
    -jar "$JAR" >> "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  local t
  for t in $(seq 1 600); do
    TOKEN=$(curl -s -u cf: -d grant_type=password -d username=bench -d "password=$PASSWORD" "$BASE/oauth/token" \
      | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' || true)
    [[ -n $TOKEN ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited at start"
    sleep 0.1
  done
  [[ -n $TOKEN ]] || die "no token from the server within 60 s"
  prime_jfr
}
stop_server() {
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
# CPU ticks so far of the benchmark cluster's processes (the postmaster and its children: the backends), and of the
# whole machine (user, nice, system and interrupt time), for the CPU split of a read phase.
pg_ticks() {
  local postmaster; postmaster=$(head -n 1 "$WORK/pg/postmaster.pid")
  awk -v pm="$postmaster" '$1 == pm || $4 == pm {t += $14 + $15} END {print t + 0}' /proc/[0-9]*/stat 2>/dev/null
}
machine_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }  # user, nice, system, irq, softirq
split_begin() { SPLIT_SERVER=$(cpu_ticks) SPLIT_PG=$(pg_ticks) SPLIT_MACHINE=$(machine_ticks); }
split_end() { # $1 = the phase just run (its wrk output) → $WORK/$1.cpu: where the machine's CPU went, per request
  local s p m n
  s=$(( $(cpu_ticks) - SPLIT_SERVER )) p=$(( $(pg_ticks) - SPLIT_PG )) m=$(( $(machine_ticks) - SPLIT_MACHINE ))
  n=$(awk '/requests in/ {print $1}' "$WORK/$1.wrk")
  awk -v s="$s" -v p="$p" -v m="$m" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { us = 1e6 / hz / n
    printf "server %.0f µs, PostgreSQL %.0f µs, the rest (wrk, kernel threads, others) %.0f µs of CPU per request\n",
      s * us, p * us, (m - s - p) * us }' > "$WORK/$1.cpu"
}
H() { echo "Authorization: bearer $TOKEN"; }
J='Content-Type: application/json'
guid_of() { sed -n 's/^{"guid":"\([^"]*\)".*/\1/p'; }

# ---- load generator helpers -----------------------------------------------------------------------------------
# wrk_run NAME CONNECTIONS SECONDS LUA [PATH]: runs wrk, keeps its output in $WORK/NAME.wrk, sets RPS, P50 (ms), BAD.
wrk_run() {
  local name=$1 c=$2 s=$3 lua=$4 path=${5:-/} threads=2
  (( c < 2 )) && threads=1
  wrk -t"$threads" -c"$c" -d"${s}s" --timeout 30s --latency -s "$lua" "$BASE$path" > "$WORK/$name.wrk" 2>&1 \
    || { cat "$WORK/$name.wrk" >&2; die "wrk failed ($name)"; }
  RPS=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$WORK/$name.wrk")
  P50=$(awk '$1 == "50%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                            f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f", v * f }' "$WORK/$name.wrk")
  AVG=$(awk '$1 == "Latency" && !done { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v); done = 1;
                            f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f", v * f }' "$WORK/$name.wrk")
  BAD=$(awk '/Non-2xx or 3xx responses:/ {print $NF} /Socket errors/ {sub(/^ */, ""); print}' "$WORK/$name.wrk" | paste -sd' ')
  BAD=${BAD:-0}
  log "$name: $RPS req/s, p50 $P50 ms, non-2xx: $BAD"
}

# A GET of random paths from a file, with the token.
lua_get() { # $1 = file of paths (one a line), $2 = lua file to write
  cat > "$2" <<LUA
local paths = {}
for line in io.lines("$1") do paths[#paths + 1] = line end
wrk.headers["Authorization"] = "bearer $TOKEN"
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
LUA
}

# POST /v3/deployments (rolling) for a random app of a file of app guids.
lua_create() { # $1 = file of app guids, $2 = lua file to write
  cat > "$2" <<LUA
local apps = {}
for line in io.lines("$1") do apps[#apps + 1] = line end
wrk.method = "POST"
wrk.headers["Authorization"] = "bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local app = apps[math.random(#apps)]
  return wrk.format("POST", "/v3/deployments", nil,
    '{"relationships":{"app":{"data":{"guid":"' .. app .. '"}}},"strategy":"rolling"}')
end
LUA
}

# PROFILE=1: after a measured phase, the same load again for SECS under JFR (its own phase, so that no measured
# number includes the recorder's start), then the hottest frames. JFR_SETTINGS: the JDK's default settings with
# Java code sampled every 10 ms (unset), or a settings name or file for JFR.start ("profile" adds allocations,
# locks and I/O at low thresholds).
profile_settings() {
  if [[ -n ${JFR_SETTINGS:-} ]]; then
    PROFILE_SETTINGS=$JFR_SETTINGS
    return
  fi
  local jdk
  jdk=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")
  sed 's|\(control="method-sampling-java-interval">\)[^<]*|\110 ms|' "$jdk/lib/jfr/default.jfc" > "$WORK/sampling.jfc"
  grep -q 'method-sampling-java-interval">10 ms' "$WORK/sampling.jfc" || die "no JFR default settings to adapt in $jdk"
  PROFILE_SETTINGS=$WORK/sampling.jfc
}
# The first recording in a JVM instruments JFR's event classes and throws away compiled code: the server then runs
# at a sixth of its speed and takes about a minute of load to recover (later recordings cost a few per cent). So with
# PROFILE=1 each server start records for a second, before its warm-ups, and the profiled phases find it recovered.
prime_jfr() {
  [[ ${PROFILE:-} == 1 ]] || return 0
  [[ -n ${PROFILE_SETTINGS:-} ]] || profile_settings
  jcmd "$SERVER_PID" JFR.start name=prime settings="$PROFILE_SETTINGS" >/dev/null
  sleep 1
  jcmd "$SERVER_PID" JFR.stop name=prime >/dev/null
}
profile_phase() { # NAME CONNECTIONS LUA
  [[ ${PROFILE:-} == 1 ]] || return 0
  jcmd "$SERVER_PID" JFR.start name="$1" settings="$PROFILE_SETTINGS" filename="$OUT/$1.jfr" >/dev/null
  wrk_run "profile-$1" "$2" "$SECS" "$3" >/dev/null
  jcmd "$SERVER_PID" JFR.stop name="$1" >/dev/null
  bench/jfr-top.sh "$OUT/$1.jfr" 20 > "$OUT/$1-top.txt"
  log "profile of $1: $OUT/$1.jfr, hottest frames in $OUT/$1-top.txt"
}

# ---- populate (rollout engine off) ------------------------------------------------------------------------------
log "starting the packaged server (prod profile, simulated runtime, rollout engine off)"
start_server false
ORG=$(curl -sf -H "$(H)" -H "$J" -d '{"name":"perf"}' "$BASE/v3/organizations" | guid_of)
SPACE=$(curl -sf -H "$(H)" -H "$J" -d '{"name":"perf","relationships":{"organization":{"data":{"guid":"'"$ORG"'"}}}}' \
  "$BASE/v3/spaces" | guid_of)
[[ -n $SPACE ]] || die "could not create the org and space"
head -c 1024 /dev/urandom > "$WORK/droplet.tgz"
populate_app() { # $1 = index → prints the app guid once it is started
  local h="Authorization: bearer $TOKEN" app drop
  app=$(curl -sf -H "$h" -H "$J" -d '{"name":"app-'"$1"'","relationships":{"space":{"data":{"guid":"'"$SPACE"'"}}}}' \
    "$BASE/v3/apps" | guid_of) || return 1
  drop=$(curl -sf -H "$h" -H "$J" -d '{"relationships":{"app":{"data":{"guid":"'"$app"'"}}},"process_types":{"web":"java Server.java"}}' \
    "$BASE/v3/droplets" | guid_of) || return 1
  curl -sf -o /dev/null -H "$h" -F bits=@"$WORK/droplet.tgz" "$BASE/v3/droplets/$drop/upload" || return 1
  curl -sf -o /dev/null -X PATCH -H "$h" -H "$J" -d '{"data":{"guid":"'"$drop"'"}}' \
    "$BASE/v3/apps/$app/relationships/current_droplet" || return 1
  curl -sf -o /dev/null -X POST -H "$h" "$BASE/v3/apps/$app/actions/start" || return 1
  echo "$app"
}
export -f populate_app guid_of
export TOKEN SPACE BASE J WORK
log "populating $APPS started apps through the API (org, space, app, droplet + bits, current droplet, start)"
t0=$(date +%s)
# (in the background and waited for, so that Ctrl-C and SIGTERM end the run at once)
seq 1 "$APPS" | xargs -P 8 -I{} bash -c 'populate_app {}' > "$WORK/apps.txt" &
wait $! || die "populating failed"
(( $(wc -l < "$WORK/apps.txt") == APPS )) || die "only $(wc -l < "$WORK/apps.txt") of $APPS apps were populated"
log "populated in $(( $(date +%s) - t0 )) s"

# ---- reads ------------------------------------------------------------------------------------------------------
# Ten finalized deployments to read (with the engine off a read steps a moving deployment; these have finished).
head -n 10 "$WORK/apps.txt" > "$WORK/read-apps.txt"
: > "$WORK/deployment-paths.txt"
while read -r app; do
  d=$(curl -sf -H "$(H)" -H "$J" -d '{"relationships":{"app":{"data":{"guid":"'"$app"'"}}},"strategy":"rolling"}' \
    "$BASE/v3/deployments" | guid_of)
  [[ -n $d ]] || die "could not create a deployment"
  echo "/v3/deployments/$d" >> "$WORK/deployment-paths.txt"
done < "$WORK/read-apps.txt"
for t in $(seq 1 100); do
  pending=0
  while read -r p; do
    curl -sf -H "$(H)" "$BASE$p" | grep -q '"value":"FINALIZED"' || pending=1
  done < "$WORK/deployment-paths.txt"
  (( pending == 0 )) && break
  sleep 0.5
done
(( pending == 0 )) || die "the deployments to read did not finalize"
sed 's|^|/v3/apps/|' "$WORK/apps.txt" > "$WORK/app-paths.txt"
echo /v3/info > "$WORK/info-paths.txt"
echo / > "$WORK/root-paths.txt"
for r in info root app deployment; do lua_get "$WORK/$r-paths.txt" "$WORK/get-$r.lua"; done

ROUNDS=${READ_ROUNDS:-3}
log "reads: warm-up, then $ROUNDS rounds of $SECS s each at $CONN connections"
for r in info root app deployment; do wrk_run "warm-$r" "$CONN" "$WARMUP" "$WORK/get-$r.lua" >/dev/null; done
wrk_run get-root "$CONN" "$SECS" "$WORK/get-root.lua"; ROOT_RPS=$RPS ROOT_P50=$P50 ROOT_BAD=$BAD
# Each round measures /v3/info and the two shows back to back, so each round's ratios compare phases a few seconds
# apart; the table gives the median round (what the machine did meanwhile moves single phases by ±15 %).
sql "SELECT pg_stat_statements_reset()" >/dev/null
: > "$WORK/read-rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  split_begin
  wrk_run "get-info-$round" "$CONN" "$SECS" "$WORK/get-info.lua"; I=$RPS IP=$P50 IB=$BAD
  split_end "get-info-$round"
  wrk_run "get-app-$round" "$CONN" "$SECS" "$WORK/get-app.lua"; A=$RPS AP=$P50 AB=$BAD
  split_begin
  wrk_run "get-deployment-$round" "$CONN" "$SECS" "$WORK/get-deployment.lua"; D=$RPS DP=$P50 DB_=$BAD
  split_end "get-deployment-$round"
  echo "$I $IP ${IB// /_} $A $AP ${AB// /_} $D $DP ${DB_// /_}" >> "$WORK/read-rounds.txt"
done
# the median round by each ratio: requests/s, p50 and non-2xx of that round
median_round() { # $1 = column of the show's req/s (4 app, 7 deployment) → that round's line
  awk -v c="$1" '{print $c / $1, $0}' "$WORK/read-rounds.txt" | sort -n | awk -v n="$ROUNDS" 'NR == int((n + 1) / 2) {$1 = ""; print}'
}
read -r INFO_RPS INFO_P50 INFO_BAD APP_RPS APP_P50 APP_BAD _ _ _ <<< "$(median_round 4)"
read -r DEP_INFO_RPS DEP_INFO_P50 _ _ _ _ DEP_RPS DEP_P50 DEP_BAD <<< "$(median_round 7)"
APP_INFO_RPS=$INFO_RPS
cp "$WORK/read-rounds.txt" "$OUT/read-rounds.txt"
DEP_CPU=$(cat "$WORK/get-deployment-$ROUNDS.cpu") INFO_CPU=$(cat "$WORK/get-info-$ROUNDS.cpu")
log "CPU in round $ROUNDS: GET /v3/info: $INFO_CPU; GET deployment: $DEP_CPU"
# What PostgreSQL ran during the rounds: the statements the GETs send, and how long each took to execute there.
sql "SELECT calls, round((total_exec_time / calls)::numeric * 1000) || ' us', left(regexp_replace(query, '\s+', ' ', 'g'), 90)
  /* bench-reads */ FROM pg_stat_statements WHERE query NOT LIKE '%bench-%' ORDER BY calls DESC LIMIT 5" \
  | sed 's/^/  /' > "$OUT/reads-sql.txt"
log "statements during the read rounds (calls | mean execution | query):"$'\n'"$(cat "$OUT/reads-sql.txt")"
profile_phase get-deployment "$CONN" "$WORK/get-deployment.lua"
if [[ ${ONLY:-} == reads ]]; then
  awk -v d="$DEP_RPS" -v di="$DEP_INFO_RPS" -v a="$APP_RPS" -v ai="$APP_INFO_RPS" -v o="${SERVER_OPTS:-}" 'BEGIN {
    printf "reads only (SERVER_OPTS=%s), median rounds: GET deployment %d vs %d, GET app %d vs %d /v3/info req/s: ratios %.2f / %.2f\n",
      o, d, di, a, ai, d / di, a / ai }' | tee "$OUT/reads.txt"
  echo "CPU in round $ROUNDS: GET /v3/info: $INFO_CPU; GET deployment: $DEP_CPU" | tee -a "$OUT/reads.txt"
  exit 0
fi

# ---- creates (rollout engine off) -------------------------------------------------------------------------------
CAPTURES=${CAPTURES:-100}
(( CAPTURES > APPS )) && CAPTURES=$APPS
head -n "$CAPTURES" "$WORK/apps.txt" > "$WORK/capture-apps.txt"
# Every request creates a rolling deployment of a random app of the CAPTURES apps, the apps the replay's scripts
# create for (so both sides contend for the same app rows alike); each app keeps one active deployment (a new one
# supersedes it, as in CAPI), so after the warm-up every create is the steady-state create: it supersedes the
# app's previous deployment. With the engine off nothing rolls out; only the create is measured.
lua_create "$WORK/capture-apps.txt" "$WORK/create.lua"
log "creates: warm-up"
wrk_run warm-create "$CONN" 5 "$WORK/create.lua" >/dev/null

# Capture creates' SQL with their parameters: log_statement=all while the CAPTURES apps get one create each (only
# the server under test uses this cluster), a marker statement between two creates. Each capture app first gets
# an unlogged create, so the captured one supersedes an active deployment, as every create of the steady state.
create_once() { curl -sf -o /dev/null -H "Authorization: bearer $TOKEN" -H "$J" \
  -d '{"relationships":{"app":{"data":{"guid":"'"$1"'"}}},"strategy":"rolling"}' "$BASE/v3/deployments"; }
export -f create_once
xargs -P 4 -I{} bash -c 'create_once {}' < "$WORK/capture-apps.txt" || die "a create failed"
"$PGBIN/pg_dump" -h 127.0.0.1 -p "$PGPORT" -U postgres --data-only "$DB" > "$WORK/known.sql"
log "capturing the SQL of $CAPTURES creates (log_statement=all)"
psql_ -d postgres -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1
LOG_FROM=$(wc -c < "$WORK/pg.log")
while read -r app; do
  sql "SELECT 'bench-marker'" >/dev/null
  create_once "$app" || die "a captured create failed"
done < "$WORK/capture-apps.txt"
sql "SELECT 'bench-marker'" >/dev/null
psql_ -d postgres -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
tail -c +"$((LOG_FROM + 1))" "$WORK/pg.log" > "$WORK/capture.log"
cp "$WORK/capture.log" "$OUT/create-capture.log"
# table, id, guid of every row with both (the ids the captured inserts returned)
sql "$(sql "SELECT string_agg(format('SELECT %L, id, guid FROM %I', c.table_name, c.table_name), ' UNION ALL ')
  FROM information_schema.columns c JOIN information_schema.columns i ON i.table_schema = c.table_schema
  AND i.table_name = c.table_name AND i.column_name = 'id' WHERE c.table_schema = 'public' AND c.column_name = 'guid'")" \
  | tr '|' '\t' > "$WORK/ids.txt"
CREATE_SQL=$("$JAVA" bench/ReplayScript.java "$WORK/capture.log" "$DB" "$WORK/known.sql" "$WORK/ids.txt" "$WORK/replay") \
  || die "could not make the replay scripts"
cp "$WORK/replay/replay-1.sql" "$OUT/create-replay.sql"
log "a create: $CREATE_SQL (one of them: $OUT/create-replay.sql)"

log "creates: $SECS s at $CONN connections, then $SECS s at 1"
wrk_run create "$CONN" "$SECS" "$WORK/create.lua"; CREATE_RPS=$RPS CREATE_P50=$P50 CREATE_BAD=$BAD
profile_phase create "$CONN" "$WORK/create.lua"
wrk_run create-1 1 "$SECS" "$WORK/create.lua"; CREATE1_RPS=$RPS CREATE1_P50=$P50 CREATE1_BAD=$BAD CREATE1_AVG=$AVG
stop_server

# ---- the pgbench replay of the creates' SQL, on a copy of the same database ---------------------------------------
# A copy, so the replayed rows (new active deployments the server never saw) do not reach the next phases.
psql_ -d postgres -c "CREATE DATABASE ${DB}_replay TEMPLATE $DB" >/dev/null
REPLAY_FILES=()
for f in "$WORK"/replay/replay-*.sql; do REPLAY_FILES+=(-f "$f"); done
pgbench_run() { # NAME CLIENTS [SECONDS] → TPS, LAT (ms, average)
  "$PGBIN/pgbench" -n -M simple -h 127.0.0.1 -p "$PGPORT" -U postgres -c "$2" -j "$(( $2 < 2 ? 1 : 2 ))" -T "${3:-$SECS}" \
    "${REPLAY_FILES[@]}" "${DB}_replay" > "$WORK/$1.pgbench" 2>&1 || { cat "$WORK/$1.pgbench" >&2; die "pgbench failed ($1)"; }
  TPS=$(awk '/^tps = / {printf "%.0f", $3}' "$WORK/$1.pgbench")
  LAT=$(awk '/^latency average = / {printf "%.2f", $4}' "$WORK/$1.pgbench")
  FAILED=$(awk '/^number of failed transactions:/ {print $5}' "$WORK/$1.pgbench")
  log "$1: $TPS tx/s, latency average $LAT ms, failed: ${FAILED:-0}"
}
log "pgbench replay of the captured creates: $SECS s at $CONN clients, then $SECS s at 1"
pgbench_run replay-warm "$CONN" 3 >/dev/null
pgbench_run replay "$CONN"; REPLAY_TPS=$TPS REPLAY_LAT=$LAT
pgbench_run replay-1 1; REPLAY1_TPS=$TPS REPLAY1_LAT=$LAT
psql_ -d postgres -c "DROP DATABASE ${DB}_replay" >/dev/null

# ---- the rollout engine on ---------------------------------------------------------------------------------------
# At start the engine resumes every active deployment (one per app from the phases before); wait for them.
POLLS=0
active() { POLLS=$((POLLS + 1)); sql "SELECT count(*) /* bench-poll */ FROM deployments WHERE state IN ('DEPLOYING', 'PREPAUSED', 'CANCELING')"; }
wait_quiet() { # $1 = what for
  local t n
  for t in $(seq 1 600); do
    n=$(active)
    (( t == 1 )) && log "$1: $n deployments moving"
    [[ $n == 0 ]] && return 0
    (( t % 20 == 0 )) && log "$1: $n deployments still moving"
    sleep 0.5
  done
  die "deployments still moving after 300 s ($1)"
}
log "restarting the server with the rollout engine on"
start_server true
wait_quiet "resuming the active deployments"
log "creates with the engine on (each also rolls out): warm-up, then $SECS s at $CONN connections"
wrk_run warm-create-engine "$CONN" 5 "$WORK/create.lua" >/dev/null
wrk_run create-engine "$CONN" "$SECS" "$WORK/create.lua"; ENGINE_RPS=$RPS ENGINE_P50=$P50 ENGINE_BAD=$BAD
wait_quiet "the rollouts of those creates"

# ---- rollouts of one-instance apps --------------------------------------------------------------------------------
# ROLLOUTS rolling deployments, created one after the other, each of an app with one started web instance, until
# every one is FINALIZED. Statements: pg_stat_statements' calls in this database (BEGIN/COMMIT/ROLLBACK apart if
# listed, and this script's own statements left out); transactions: pg_stat_database's commits and rollbacks
# minus this script's own; CPU: the server's utime + stime.
# Step latency: FINALIZED (the deployment's status_updated_at) minus the moment the new instance turned
# routable (its started_at + the simulated start-up time).
tail -n "$ROLLOUTS" "$WORK/apps.txt" > "$WORK/rollout-apps.txt"
statements() { sql "SELECT coalesce(sum(calls), 0) /* bench-stmts */ FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
  WHERE d.datname = '$DB' AND s.query NOT LIKE '%bench-%' AND s.query !~* '^\s*(begin|commit|rollback|start transaction)'"; }
# PostgreSQL 15 publishes a backend's transaction counts when it has been idle a while (at most 10 s later): the
# reading waits for that. Every psql call of this script counts two transactions (the connection's start and the
# statement), counted in $WORK/sql-calls.
commits() { : > "$WORK/sql-calls"; sql "SELECT xact_commit + xact_rollback /* bench-tx */ FROM pg_stat_database WHERE datname = '$DB'"; }
log "rollouts: $ROLLOUTS rolling deployments of one-instance apps"
S0=$(statements); X0=$(commits); C0=$(cpu_ticks)
: > "$WORK/rollouts.txt"
while read -r app; do
  body=$(curl -s -w '\n%{http_code}' -H "$(H)" -H "$J" \
    -d '{"relationships":{"app":{"data":{"guid":"'"$app"'"}}},"strategy":"rolling"}' "$BASE/v3/deployments")
  [[ ${body##*$'\n'} == 201 ]] || die "a rollout's create failed: $body"
  echo "${body%$'\n'*}" | guid_of >> "$WORK/rollouts.txt"
done < "$WORK/rollout-apps.txt"
IN=$(sed "s/.*/'&'/" "$WORK/rollouts.txt" | paste -sd,)
for t in $(seq 1 600); do
  n=$(sql "SELECT count(*) /* bench-poll */ FROM deployments WHERE guid IN ($IN) AND status_value = 'FINALIZED'")
  (( n == ROLLOUTS )) && break
  sleep 0.2
done
(( n == ROLLOUTS )) || die "the rollouts did not finalize within 120 s"
S1=$(statements); C1=$(cpu_ticks)
sleep 11
OWN=$(( 2 * $(wc -l < "$WORK/sql-calls") ))  # this script's own transactions since the first reading, included
X1=$(commits)
HZ=$(getconf CLK_TCK)
ROLL_STMTS=$(awk -v a="$S0" -v b="$S1" -v n="$ROLLOUTS" 'BEGIN {printf "%.1f", (b - a) / n}')
ROLL_TX=$(awk -v a="$X0" -v b="$X1" -v o="$OWN" -v n="$ROLLOUTS" 'BEGIN {printf "%.1f", (b - a - o) / n}')
ROLL_CPU=$(awk -v a="$C0" -v b="$C1" -v n="$ROLLOUTS" -v hz="$HZ" 'BEGIN {printf "%.1f", (b - a) * 1000 / hz / n}')
sql "SELECT round(extract(epoch FROM d.status_updated_at - (i.started_at + interval '$STARTUP_TIME seconds')) * 1000)
  /* bench-step */ FROM deployments d JOIN processes p ON p.guid = d.deploying_web_process_guid
  JOIN process_instances i ON i.process_id = p.id WHERE d.guid IN ($IN)" | sort -n > "$WORK/steps.txt"
STEP=$(awk '{v[NR] = $1} END {printf "median %s ms (%s–%s)", v[int((NR + 1) / 2)], v[1], v[NR]}' "$WORK/steps.txt")
log "rollouts: $ROLL_STMTS statements, $ROLL_TX transactions, $ROLL_CPU ms server CPU per deployment; step latency $STEP"
stop_server

# ---- the table ----------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {ok = (op == ">=") ? v >= t : v <= t; print ok ? "pass" : "FAIL"}'; }
R_CREATE=$(ratio "$CREATE_RPS" "$REPLAY_TPS")
R_ENGINE=$(ratio "$ENGINE_RPS" "$REPLAY_TPS")
R_SINGLE=$(ratio "$CREATE1_AVG" "$REPLAY1_LAT")
R_DEP=$(ratio "$DEP_RPS" "$DEP_INFO_RPS")
R_APP=$(ratio "$APP_RPS" "$APP_INFO_RPS")
R_ROOT=$(ratio "$ROOT_RPS" "$INFO_RPS")
bad() { [[ $1 == 0 ]] && return; echo " (${1//_/ } non-2xx!)"; }
{
echo
echo "cfdeploy performance, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores,"
echo "$("$JAVA" -version 2>&1 | head -1), $("$PGBIN/postgres" --version), $APPS started apps, $CONN connections, $SECS s a phase"
echo "a create's SQL: $CREATE_SQL"
echo
echo "| path | cfdeploy | the same work without us, same run | ratio | target |"
echo "|---|---|---|---|---|"
echo "| \`POST /v3/deployments\` (rolling, engine off) | $CREATE_RPS req/s, p50 $CREATE_P50 ms$(bad "$CREATE_BAD") | pgbench replay of its SQL: $REPLAY_TPS tx/s | $R_CREATE | ≥ 0.5 $(verdict "$R_CREATE" ">=" 0.5) |"
echo "| … with the engine on (each create also rolls out) | $ENGINE_RPS req/s, p50 $ENGINE_P50 ms$(bad "$ENGINE_BAD") | | $R_ENGINE | |"
echo "| one create at a time | $CREATE1_AVG ms each (p50 $CREATE1_P50)$(bad "$CREATE1_BAD") | the replay alone: $REPLAY1_LAT ms | $R_SINGLE× | ≤ 3× $(verdict "$R_SINGLE" "<=" 3) |"
echo "| \`GET /v3/deployments/:guid\` | $DEP_RPS req/s, p50 $DEP_P50 ms$(bad "$DEP_BAD") | \`GET /v3/info\` (no token, no database), same round: $DEP_INFO_RPS req/s, p50 $DEP_INFO_P50 ms | $R_DEP | ≥ 0.3 $(verdict "$R_DEP" ">=" 0.3) |"
echo "| \`GET /v3/apps/:guid\` | $APP_RPS req/s, p50 $APP_P50 ms$(bad "$APP_BAD") | \`GET /v3/info\`, same round: $APP_INFO_RPS req/s | $R_APP | ≥ 0.3 $(verdict "$R_APP" ">=" 0.3) |"
echo "| \`GET /\` | $ROOT_RPS req/s, p50 $ROOT_P50 ms$(bad "$ROOT_BAD") | | $R_ROOT | |"
echo "| rolling deployment of a one-instance app, create → FINALIZED ($ROLLOUTS) | $ROLL_STMTS statements in $ROLL_TX transactions, $ROLL_CPU ms server CPU; step latency $STEP | | | ≤ 25 statements $(verdict "$ROLL_STMTS" "<=" 25) |"
echo
echo "CPU per request in the last read round (from /proc): \`GET /v3/info\`: $INFO_CPU; \`GET /v3/deployments/:guid\`: $DEP_CPU"
echo
} | tee "$OUT/table.md"
if [[ ${PROFILE:-} == 1 ]]; then
  echo "profiles: $OUT/create.jfr, $OUT/get-deployment.jfr; hottest frames: $OUT/create-top.txt, $OUT/get-deployment-top.txt"
fi
