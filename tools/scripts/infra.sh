#!/usr/bin/env bash
# Sourced by the project's entry scripts: installs what is missing, brings Kafka and PostgreSQL
# up, and stops the broker on exit if this script started it. Exports KAFKA_BROKERS and
# PG_SERVER_URL (the PostgreSQL server, without a database name).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash tools/scripts/ensure-deps.sh
infra_started_kafka=0
if ! bash deploy/kafka/kafka.sh status >/dev/null 2>&1; then infra_started_kafka=1; fi
infra_cleanup() { if [ "$infra_started_kafka" = 1 ]; then bash deploy/kafka/kafka.sh stop || true; fi; }
trap infra_cleanup EXIT
bash deploy/kafka/kafka.sh start
infra_db_url="$(bash deploy/postgres/postgres.sh start)"
export PG_SERVER_URL="${infra_db_url%/*}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:19092}"
