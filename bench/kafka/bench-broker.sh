#!/usr/bin/env bash
# A Kafka broker for the benchmark alone (deploy/kafka/kafka.sh with other ports and throw-away
# data), so the benchmark's tens of thousands of sales never land in the shared broker's topics,
# where every new consumer group of everyone's tests would re-read them, and other people's test
# traffic never lands in the benchmark's figures.
#   bench-broker.sh start   prints "<pid>" once the broker answers and the topics exist
#   bench-broker.sh stop    stops it and deletes its data
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export KAFKA_PORT="${BENCH_KAFKA_PORT:-29092}"
export KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-29093}"
export KAFKA_DATA_DIR="${BENCH_KAFKA_DIR:-${TMPDIR:-/tmp}/gv-bench-kafka-$KAFKA_PORT}"

case "${1:-}" in
  start)
    if bash "$ROOT/deploy/kafka/kafka.sh" status >/dev/null 2>&1; then
      echo "bench-broker: port $KAFKA_PORT already in use" >&2; exit 1
    fi
    rm -rf "$KAFKA_DATA_DIR"
    bash "$ROOT/deploy/kafka/kafka.sh" start >&2
    cat "$KAFKA_DATA_DIR/broker.pid"
    ;;
  stop)
    bash "$ROOT/deploy/kafka/kafka.sh" stop >&2
    rm -rf "$KAFKA_DATA_DIR"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
