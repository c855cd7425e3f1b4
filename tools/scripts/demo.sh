#!/usr/bin/env bash
# `npm run demo`: installs what is missing, brings up Kafka and PostgreSQL, runs the demo, and
# stops the broker again if this script started it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash tools/scripts/ensure-deps.sh
started_kafka=0
if ! bash deploy/kafka/kafka.sh status >/dev/null 2>&1; then started_kafka=1; fi
cleanup() { if [ "$started_kafka" = 1 ]; then bash deploy/kafka/kafka.sh stop || true; fi; }
trap cleanup EXIT
bash deploy/kafka/kafka.sh start
export DATABASE_URL="${DATABASE_URL:-$(bash deploy/postgres/postgres.sh start)}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:19092}"
node -r ./tools/scripts/register.js tools/demo/src/run-demo.ts
