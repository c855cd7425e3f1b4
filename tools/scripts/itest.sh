#!/usr/bin/env bash
# Runs some integration tests against the local broker and PostgreSQL (developer shortcut):
#   bash tools/scripts/itest.sh services/mapping-service
set -euo pipefail
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:19092}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/guru_vhsys_test}"
# Services started as processes run from dist/ (libs/testing ServiceProcess); GV_RUN_FROM=source skips it.
[ "${GV_RUN_FROM:-auto}" = source ] || node tools/scripts/build.js
exec npx jest --selectProjects integration --runInBand "$@"
