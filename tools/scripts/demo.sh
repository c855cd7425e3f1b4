#!/usr/bin/env bash
# `npm run demo`: installs what is missing, brings up Kafka and PostgreSQL, builds dist/
# (the services run compiled), runs the demo. `npm run demo -- --keep` leaves everything running
# afterwards (until Ctrl-C) for the web console, whose address, token and account it prints.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"
export DATABASE_URL="${DATABASE_URL:-$PG_SERVER_URL/guru_vhsys}"
node tools/scripts/build.js
node -r ./tools/scripts/register.js tools/demo/src/run-demo.ts "$@"
