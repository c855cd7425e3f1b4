/**
 * The operations command: dead letters, a sale's ledger, settings republish, audits against Vhsys, imports of past sales.
 *
 *   npm run ops -- dlq list
 *   npm run ops -- dlq replay --group invoice-dispatcher --offset 12
 *   npm run ops -- sale show --account acc-1 --sale 9a1f…
 *   npm run ops -- sale replay --account acc-1 --failed
 *   npm run ops -- config republish --account acc-1
 *   npm run ops -- outbox list
 *   npm run ops -- audit start --account acc-1 --from 2026-03-01T00:00:00-03:00 --to 2026-04-01T00:00:00-03:00
 *   npm run ops -- import start --account acc-1 --from 2025-01-01T00:00:00-03:00 --to 2026-01-01T00:00:00-03:00 --follow
 *
 * `npm run ops -- help` for every option and the environment it reads.
 */
import { parseCommand, USAGE, UsageError } from './args';
import { runAuditCommand } from './audit/audit-commands';
import { configRepublish } from './config/republish';
import { importCancel, importPreview, importStart, importStatus } from './import/import-commands';
import { createOpsContext, OpsContext } from './context';
import { dlqList, dlqReplay } from './dlq/commands';
import { opsEnvironment } from './env';
import { outboxList, outboxRetry } from './outbox/set-aside';
import { saleReplay } from './sale/sale-replay';
import { saleShow } from './sale/sale-show';
import { explainKafkaError } from '@gv/kafka';

/** Runs one command; returns the process exit code (0 ok, 1 failed, 2 usage). */
export async function runOps(argv: string[], context?: OpsContext): Promise<number> {
  let command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (command.name === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const ctx = context ?? createOpsContext(opsEnvironment());
  try {
    switch (command.name) {
      case 'dlq list':
        await dlqList(ctx, command);
        return 0;
      case 'dlq replay':
        return (await dlqReplay(ctx, command)).ok ? 0 : 1;
      case 'sale show':
        return (await saleShow(ctx, command)) ? 0 : 1;
      case 'sale replay':
        return (await saleReplay(ctx, command)).every((l) => l.outcome !== 'failed') ? 0 : 1;
      case 'config republish':
        await configRepublish(ctx, command);
        return 0;
      case 'import preview':
        await importPreview(ctx, command);
        return 0;
      case 'import start': {
        const result = await importStart(ctx, command);
        return 'status' in result && result.status !== 'done' ? 1 : 0;
      }
      case 'import status': {
        const view = await importStatus(ctx, command);
        return command.follow && view.status !== 'done' ? 1 : 0;
      }
      case 'import cancel':
        await importCancel(ctx, command);
        return 0;
      case 'outbox list':
        await outboxList(ctx, { schemas: command.schema ? [command.schema] : [ctx.env.configSchema, ctx.env.mappingSchema, ctx.env.dispatcherSchema], wide: command.wide, json: command.json });
        return 0;
      case 'outbox retry':
        return (await outboxRetry(ctx, command)).every((o) => o.outcome !== 'not-set-aside') ? 0 : 1;
      case 'audit start':
      case 'audit list':
      case 'audit show':
      case 'audit repair':
      case 'audit accept':
        await runAuditCommand(ctx, command);
        return 0;
    }
  } catch (error) {
    // A refused Kafka login or an untrusted broker certificate, in words (never the password).
    ctx.note(`error: ${(explainKafkaError(error, ctx.env.kafkaSecurity) as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  runOps(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
