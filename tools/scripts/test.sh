#!/usr/bin/env bash
# `npm test`: installs what is missing, brings up Kafka (Maven Central jars) and PostgreSQL,
# builds dist/, then runs every project's Nx targets: lint (module boundaries), typecheck and unit
# tests (cached by Nx: a project whose inputs did not change is not re-run), then the integration
# tests against the real infrastructure (never cached; one project at a time, as they share the
# broker and the database server). Last, tools/scripts/test-secured.sh re-runs the end-to-end
# sale, the dispatcher crash and the Kafka security tests against a second, SASL_SSL broker with
# ACLs (docs/kafka.md#security).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"
export DATABASE_URL="${DATABASE_URL:-$PG_SERVER_URL/guru_vhsys_test}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"

echo "== build (dist/: the services run compiled, as in production)"
node tools/scripts/build.js
echo "== lint, typecheck, unit tests (nx run-many, cached)"
npx nx run-many -t lint typecheck test-unit --outputStyle=static
echo "== integration tests (Kafka $KAFKA_BROKERS, PostgreSQL $DATABASE_URL)"
npx nx run-many -t test-integration --parallel=1 --outputStyle=static
echo "== the end-to-end sale and dispatcher crash tests again, against a secured broker (SASL_SSL, ACLs)"
bash tools/scripts/test-secured.sh
