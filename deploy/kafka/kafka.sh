#!/usr/bin/env bash
# Runs a real single-node Apache Kafka (KRaft) on 127.0.0.1 from Maven Central jars.
#   kafka.sh install   resolve the broker jars into $KAFKA_DIR/libs (once)
#   kafka.sh start     idempotent: reuses a running broker, waits until it answers, creates topics
#   kafka.sh stop      clean shutdown of the broker this script started
#   kafka.sh status
#   kafka.sh client-env <principal>   (secured mode) prints the KAFKA_* variables of a client
#                                     authenticating as <principal>, for `eval` or an env file
# Another broker beside the default one (the benchmark's): KAFKA_PORT, KAFKA_CONTROLLER_PORT and
# KAFKA_DATA_DIR (its data, logs and pid file); the jars stay in $KAFKA_DIR/libs.
#
# KAFKA_SECURITY=plaintext (default: no TLS, no authentication, no authorizer; development and the
# plain test run) | sasl_ssl | sasl_plaintext: the client listener authenticates with SASL
# (SCRAM-SHA-512, SCRAM-SHA-256, PLAIN), over TLS for sasl_ssl, and KRaft's StandardAuthorizer
# refuses whatever no ACL allows (deploy/kafka/acls.ts grants each principal its own). A secured
# broker needs its own KAFKA_DATA_DIR: its users, passwords and certificates are made when the
# storage is formatted, under $KAFKA_DATA_DIR/security (docs/kafka.md#security).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KAFKA_DIR="${KAFKA_DIR:-$ROOT/.kafka}"
DATA_DIR="${KAFKA_DATA_DIR:-$KAFKA_DIR}"
DATA_DIR="$(mkdir -p "$DATA_DIR" && cd "$DATA_DIR" && pwd)"  # absolute: client-env prints paths in it
HOST=127.0.0.1
PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
CONF_SRC="$ROOT/deploy/kafka"
PID_FILE="$DATA_DIR/broker.pid"
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"
SECURITY="${KAFKA_SECURITY:-plaintext}"
SEC_DIR="$DATA_DIR/security"
# The SCRAM users of a secured broker: admin (super user: the broker's own controller and
# inter-broker logins, topic and ACL set-up) and one principal per program (docs/kafka.md#principals).
USERS="${KAFKA_USERS:-admin guru-producer mapping-service invoice-dispatcher config-service ops}"
case "$SECURITY" in
  plaintext) CLIENT_PROTOCOL=PLAINTEXT ;;
  sasl_ssl) CLIENT_PROTOCOL=SASL_SSL ;;
  sasl_plaintext) CLIENT_PROTOCOL=SASL_PLAINTEXT ;;
  *) echo "kafka: KAFKA_SECURITY must be plaintext, sasl_ssl or sasl_plaintext" >&2; exit 2 ;;
esac

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

password_of() { cat "$SEC_DIR/users/$1.password"; }

# Random passwords (once per data dir), readable by this user only; clients read them through
# KAFKA_SASL_PASSWORD_FILE, so they never appear on a command line or in the environment.
make_users() {
  mkdir -p "$SEC_DIR/users"
  chmod 700 "$SEC_DIR"
  for user in $USERS; do
    [ -f "$SEC_DIR/users/$user.password" ] || (umask 077; openssl rand -hex 24 > "$SEC_DIR/users/$user.password")
  done
}

# A local CA and the broker's certificate (127.0.0.1 and localhost), as one PEM keystore
# (PKCS#8 key + chain: ssl.keystore.type=PEM) and the CA as the PEM truststore clients use.
make_certificates() {
  [ -f "$SEC_DIR/broker.pem" ] && return 0
  local tmp; tmp="$(mktemp -d)"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=guru-vhsys local Kafka CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$tmp/ca.key" -out "$SEC_DIR/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$tmp/broker.key" -out "$tmp/broker.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n' > "$tmp/ext"
  openssl x509 -req -in "$tmp/broker.csr" -CA "$SEC_DIR/ca.pem" -CAkey "$tmp/ca.key" -CAcreateserial -CAserial "$tmp/ca.srl" \
    -days 825 -extfile "$tmp/ext" -out "$tmp/broker.crt" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$tmp/broker.key" -out "$tmp/broker.p8"
  (umask 077; cat "$tmp/broker.p8" "$tmp/broker.crt" "$SEC_DIR/ca.pem" > "$SEC_DIR/broker.pem")
  rm -rf "$tmp"  # the CA key is not kept: nothing else is ever signed with it
}

# The listener, SASL and authorizer settings of a secured broker, appended to server.properties.
# The controller listener stays on loopback but authenticates too (SASL PLAIN: SCRAM credentials
# live in the metadata log, which the controller must reach before it could check them), so the
# only super user is admin, the broker's own login; ANONYMOUS gets nothing.
secured_properties() {
  local admin; admin="$(password_of admin)"
  local plain_users="user_admin=\"$admin\""
  for user in $USERS; do plain_users="$plain_users user_$user=\"$(password_of "$user")\""; done
  cat <<PROPS
listeners=CLIENT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=CLIENT://$HOST:$PORT
inter.broker.listener.name=CLIENT
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENT:$CLIENT_PROTOCOL
sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN
sasl.mechanism.inter.broker.protocol=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin" user_admin="$admin";
listener.name.client.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin" $plain_users;
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.client.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
PROPS
  if [ "$CLIENT_PROTOCOL" = SASL_SSL ]; then
    cat <<PROPS
ssl.keystore.type=PEM
ssl.keystore.location=$SEC_DIR/broker.pem
ssl.truststore.type=PEM
ssl.truststore.location=$SEC_DIR/ca.pem
ssl.client.auth=none
PROPS
  fi
}

