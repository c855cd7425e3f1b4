import { setTimeout as sleep } from 'node:timers/promises';
import { centsToDecimalString } from '@gv/brazil';
import type { OpsContext } from '../context';
import { callConfigService } from '../config-service-client';
import { ImportProgressView, progressLine } from './progress-bar';

export interface ImportBody {
  from: string;
  to: string;
  productIds?: string[];
  statuses?: string[];
}

const ENDED = new Set(['done', 'cancelled', 'failed']);

function importsPath(account: string, suffix = ''): string {
  return `/v1/accounts/${encodeURIComponent(account)}/imports${suffix}`;
}

/** `import preview`: what an import of the period would do (nothing is produced). */
export async function importPreview(ctx: OpsContext, options: { account: string; body: ImportBody; json: boolean }, fetchImpl?: typeof fetch): Promise<unknown> {
  const { body } = await callConfigService(ctx, { method: 'POST', path: importsPath(options.account, '/preview'), body: options.body, timeoutMs: 120000 }, fetchImpl);
  if (options.json) ctx.out(JSON.stringify(body, null, 2));
  else {
    const p = body as { sales: number; wouldCreateOrders: number; alreadyInHistory: number; wouldBeIgnored: number; needProductSettings: number; unreadable: number; totalCents: number; windows: number; estimated: boolean };
    ctx.out([
      `sales: ${p.sales}${p.estimated ? ' (counts estimated from a sample)' : ''} in ${p.windows} Guru listing(s)`,
      `would create orders: ${p.wouldCreateOrders}`,
      `already in the ledger (unchanged): ${p.alreadyInHistory}`,
      `would be ignored (integration off, or a status, type, currency, country or zero value the pipeline ignores): ${p.wouldBeIgnored}`,
      `need product settings (would be parked): ${p.needProductSettings}`,
      `unreadable (would be dead-lettered): ${p.unreadable}`,
      `total value: R$ ${centsToDecimalString(p.totalCents)}`,
    ].join('\n'));
  }
  return body;
}

/** `import start`: queues the import; with --follow, shows its progress until it ends. */
export async function importStart(ctx: OpsContext, options: { account: string; body: ImportBody; follow: boolean; json: boolean; pollMs?: number }, fetchImpl?: typeof fetch): Promise<ImportProgressView | { importId: string }> {
  const { body } = await callConfigService(ctx, { method: 'POST', path: importsPath(options.account), body: options.body, timeoutMs: 120000 }, fetchImpl);
  const { importId } = body as { importId: string };
  if (!options.follow) {
    ctx.out(options.json ? JSON.stringify(body) : `import ${importId} queued (follow it: import status --account ${options.account} --id ${importId} --follow)`);
    return { importId };
  }
  ctx.note(`import ${importId} queued`);
  return importStatus(ctx, { account: options.account, id: importId, follow: true, json: options.json, pollMs: options.pollMs }, fetchImpl);
}

/** `import status`: the import's progress once, or with --follow a progress bar on stderr until it ends. */
export async function importStatus(ctx: OpsContext, options: { account: string; id: string; follow: boolean; json: boolean; pollMs?: number }, fetchImpl?: typeof fetch): Promise<ImportProgressView> {
  for (;;) {
    const view = (await callConfigService(ctx, { method: 'GET', path: importsPath(options.account, `/${encodeURIComponent(options.id)}`) }, fetchImpl)).body as ImportProgressView;
    const ended = ENDED.has(view.status);
    if (!options.follow || ended) {
      ctx.out(options.json ? JSON.stringify(view, null, 2) : progressLine(view));
      return view;
    }
    ctx.note(progressLine(view));
    await sleep(options.pollMs ?? 2000);
  }
}

/** `import cancel`: a queued import ends at once, a running one after its current page. */
export async function importCancel(ctx: OpsContext, options: { account: string; id: string; json: boolean }, fetchImpl?: typeof fetch): Promise<ImportProgressView> {
  const view = (await callConfigService(ctx, { method: 'POST', path: importsPath(options.account, `/${encodeURIComponent(options.id)}/cancel`) }, fetchImpl)).body as ImportProgressView;
  ctx.out(options.json ? JSON.stringify(view, null, 2) : `import ${options.id}: ${view.status}`);
  return view;
}
