import { parseArgs } from 'node:util';
import type { ReplaySelector } from '@gv/operations';
import type { AuditCommand } from './audit/audit-commands';
import type { ImportBody } from './import/import-commands';

export type OpsCommand =
  | { name: 'help' }
  | { name: 'dlq list'; group: string | null; account: string | null; limit: number; wide: boolean; json: boolean }
  | { name: 'dlq replay'; group: string; selector: ReplaySelector; to: string | null; dryRun: boolean; force: boolean; json: boolean }
  | { name: 'sale show'; account: string; sale: string; schema: string | null; json: boolean }
  | { name: 'sale replay'; account: string; sale: string | null; schema: string | null; force: boolean; dryRun: boolean; json: boolean }
  | { name: 'config republish'; account: string | null; json: boolean }
  | { name: 'import preview'; account: string; body: ImportBody; json: boolean }
  | { name: 'import start'; account: string; body: ImportBody; follow: boolean; json: boolean }
  | { name: 'import status'; account: string; id: string; follow: boolean; json: boolean }
  | { name: 'import cancel'; account: string; id: string; json: boolean }
  | { name: 'outbox list'; schema: string | null; wide: boolean; json: boolean }
  | { name: 'outbox retry'; schema: string; ids: string[] | 'all'; force: boolean; dryRun: boolean; json: boolean }
  | AuditCommand;

