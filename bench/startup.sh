#!/usr/bin/env bash
# Time from process start to a command's first useful output, three runs each (issue: "start fast").
# Needs the packaged jars (mvn -B package -DskipTests). Starts `demo --serve` on spare ports for Kafka and the
# registry, seeds an H2 file database for `run`, prints one line per command and run, then a median per command.
# Usage: bash bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
JAR=target/wla-bridge.jar
DEMO=target/wla-bridge-demo.jar
WORK=$(mktemp -d)
trap 'kill $SERVE 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
[ -f "$JAR" ] && [ -f "$DEMO" ] || { echo "bench/startup.sh: build first: mvn -B package -DskipTests" >&2; exit 1; }

# the embedded Kafka and registry of the demo, on ports of their own
java -jar "$DEMO" demo --serve --kafka-port=19092 --registry-port=18081 --issuer-port=18082 \
  --wla.http.port=18080 --wla.management.port=19876 > "$WORK/serve.out" 2> "$WORK/serve.err" &
SERVE=$!
for _ in $(seq 1 120); do grep -q 'token' "$WORK/serve.out" 2>/dev/null && break; sleep 1; done

# an H2 file database with today's sample rows for `run`
TODAY=$(date +%F)
cat > "$WORK/seed.sql" <<SQL
CREATE TABLE IF NOT EXISTS timetravel_mapping (system_id VARCHAR(64) NOT NULL, environment VARCHAR(16) NOT NULL,
  valid_on DATE NOT NULL, tt_date_today VARCHAR(10), tt_date_tomorrow VARCHAR(10), PRIMARY KEY (system_id, environment, valid_on));
DELETE FROM timetravel_mapping;
INSERT INTO timetravel_mapping VALUES ('CLAIMS', 'ACC', DATE '$TODAY', '2030-01-01', '2030-01-08');
SQL
# one deviating row per earlier day as well: each "first record" run below sends a new event (a run date of its own)
for d in $(seq 1 "$RUNS"); do
  echo "INSERT INTO timetravel_mapping VALUES ('CLAIMS', 'ACC', DATE '$(date -d "-$d day" +%F)', '2030-01-01', '2030-01-08');" >> "$WORK/seed.sql"
done
COMMON=(--wla.kafka.bootstrap-servers=127.0.0.1:19092 --wla.registry.url=http://127.0.0.1:18081
        "--wla.datasource.url=jdbc:h2:file:$WORK/db;INIT=RUNSCRIPT FROM '$WORK/seed.sql'" --wla.datasource.username=sa)

ms() { date +%s%3N; }
# time until the first line matching $1 appears on stdout or stderr of the rest of the command line
first() {
  local pattern=$1; shift
  local start; start=$(ms)
  "$@" 2>&1 | while IFS= read -r line; do
    if [[ $line =~ $pattern ]]; then echo $(( $(ms) - start )); break; fi
  done
}
declare -A TIMES
measure() {
  local name=$1 pattern=$2; shift 2
  for i in $(seq 1 "$RUNS"); do
    t=$(first "$pattern" "$@" || true)
    echo "STARTUP $name run=$i ms=${t:-none}"
    TIMES[$name]+="${t:-0} "
  done
}
measure help '^usage: wla-bridge' java ${JAVA_OPTS:-} -jar "$JAR" --help
measure version '^wla-bridge ' java ${JAVA_OPTS:-} -jar "$JAR" --version
measure export 'confluent_kafka_topic' java ${JAVA_OPTS:-} -jar "$JAR" export terraform "${COMMON[@]}"
measure check '^(OK|FAIL) +configuration' java ${JAVA_OPTS:-} -jar "$JAR" check "${COMMON[@]}"
measure run-started 'run .* started' java ${JAVA_OPTS:-} -jar "$JAR" run timetravel-daily "${COMMON[@]}" --wla.job.progress-interval-ms=0
measure run-summary '^job=timetravel-daily' java ${JAVA_OPTS:-} -jar "$JAR" run timetravel-daily "${COMMON[@]}"
# `run` to its first record on Kafka: the record's CreateTime (the producer's clock at send) minus the process start,
# read back with kcat (a client we did not write), read_committed
NAMES=(help version export check run-started run-summary)
if command -v kcat > /dev/null; then
  NAMES+=(run-first-record)
  for i in $(seq 1 "$RUNS"); do
    start=$(ms)
    java ${JAVA_OPTS:-} -jar "$JAR" run timetravel-daily "${COMMON[@]}" --wla.job.run-date="$(date -d "-$i day" +%F)" \
      > "$WORK/run.out" 2>&1 || { echo "STARTUP run-first-record run=$i failed:"; tail -3 "$WORK/run.out"; continue; }
    created=$(kcat -C -b 127.0.0.1:19092 -t acc.timetravel.deviations -X isolation.level=read_committed -o -5 -e -q -f '%T\n' | tail -1)
    t=$(( created - start ))
    echo "STARTUP run-first-record run=$i ms=$t"
    TIMES[run-first-record]+="$t "
  done
else
  echo "STARTUP run-first-record skipped: kcat is not installed (apt-get install kcat)"
fi
for name in "${NAMES[@]}"; do
  median=$(echo ${TIMES[$name]} | tr ' ' '\n' | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  echo "RESULT $name median_ms=$median"
done
