#!/usr/bin/env bash
# Runs a real single-node Apache Kafka (KRaft) on 127.0.0.1 from Maven Central jars.
#   kafka.sh install   resolve the broker jars into $KAFKA_DIR/libs (once)
#   kafka.sh start     idempotent: reuses a running broker, waits until it answers, creates topics
#   kafka.sh stop      clean shutdown of the broker this script started
#   kafka.sh status
# Another broker beside the default one (the benchmark's): KAFKA_PORT, KAFKA_CONTROLLER_PORT and
# KAFKA_DATA_DIR (its data, logs and pid file); the jars stay in $KAFKA_DIR/libs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KAFKA_DIR="${KAFKA_DIR:-$ROOT/.kafka}"
DATA_DIR="${KAFKA_DATA_DIR:-$KAFKA_DIR}"
HOST=127.0.0.1
PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
CONF_SRC="$ROOT/deploy/kafka"
PID_FILE="$DATA_DIR/broker.pid"
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

install() {
  if [ -f "$KAFKA_DIR/libs/.complete" ]; then return 0; fi
  echo "kafka: resolving broker jars from Maven Central into $KAFKA_DIR/libs"
  mkdir -p "$KAFKA_DIR/libs"
  mvn -q -B -f "$CONF_SRC/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_DIR/libs" -DincludeScope=runtime
  touch "$KAFKA_DIR/libs/.complete"
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  if port_open; then
    echo "kafka: broker already answering on $HOST:$PORT (reused)"
  else
    install
    mkdir -p "$DATA_DIR/data" "$DATA_DIR/logs"
    sed -e "s#^log.dirs=.*##" \
        -e "s#127.0.0.1:19092#$HOST:$PORT#g" \
        -e "s#127.0.0.1:19093#$HOST:$CONTROLLER_PORT#g" \
        "$CONF_SRC/server.properties" > "$DATA_DIR/server.properties"
    echo "log.dirs=$DATA_DIR/data" >> "$DATA_DIR/server.properties"
    local opts=(-Xms256m -Xmx768m -XX:+UseG1GC "-Dkafka.logs.dir=$DATA_DIR/logs"
      "-Dlog4j2.configurationFile=$CONF_SRC/log4j2.properties")
    if [ ! -f "$DATA_DIR/data/meta.properties" ]; then
      local cid; cid="$("$JAVA_BIN" "${opts[@]}" -cp "$KAFKA_DIR/libs/*" kafka.tools.StorageTool random-uuid)"
      "$JAVA_BIN" "${opts[@]}" -cp "$KAFKA_DIR/libs/*" kafka.tools.StorageTool format --standalone \
        -t "$cid" -c "$DATA_DIR/server.properties" >/dev/null
    fi
    echo "kafka: starting broker on $HOST:$PORT"
    nohup "$JAVA_BIN" "${opts[@]}" -cp "$KAFKA_DIR/libs/*" kafka.Kafka "$DATA_DIR/server.properties" \
      > "$DATA_DIR/broker.log" 2>&1 &
    echo $! > "$PID_FILE"
    for _ in $(seq 1 120); do
      port_open && break
      if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
        echo "kafka: broker exited during start; last log lines:" >&2; tail -30 "$DATA_DIR/broker.log" >&2; exit 1
      fi
      sleep 0.5
    done
    port_open || { echo "kafka: broker did not open $HOST:$PORT in 60s" >&2; exit 1; }
  fi
  # Readiness is a real metadata round trip plus the project's topics, not just an open port.
  KAFKA_BROKERS="$HOST:$PORT" node -r "$ROOT/tools/scripts/register.js" "$ROOT/deploy/kafka/create-topics.ts"
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    echo "kafka: stopping broker (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { echo "kafka: forcing stop"; kill -9 "$pid"; }
    rm -f "$PID_FILE"
  else
    echo "kafka: no broker started by this script is running"
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) if port_open; then echo "kafka: up on $HOST:$PORT"; else echo "kafka: down"; exit 1; fi ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
