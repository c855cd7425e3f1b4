#!/usr/bin/env bash
# `npm run test:security`: the security suite alone (test/security, docs/security.md): the
# generated route matrix of every HTTP route and gRPC method, and the secret scan of a whole
# end-to-end run. `npm test` runs it too, with the other system tests (Nx project system-tests).
# With KAFKA_BROKERS and DATABASE_URL both set they are used as they are; otherwise Kafka and
# PostgreSQL are brought up as for `npm test` (tools/scripts/infra.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${DATABASE_URL:-}" ]; then
  source tools/scripts/infra.sh
  export DATABASE_URL="${DATABASE_URL:-$PG_SERVER_URL/guru_vhsys_test}"
fi
export LOG_LEVEL="${LOG_LEVEL:-warn}"
# Services started as processes run from dist/ (libs/testing ServiceProcess); GV_RUN_FROM=source skips it.
[ "${GV_RUN_FROM:-auto}" = source ] || node tools/scripts/build.js
exec npx jest --selectProjects integration --runInBand --forceExit --testPathPatterns "^$ROOT/test/security/" "$@"
