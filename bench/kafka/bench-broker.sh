#!/usr/bin/env bash
# A Kafka broker for the benchmark alone (same jars and settings as deploy/kafka, other ports,
# throw-away data), so the benchmark's tens of thousands of sales never land in the shared
# broker's topics, where every new consumer group of everyone's tests would re-read them, and
# other people's test traffic never lands in the benchmark's figures.
#   bench-broker.sh start   prints "<pid>" once the broker answers and the topics exist
#   bench-broker.sh stop    stops it and deletes its data
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${BENCH_KAFKA_PORT:-29092}"
CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-29093}"
DIR="${BENCH_KAFKA_DIR:-${TMPDIR:-/tmp}/gv-bench-kafka-$PORT}"
LIBS="${KAFKA_DIR:-$ROOT/.kafka}/libs"
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PID_FILE="$DIR/broker.pid"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

start() {
  if port_open; then echo "bench-broker: port $PORT already in use" >&2; exit 1; fi
  bash "$ROOT/deploy/kafka/kafka.sh" install >&2
  rm -rf "$DIR"; mkdir -p "$DIR/data" "$DIR/logs"
  sed -e "s#^log.dirs=.*##" \
      -e "s#127.0.0.1:19092#127.0.0.1:$PORT#g" \
      -e "s#127.0.0.1:19093#127.0.0.1:$CONTROLLER_PORT#g" \
      "$ROOT/deploy/kafka/server.properties" > "$DIR/server.properties"
  echo "log.dirs=$DIR/data" >> "$DIR/server.properties"
  local opts=(-Xms256m -Xmx768m -XX:+UseG1GC "-Dkafka.logs.dir=$DIR/logs" "-Dlog4j2.configurationFile=$ROOT/deploy/kafka/log4j2.properties")
  local cid; cid="$("$JAVA_BIN" "${opts[@]}" -cp "$LIBS/*" kafka.tools.StorageTool random-uuid)"
  "$JAVA_BIN" "${opts[@]}" -cp "$LIBS/*" kafka.tools.StorageTool format --standalone -t "$cid" -c "$DIR/server.properties" >/dev/null
  nohup "$JAVA_BIN" "${opts[@]}" -cp "$LIBS/*" kafka.Kafka "$DIR/server.properties" > "$DIR/broker.log" 2>&1 &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 120); do
    port_open && break
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then echo "bench-broker: exited during start:" >&2; tail -30 "$DIR/broker.log" >&2; exit 1; fi
    sleep 0.5
  done
  port_open || { echo "bench-broker: no answer on $PORT after 60 s" >&2; exit 1; }
  KAFKA_BROKERS="127.0.0.1:$PORT" node -r "$ROOT/tools/scripts/register.js" "$ROOT/deploy/kafka/create-topics.ts" >&2
  cat "$PID_FILE"
}

stop() {
  if [ -f "$PID_FILE" ]; then
    local pid; pid="$(cat "$PID_FILE")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
