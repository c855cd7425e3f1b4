#!/usr/bin/env bash
# `npm test`: installs what is missing, brings up Kafka (Maven Central jars) and PostgreSQL,
# builds dist/, type-checks, runs the unit tests, then the integration tests against the real infrastructure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"
export DATABASE_URL="${DATABASE_URL:-$PG_SERVER_URL/guru_vhsys_test}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"

echo "== build (dist/: the services run compiled, as in production)"
node tools/scripts/build.js
echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
echo "== unit tests"
npx jest --selectProjects unit --ci
echo "== integration tests (Kafka $KAFKA_BROKERS, PostgreSQL $DATABASE_URL)"
npx jest --selectProjects integration --ci --runInBand --forceExit
