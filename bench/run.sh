#!/usr/bin/env bash
# `npm run bench`: the end-to-end benchmark on this machine (docs/performance.md).
#   npm run bench                       full run (about 25 minutes; run it on a quiet machine)
#   BENCH_SMOKE=1 npm run bench         correctness of the harness only, tiny counts, < 2 minutes
#   BENCH_SCENARIOS=limit,throughput npm run bench
#   BENCH_UPDATE_DOCS=1 npm run bench   also rewrites the summary table of docs/performance.md
# Other knobs (bench/e2e/options.ts): BENCH_ACCOUNTS, BENCH_SETUP=http|direct, BENCH_WINDOW_S,
# BENCH_RATES, BENCH_SIM_LATENCIES, BENCH_BACKLOG, BENCH_IN_FLIGHT, BENCH_NOTE.
# Kafka: every stack gets topics of its own (<isolation>.guru.transactions.v1, …, deleted at its
# end). BENCH_KAFKA=dedicated (default for full runs) also starts a broker for the benchmark alone
# (bench/kafka/bench-broker.sh, port 29092, deleted afterwards), so other people's traffic on the
# shared broker is not in the figures; BENCH_KAFKA=shared (default for smoke) uses
# deploy/kafka/kafka.sh's broker (KAFKA_BROKERS, default 127.0.0.1:19092).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash tools/scripts/ensure-deps.sh
node tools/scripts/build.js

mode="${BENCH_KAFKA:-$([ "${BENCH_SMOKE:-0}" = 1 ] && echo shared || echo dedicated)}"

cleanup_cmds=()
cleanup() { for c in "${cleanup_cmds[@]}"; do eval "$c" || true; done; }
trap cleanup EXIT

if [ "$mode" = dedicated ]; then
  echo "bench: starting a dedicated Kafka broker (bench/kafka/bench-broker.sh)"
  cleanup_cmds+=("bash bench/kafka/bench-broker.sh stop")
  BENCH_KAFKA_PID="$(bash bench/kafka/bench-broker.sh start | tail -1)"
  export BENCH_KAFKA_PID
  export KAFKA_BROKERS="127.0.0.1:${BENCH_KAFKA_PORT:-29092}"
else
  if ! bash deploy/kafka/kafka.sh status >/dev/null 2>&1; then cleanup_cmds+=("bash deploy/kafka/kafka.sh stop"); fi
  bash deploy/kafka/kafka.sh start
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:19092}"
fi
export BENCH_KAFKA_MODE="$mode"

db_url="$(bash deploy/postgres/postgres.sh start)"
server="${db_url%/*}"
# A database of its own: the benchmark's schemas (dropped after each scenario) never mix with the
# services' or the tests'.
if ! psql "$server/postgres" -tAc "select 1 from pg_database where datname='guru_vhsys_bench'" | grep -q 1; then
  psql "$server/postgres" -qc "create database guru_vhsys_bench" >/dev/null
fi
export DATABASE_URL="${BENCH_DATABASE_URL:-$server/guru_vhsys_bench}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"

echo "bench: Kafka $KAFKA_BROKERS ($mode), PostgreSQL $DATABASE_URL, load $(cut -d' ' -f1-3 /proc/loadavg)"
node -r ./tools/scripts/register.js bench/e2e/main.ts