# The SCRAM credentials of every user, written into the metadata log when the storage is formatted.
scram_arguments() {
  for user in $USERS; do
    for mechanism in SCRAM-SHA-512 SCRAM-SHA-256; do
      printf '%s\n' --add-scram "$mechanism=[name=$user,password=$(password_of "$user")]"
    done
  done
}

# The variables a client authenticating as $1 needs (the secret only as a file path).
client_env() {
  local user="${1:?usage: kafka.sh client-env <principal>}"
  [ "$SECURITY" != plaintext ] || { echo "KAFKA_SECURITY_PROTOCOL=PLAINTEXT"; return 0; }
  [ -f "$SEC_DIR/users/$user.password" ] || { echo "kafka: no user $user on the broker of $DATA_DIR" >&2; exit 1; }
  echo "KAFKA_BROKERS=$HOST:$PORT"
  echo "KAFKA_SECURITY_PROTOCOL=$CLIENT_PROTOCOL"
  echo "KAFKA_SASL_MECHANISM=SCRAM-SHA-512"
  echo "KAFKA_SASL_USERNAME=$user"
  echo "KAFKA_SASL_PASSWORD_FILE=$SEC_DIR/users/$user.password"
  [ "$CLIENT_PROTOCOL" != SASL_SSL ] || echo "KAFKA_TLS_CA_FILE=$SEC_DIR/ca.pem"
}

start() {
  if port_open; then
    echo "kafka: broker already answering on $HOST:$PORT (reused)"
  else
    install
    mkdir -p "$DATA_DIR/data" "$DATA_DIR/logs"
    local mode_file="$DATA_DIR/security.mode"
    if [ -f "$DATA_DIR/data/meta.properties" ] && [ "$(cat "$mode_file" 2>/dev/null || echo plaintext)" != "$SECURITY" ]; then
      echo "kafka: $DATA_DIR was formatted for KAFKA_SECURITY=$(cat "$mode_file" 2>/dev/null || echo plaintext), not $SECURITY; use another KAFKA_DATA_DIR" >&2; exit 1
    fi
    (umask 077; sed -e "s#^log.dirs=.*##" \
        -e "s#127.0.0.1:19092#$HOST:$PORT#g" \
        -e "s#127.0.0.1:19093#$HOST:$CONTROLLER_PORT#g" \
        "$CONF_SRC/server.properties" > "$DATA_DIR/server.properties")
    echo "log.dirs=$DATA_DIR/data" >> "$DATA_DIR/server.properties"
    local scram=()
    if [ "$SECURITY" != plaintext ]; then
      make_users
      [ "$CLIENT_PROTOCOL" != SASL_SSL ] || make_certificates
      # Later keys win in a properties file: these replace the plaintext listeners above.
      secured_properties >> "$DATA_DIR/server.properties"
      mapfile -t scram < <(scram_arguments)
    fi
    local opts=(-Xms256m -Xmx768m -XX:+UseG1GC "-Dkafka.logs.dir=$DATA_DIR/logs"
      "-Dlog4j2.configurationFile=$CONF_SRC/log4j2.properties")
    if [ ! -f "$DATA_DIR/data/meta.properties" ]; then
      local cid; cid="$("$JAVA_BIN" "${opts[@]}" -cp "$KAFKA_DIR/libs/*" kafka.tools.StorageTool random-uuid)"
      "$JAVA_BIN" "${opts[@]}" -cp "$KAFKA_DIR/libs/*" kafka.tools.StorageTool format --standalone \
        -t "$cid" -c "$DATA_DIR/server.properties" "${scram[@]}" >/dev/null
      echo "$SECURITY" > "$mode_file"
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
  if [ "$SECURITY" = plaintext ]; then
    KAFKA_BROKERS="$HOST:$PORT" node -r "$ROOT/tools/scripts/register.js" "$ROOT/deploy/kafka/create-topics.ts"
  else
    # As admin (the super user): the topics, then each principal's ACLs (deploy/kafka/acls.ts).
    ( set -a; eval "$(client_env admin)"; set +a
      node -r "$ROOT/tools/scripts/register.js" "$ROOT/deploy/kafka/create-topics.ts"
      node -r "$ROOT/tools/scripts/register.js" "$ROOT/deploy/kafka/acls.ts" )
  fi
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
  client-env) client_env "${2:-}" ;;
  status) if port_open; then echo "kafka: up on $HOST:$PORT"; else echo "kafka: down"; exit 1; fi ;;
  *) echo "usage: $0 install|start|stop|status|client-env <principal>" >&2; exit 2 ;;
esac