export const USAGE = `Usage: npm run ops -- <command> [options]
       node -r ./tools/scripts/register.js tools/ops/src/cli.ts <command> [options]

Dead letters
  dlq list [--group G] [--account A] [--limit N] [--wide] [--json]
      Dead-lettered messages (every deadletter.*.v1 topic, or deadletter.<G>.v1) with offset, key,
      reason, field, original topic/partition/offset, failed-at and replay state. --limit: the N most
      recent per topic (default 100). --wide: full reasons.
  dlq replay --group G (--offset O[,O...] | --account A | --all) [--to TOPIC] [--dry-run] [--force] [--json]
      Re-publishes the original bytes and headers (minus x-dlq-*, plus x-replayed-from) to the
      original topic (a retry topic's messages go to its main topic; --to overrides). Each dead
      letter is replayed once: a journal (PostgreSQL, ops.replays) refuses a second replay unless
      --force. --dry-run shows what would be replayed.

Sales
  sale show --account A --sale S [--schema invoice_dispatcher] [--json]
      The dispatcher's ledger for one sale: status, revisions, attempts, last error, Vhsys ids,
      and every step.
  sale replay --account A (--sale S | --failed) [--schema S] [--dry-run] [--force] [--json]
      Re-sends the desired state the ledger holds to vhsys.sale-orders.v1, for one sale or every
      "failed" sale of the account (e.g. given up after a long Vhsys outage; those are not
      dead-lettered). The dispatcher resumes from its ledger: nothing is created twice. Sales that
      are not failed are skipped unless --force.

Settings
  config republish [--account A] [--json]
      Asks config-service to publish again the settings snapshot of one account, or of all
      (POST /v1/admin/republish).

Audits ("Conferir com o Vhsys", through config-service's API: CONFIG_SERVICE_URL, ADMIN_TOKEN)
  audit start --account A --from 2026-03-01T00:00:00-03:00 --to 2026-04-01T00:00:00-03:00 [--json]
      Asks the dispatcher to audit the account's sales of [from, to) against Vhsys (read only;
      at most 366 days; both ends with their time zone). Prints the audit id.
  audit list --account A [--json]
      The account's audits, newest first.
  audit show --account A <auditId> [--json]
      Status, counts and findings (expected / found, resolution, notes).
  audit repair --account A <auditId> <findingId> [--json]
      Re-dispatches the finding's sale to its desired state (emitted invoices are never emitted
      again; a pedido in the lixeira is never restored).
  audit accept --account A <auditId> <findingId> [--json]
      Accepts the finding as it is (nothing is written to Vhsys).
Imports of past sales (config-service: docs/operations.md#importing-past-sales)
  import preview --account A --from F --to T [--product P[,P...]] [--status S[,S...]] [--json]
      What an import of the period would do: sales, orders it would create, sales already in the
      ledger, sales needing product settings, total value. F and T are Brasília midnights, e.g.
      2025-01-01T00:00:00-03:00 (T excluded).
  import start --account A --from F --to T [--product P,...] [--status S,...] [--follow] [--json]
      Queues the import (one per account at a time). --follow: a progress bar on stderr (done/total,
      rate, ETA, window) until it ends.
  import status --account A --id I [--follow] [--json]
  import cancel --account A --id I [--json]

Outbox
  outbox list [--schema S] [--wide] [--json]
      Outbox rows the broker refused for good (too large, unknown topic, invalid record) and the
      relay set aside, with the reason, size and whether a later message for the same key exists.
      Default: the three services' schemas (CONFIG_DB_SCHEMA, MAPPING_DB_SCHEMA, DISPATCHER_DB_SCHEMA).
  outbox retry --schema S (--id N[,N...] | --all) [--dry-run] [--force] [--json]
      Puts set-aside rows back in the relay's queue once the cause is fixed (e.g. the topic's
      max.message.bytes raised). Rows with a later message for the same key are skipped unless
      --force (for settings, \`config republish --account A\` publishes the current snapshot).

Environment
  KAFKA_BROKERS            default 127.0.0.1:19092
  KAFKA_SECURITY_PROTOCOL  PLAINTEXT (default) | SSL | SASL_PLAINTEXT | SASL_SSL, with KAFKA_SASL_MECHANISM,
                           KAFKA_SASL_USERNAME (default ops), KAFKA_SASL_PASSWORD[_FILE], KAFKA_TLS_CA_FILE
  DATABASE_URL             default postgres://postgres@127.0.0.1:5432/guru_vhsys
  OPS_SCHEMA               replay journal schema (default ops)
  DISPATCHER_DB_SCHEMA     dispatcher ledger schema (default invoice_dispatcher)
  CONFIG_DB_SCHEMA         config-service schema (default config_service)
  MAPPING_DB_SCHEMA        mapping-service schema (default mapping_service)
  CONFIG_SERVICE_URL       default http://127.0.0.1:3001
  ADMIN_TOKEN              admin token for config-service (also CONFIG_SERVICE_ADMIN_TOKEN)
  OPS_USER                 recorded as who replayed (default $USER)
  KAFKA_TOPIC_PREFIX       the services' topic prefix, if they run with one (default none)
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const OPTIONS = {
  group: { type: 'string' },
  account: { type: 'string' },
  from: { type: 'string' },
  sale: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  id: { type: 'string' },
  all: { type: 'boolean' },
  failed: { type: 'boolean' },
  to: { type: 'string' },
  schema: { type: 'string' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  wide: { type: 'boolean' },
  json: { type: 'boolean' },
  product: { type: 'string' },
  status: { type: 'string' },
  follow: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses `argv` (without node and the script) into one command; throws UsageError with a clear message. */
export function parseCommand(argv: string[]): OpsCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === 'help') return { name: 'help' };
  const command = positionals.slice(0, 2).join(' ');
  // Only the audit commands take ids as arguments (audit show <auditId>, audit repair <auditId> <findingId>).
  const argumentsOf: Record<string, number> = { 'audit show': 1, 'audit repair': 2, 'audit accept': 2 };
  const extra = positionals.slice(2);
  if (extra.length > (argumentsOf[command] ?? 0)) throw new UsageError(`unexpected argument "${extra[argumentsOf[command] ?? 0]}"`);
  const json = values.json ?? false;
  const allowed = (names: (keyof typeof OPTIONS)[]) => {
    for (const key of Object.keys(values) as (keyof typeof OPTIONS)[]) {
      if (key !== 'json' && key !== 'help' && !names.includes(key)) throw new UsageError(`${command}: --${key} does not apply`);
    }
  };
  const required = (name: 'group' | 'account' | 'sale' | 'from' | 'to'): string => {
    const value = values[name]?.trim();
    if (!value) throw new UsageError(`${command}: --${name} is required`);
    return value;
  };
  switch (command) {
    case 'dlq list': {
      allowed(['group', 'account', 'limit', 'wide']);
      const limit = values.limit === undefined ? 100 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('dlq list: --limit must be a positive integer');
      return { name: 'dlq list', group: values.group?.trim() || null, account: values.account?.trim() || null, limit, wide: values.wide ?? false, json };
    }
    case 'dlq replay': {
      allowed(['group', 'offset', 'account', 'all', 'to', 'dry-run', 'force']);
      const group = required('group');
      const chosen = [values.offset !== undefined, values.account !== undefined, values.all === true].filter(Boolean).length;
      if (chosen !== 1) throw new UsageError('dlq replay: choose exactly one of --offset O, --account A, --all');
      let selector: ReplaySelector;
      if (values.offset !== undefined) {
        const offsets = values.offset.split(',').map((o) => o.trim()).filter(Boolean);
        if (offsets.length === 0 || offsets.some((o) => !/^\d+$/.test(o))) throw new UsageError('dlq replay: --offset takes offsets, e.g. --offset 12 or --offset 12,13');
        selector = { kind: 'offset', offsets: offsets.map((o) => BigInt(o).toString()) };
      } else if (values.account !== undefined) {
        selector = { kind: 'account', accountId: required('account') };
      } else {
        selector = { kind: 'all' };
      }
      return { name: 'dlq replay', group, selector, to: values.to?.trim() || null, dryRun: values['dry-run'] ?? false, force: values.force ?? false, json };
    }
    case 'sale show':
      allowed(['account', 'sale', 'schema']);
      return { name: 'sale show', account: required('account'), sale: required('sale'), schema: values.schema?.trim() || null, json };
    case 'sale replay': {
      allowed(['account', 'sale', 'failed', 'schema', 'dry-run', 'force']);
      if ((values.sale !== undefined) === (values.failed === true)) throw new UsageError('sale replay: choose exactly one of --sale S, --failed');
      return {
        name: 'sale replay', account: required('account'), sale: values.sale !== undefined ? required('sale') : null,
        schema: values.schema?.trim() || null, force: values.force ?? false, dryRun: values['dry-run'] ?? false, json,
      };
    }
    case 'config republish':
      allowed(['account']);
      return { name: 'config republish', account: values.account?.trim() || null, json };
    case 'import preview':
    case 'import start': {
      allowed(['account', 'from', 'to', 'product', 'status', ...(command === 'import start' ? (['follow'] as const) : [])]);
      const from = values.from?.trim();
      const to = values.to?.trim();
      if (!from || !to) throw new UsageError(`${command}: --from and --to are required (e.g. --from 2025-01-01T00:00:00-03:00 --to 2026-01-01T00:00:00-03:00)`);
      const list = (text: string | undefined) => (text === undefined ? undefined : text.split(',').map((v) => v.trim()).filter(Boolean));
      const body: ImportBody = { from, to };
      const productIds = list(values.product);
      const statuses = list(values.status);
      if (productIds) body.productIds = productIds;
      if (statuses) body.statuses = statuses;
      if (command === 'import preview') return { name: 'import preview', account: required('account'), body, json };
      return { name: 'import start', account: required('account'), body, follow: values.follow ?? false, json };
    }
    case 'import status':
    case 'import cancel': {
      allowed(['account', 'id', ...(command === 'import status' ? (['follow'] as const) : [])]);
      const id = values.id?.trim();
      if (!id) throw new UsageError(`${command}: --id is required (the importId import start printed)`);
      if (command === 'import status') return { name: 'import status', account: required('account'), id, follow: values.follow ?? false, json };
      return { name: 'import cancel', account: required('account'), id, json };
    }
    case 'outbox list':
      allowed(['schema', 'wide']);
      return { name: 'outbox list', schema: values.schema?.trim() || null, wide: values.wide ?? false, json };
    case 'outbox retry': {
      allowed(['schema', 'id', 'all', 'force', 'dry-run']);
      const schema = values.schema?.trim();
      if (!schema) throw new UsageError('outbox retry: --schema is required (the owning service\'s schema, e.g. config_service)');
      if ((values.id !== undefined) === (values.all === true)) throw new UsageError('outbox retry: choose exactly one of --id N[,N...], --all');
      let ids: string[] | 'all' = 'all';
      if (values.id !== undefined) {
        ids = values.id.split(',').map((i) => i.trim()).filter(Boolean);
        if (ids.length === 0 || ids.some((i) => !/^[1-9]\d{0,18}$/.test(i))) throw new UsageError('outbox retry: --id takes outbox row ids, e.g. --id 12 or --id 12,13');
      }
      return { name: 'outbox retry', schema, ids, force: values.force ?? false, dryRun: values['dry-run'] ?? false, json };
    }
    case 'audit start':
      allowed(['account', 'from', 'to']);
      return { name: 'audit start', account: required('account'), from: required('from'), to: required('to'), json };
    case 'audit list':
      allowed(['account']);
      return { name: 'audit list', account: required('account'), json };
    case 'audit show':
      allowed(['account']);
      return { name: 'audit show', account: required('account'), auditId: uuidArgument(command, extra[0], 'auditId'), json };
    case 'audit repair':
    case 'audit accept':
      allowed(['account']);
      return { name: command, account: required('account'), auditId: uuidArgument(command, extra[0], 'auditId'), findingId: uuidArgument(command, extra[1], 'findingId'), json };
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function uuidArgument(command: string, value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`${command}: <${name}> is required`);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new UsageError(`${command}: <${name}> must be a uuid, got "${value.slice(0, 60)}"`);
  return value;
}
