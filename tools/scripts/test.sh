#!/usr/bin/env bash
# `npm test`: installs what is missing, brings up Kafka (Maven Central jars) and PostgreSQL,
# builds dist/, then runs every project's Nx targets: lint (module boundaries), typecheck and unit
# tests (cached by Nx: a project whose inputs did not change is not re-run), then the integration
# tests against the real infrastructure (never cached; one project at a time, as they share the
# broker and the database server). The security suite (test/security, `npm run test:security`)
# runs there too, with the other system tests of the Nx project system-tests.
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
