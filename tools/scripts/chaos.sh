#!/usr/bin/env bash
# `npm run chaos`: the chaos suite (tools/chaos, docs/reliability.md#chaos-suite). Installs what is
# missing, makes PostgreSQL answer, resolves the Kafka jars (the run starts a broker of its own on
# other ports; the shared one is not used), builds dist/ (the services run compiled), then runs it.
#   CHAOS_SIZE=full|reduced (default full), CHAOS_SEED=<n> to replay a run; see tools/chaos/src/chaos-options.ts
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash tools/scripts/ensure-deps.sh
bash deploy/kafka/kafka.sh install
db_url="$(bash deploy/postgres/postgres.sh start)"
export DATABASE_URL="${DATABASE_URL:-$db_url}"
export CHAOS_SIZE="${CHAOS_SIZE:-full}"
node tools/scripts/build.js
exec node -r ./tools/scripts/register.js tools/chaos/src/main.ts
