#!/usr/bin/env bash
# `npm test`: installs what is missing, brings up Kafka (Maven Central jars) and PostgreSQL,
# type-checks, runs the unit tests, then the integration tests against the real infrastructure.
# Stops the broker afterwards if this script started it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash tools/scripts/ensure-deps.sh

started_kafka=0
if ! bash deploy/kafka/kafka.sh status >/dev/null 2>&1; then started_kafka=1; fi
cleanup() { if [ "$started_kafka" = 1 ]; then bash deploy/kafka/kafka.sh stop || true; fi; }
trap cleanup EXIT
bash deploy/kafka/kafka.sh start
db_url="$(bash deploy/postgres/postgres.sh start)"

export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:19092}"
export DATABASE_URL="${DATABASE_URL:-${db_url%/*}/guru_vhsys_test}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"

echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
echo "== unit tests"
npx jest --selectProjects unit --ci
echo "== integration tests (Kafka $KAFKA_BROKERS, PostgreSQL ${DATABASE_URL})"
npx jest --selectProjects integration --ci --runInBand --forceExit
