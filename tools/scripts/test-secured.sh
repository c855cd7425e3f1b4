#!/usr/bin/env bash
# `npm run test:secured`: the same services and tests against a second, secured broker (SASL_SSL,
# SCRAM-SHA-512, StandardAuthorizer, every principal with only its ACLs: docs/kafka.md#security).
# Runs the end-to-end sale, the dispatcher crash test, the Kafka security test and the security
# suite (test/security: the route matrix and the secret scan), with this
# process authenticated as admin (topics and ACLs of the isolated stacks) and every service
# started by a test as its own principal. Called by tools/scripts/test.sh after the plain run;
# the plaintext broker and the plain run are untouched.
#   KAFKA_SECURED_PORT (default 19094; the controller uses the next port), KAFKA_SECURED_DATA_DIR
#   (default .kafka/secured), DATABASE_URL (default the plain run's), extra arguments: jest's.
#   start-broker | stop-broker | status-broker: only that (test.sh hides the broker's start).
#   all: the whole integration suite against the secured broker instead of the five files.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PORT="${KAFKA_SECURED_PORT:-19094}"
broker() {
  KAFKA_SECURITY=sasl_ssl KAFKA_PORT="$PORT" KAFKA_CONTROLLER_PORT="$((PORT + 1))" \
    KAFKA_DATA_DIR="${KAFKA_SECURED_DATA_DIR:-$ROOT/.kafka/secured}" bash deploy/kafka/kafka.sh "$@"
}
case "${1:-}" in
  # test.sh starts the broker in the background while the build and the plain run go on, and stops it.
  start-broker) broker start; exit ;;
  stop-broker) broker stop; exit ;;
  status-broker) broker status; exit ;;
esac
started=0
broker status >/dev/null 2>&1 || started=1
cleanup() { if [ "$started" = 1 ]; then broker stop || true; fi; }
trap cleanup EXIT
broker start
# This process's identity: admin; the services' passwords are read from the same directory.
set -a
eval "$(broker client-env admin)"
KAFKA_PRINCIPAL_PASSWORDS_DIR="$(dirname "$KAFKA_SASL_PASSWORD_FILE")"
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/guru_vhsys_test}"
set +a
echo "== integration tests against the secured broker ($KAFKA_BROKERS, $KAFKA_SECURITY_PROTOCOL)"
if [ "${1:-}" = all ]; then
  # The whole integration suite (about 20 minutes): `npm run test:secured -- all`. Not the chaos
  # suite: it starts and restarts a broker of its own (plaintext), so this broker's settings mean
  # nothing to it.
  shift
  npx jest --selectProjects integration secured --runInBand --forceExit --testPathIgnorePatterns '/node_modules/' '/.kafka/' '/dist/' '/tools/chaos/' -- "$@"
  exit
fi
npx jest --selectProjects integration secured --runInBand \
  test/e2e/sale-end-to-end.integration.spec.ts \
  test/e2e/kafka-security.secured.spec.ts \
  services/invoice-dispatcher/test/integration/dispatcher-crash.integration.spec.ts \
  test/security/route-matrix.integration.spec.ts \
  test/security/secret-scan.integration.spec.ts "$@"
