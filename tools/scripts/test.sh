#!/usr/bin/env bash
# `npm test`: installs what is missing, brings up Kafka (Maven Central jars) and PostgreSQL,
# builds dist/, then runs every project's Nx targets: lint (module boundaries), typecheck and unit
# tests (cached by Nx: a project whose inputs did not change is not re-run), then the integration
# tests against the real infrastructure (never cached; one project at a time, as they share the
# broker and the database server). The security suite (test/security, `npm run test:security`)
# runs there too, with the other system tests of the Nx project system-tests. Last,
# tools/scripts/test-secured.sh re-runs the end-to-end sale, the dispatcher crash, the Kafka
# security tests and the security suite against a second, SASL_SSL broker with ACLs
# (docs/kafka.md#security).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"
export DATABASE_URL="${DATABASE_URL:-$PG_SERVER_URL/guru_vhsys_test}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"

# The secured broker of the last step starts in the background now (about 30 s the first time:
# certificates, format, topics, ACLs), hidden behind the build and the plain run; stopped on exit
# unless it was already running.
secured_broker_started=0
secured_broker_start=
if ! bash tools/scripts/test-secured.sh status-broker >/dev/null 2>&1; then
  secured_broker_started=1
  bash tools/scripts/test-secured.sh start-broker > .kafka/secured-broker-start.log 2>&1 &
  secured_broker_start=$!
fi
test_cleanup() {
  if [ "$secured_broker_started" = 1 ]; then
    wait "$secured_broker_start" 2>/dev/null || true  # a start still under way would leave a broker behind
    bash tools/scripts/test-secured.sh stop-broker >/dev/null 2>&1 || true
  fi
  infra_cleanup
}
trap test_cleanup EXIT

echo "== build (dist/: the services run compiled, as in production)"
node tools/scripts/build.js
echo "== lint, typecheck, unit tests (nx run-many, cached)"
npx nx run-many -t lint typecheck test-unit --outputStyle=static
echo "== integration tests (Kafka $KAFKA_BROKERS, PostgreSQL $DATABASE_URL)"
npx nx run-many -t test-integration --parallel=1 --outputStyle=static
echo "== the end-to-end sale, dispatcher crash and security tests again, against a secured broker (SASL_SSL, ACLs)"
if [ "$secured_broker_started" = 1 ] && ! wait "$secured_broker_start"; then
  echo "the secured broker did not start:" >&2; cat .kafka/secured-broker-start.log >&2; exit 1
fi
bash tools/scripts/test-secured.sh
