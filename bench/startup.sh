#!/usr/bin/env bash
# Start-up benchmark: exec → first HTTP 200 on an authenticated, database-backed GET (/v3/deployments) and the
# resident set size right after it, over several runs per variant; prints the median and the range.
#
# usage: bench/startup.sh [-n runs] [variant ...]
#   a variant is  name=DIR_WITH_quarkus-run.jar[@JAVA_HOME][+AOT]   (a JVM start)
#            or   name=PATH_TO_NATIVE_EXECUTABLE                    (a native start)
#   "+AOT" adds -XX:AOTCache=app.aot from the same folder.
# Environment: BENCH_PROPS (extra -D options), BENCH_PORT (18089), DB_HOST/DB_PORT, JDK17/JDK25 (the two JDKs).
# With no variant: the fast jar in target/bench/jar and the AOT-cache jar in target/bench/aot (see the README,
# "Fast start on the JVM" for how to build both), plus NATIVE=<path> if set.
#
# The server runs the prod profile against the database cfdeploy_bench on DB_HOST:DB_PORT (created and migrated
# by the warm-up start), with the built-in issuer on (a throw-away signing key and user made here), so what is
# timed is what a cold replica does: boot, verify a token, query PostgreSQL, answer.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=10
if [[ ${1:-} == -n ]]; then RUNS=$2; shift 2; fi
JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
VARIANTS=("$@")
if [[ ${#VARIANTS[@]} -eq 0 ]]; then
  VARIANTS=("jar-jdk17=target/bench/jar@$JDK17" "jar-jdk25=target/bench/jar@$JDK25" "aot-jdk25=target/bench/aot@$JDK25+AOT")
  [[ -n ${NATIVE:-} ]] && VARIANTS+=("native=$NATIVE")
fi

WORK=$(mktemp -d)
PID=
trap '[[ -n $PID ]] && kill -9 $PID 2>/dev/null; rm -rf "$WORK"' EXIT
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
PASSWORD=bench-$RANDOM$RANDOM$RANDOM
PORT=${BENCH_PORT:-18089}
BASE=http://127.0.0.1:$PORT

PROPS=(-Dquarkus.http.port=$PORT
       "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://${DB_HOST:-127.0.0.1}:${DB_PORT:-5432}/cfdeploy_bench?connectTimeout=3&socketTimeout=30"
       -Dcfdeploy.database.create-if-missing=true
       -Dcfdeploy.blobstore.directory="$WORK/blobs"
       -Dcfdeploy.uaa.enabled=true -Dcfdeploy.uaa.signing-key-location="$WORK/key.pem"
       -Dcfdeploy.uaa.users.bench.password="$PASSWORD"
       -Dcfdeploy.uaa.users.bench.scopes=cloud_controller.admin,cloud_controller.read,cloud_controller.write
       -Dquarkus.log.level=WARN)
# BENCH_PROPS: more -D options for every start (e.g. to compare a setting).
read -r -a EXTRA <<< "${BENCH_PROPS:-}"
PROPS+=("${EXTRA[@]}")

command_for() { # variant → the command line, in CMD
  local spec=${1#*=} dir java aot=
  if [[ $spec == *+AOT ]]; then aot=1; spec=${spec%+AOT}; fi
  if [[ -f $spec && -x $spec ]]; then CMD=("$spec" "${PROPS[@]}"); return; fi
  dir=${spec%@*}; java=java
  [[ $spec == *@* ]] && java=${spec#*@}/bin/java
  [[ -f $dir/quarkus-run.jar ]] || { echo "no $dir/quarkus-run.jar (variant $1)" >&2; exit 2; }
  CMD=("$java")
  [[ -n $aot ]] && CMD+=("-XX:AOTCache=$dir/app.aot")
  CMD+=("${PROPS[@]}" -jar "$dir/quarkus-run.jar")
}

now_ms() { date +%s%3N; }

# One start: prints "<ms to first 200> <rss MiB>".
one_run() {
  local start code rss ms
  start=$(now_ms)
  "${CMD[@]}" > "$WORK/server.log" 2>&1 &
  PID=$!
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: bearer $TOKEN" "$BASE/v3/deployments" || true)
    [[ $code == 200 ]] && break
    if ! kill -0 $PID 2>/dev/null; then echo "server exited:" >&2; cat "$WORK/server.log" >&2; exit 1; fi
    if (( $(now_ms) - start > 60000 )); then echo "no 200 within 60 s (last $code)" >&2; exit 1; fi
    sleep 0.005
  done
  ms=$(( $(now_ms) - start ))
  rss=$(awk '/^VmRSS/ {printf "%.0f", $2/1024}' /proc/$PID/status)
  kill $PID; wait $PID 2>/dev/null || true; PID=
  echo "$ms $rss"
}

summary() { # numbers on stdin → "median (min–max)"
  sort -n | awk '{v[NR]=$1} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%g (%g–%g)", m, v[1], v[NR]}'
}

# Warm-up start (creates and migrates the database, fetches a token), untimed.
command_for "${VARIANTS[0]}"
"${CMD[@]}" > "$WORK/server.log" 2>&1 &
PID=$!
TOKEN=
for _ in $(seq 1 600); do
  TOKEN=$(curl -s -u cf: -d grant_type=password -d username=bench -d "password=$PASSWORD" "$BASE/oauth/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' || true)
  [[ -n $TOKEN ]] && break
  kill -0 $PID 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $TOKEN ]] || { echo "no token" >&2; exit 1; }
kill $PID; wait $PID 2>/dev/null || true; PID=

echo "cfdeploy start-up: exec → first 200 on GET /v3/deployments (authenticated, PostgreSQL), then RSS"
echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1024/1024}' /proc/meminfo), $RUNS runs per variant"
printf '%-12s %-28s %-24s %s\n' variant "time to first 200 ms" "RSS MiB" "java"
for variant in "${VARIANTS[@]}"; do
  command_for "$variant"
  : > "$WORK/results"
  for _ in $(seq 1 "$RUNS"); do one_run >> "$WORK/results"; done
  version=native
  [[ ${CMD[0]} == *java ]] && version=$("${CMD[0]}" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/')
  printf '%-12s %-28s %-24s %s\n' "${variant%%=*}" "$(cut -d' ' -f1 "$WORK/results" | summary)" \
    "$(cut -d' ' -f2 "$WORK/results" | summary)" "$version"
done
