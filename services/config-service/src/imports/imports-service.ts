import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { GuruApiClient, GuruApiError, GuruFilterError, GuruTransactionFilter } from '@gv/guru-client';
import { inSpan } from '@gv/telemetry';
import { mayAccess } from '../security/service-tokens';
import { forbidden, ServiceError } from '../settings/errors';
import { validateAccountId } from '../settings/sections';
import type { Caller } from '../settings/settings-service';
import type { SettingsStore } from '../settings/settings-store';
import { addToCounts, NO_COUNTS, PreviewCounts, PreviewSettings, readListedSale, scaleCounts } from './import-classify';
import { progressOf, statusAfterCancel } from './import-progress';
import { importSegments, ImportSegment, parseImportRequest } from './import-request';
import { ImportAlreadyActive, ImportJob, ImportStore } from './import-store';
import type { GuruUserTokens } from './guru-user-tokens';

export interface ImportsServiceDeps {
  dataSource: DataSource;
  schema: string;
  store: ImportStore;
  settings: Pick<SettingsStore, 'load'>;
  tokens: GuruUserTokens;
  guruClient: (userToken: string) => GuruApiClient;
  pageSize: number;
  previewMaxSales: number;
  /** Called after an import was queued (the runner looks at once instead of at its next poll). */
  onQueued: () => void;
  clock?: () => Date;
}

export interface ImportPreview extends PreviewCounts {
  /** The Guru listings walked: windows of at most 180 days × product filters. */
  windows: number;
  /** True when more than IMPORT_PREVIEW_MAX_SALES sales match: the counts are scaled from the first ones read. */
  estimated: boolean;
  /** Sales actually read and classified. */
  sampledSales: number;
}

export interface ImportView {
  importId: string;
  accountId: string;
  status: ImportJob['status'];
  from: string;
  to: string;
  productIds: string[] | null;
  statuses: string[] | null;
  done: number;
  total: number | null;
  produced: number;
  skipped: number;
  errors: number;
  lastError: string | null;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  /** 1-based index of the window being read, and how many there are. */
  window: { index: number; count: number };
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Guru listing of one segment (the import's and the preview's). */
export function segmentFilter(segment: ImportSegment, statuses: string[] | null, pageSize: number): GuruTransactionFilter {
  return {
    period: { field: 'ordered_at', from: segment.from, to: segment.to },
    ...(segment.productId === null ? {} : { productId: segment.productId }),
    ...(statuses === null ? {} : { transactionStatus: statuses }),
    pageSize,
  };
}

/** A Guru failure as the API answers it (never the token: GuruApiError messages do not carry it). */
export function guruFailure(error: unknown): ServiceError | null {
  if (error instanceof GuruFilterError) return new ServiceError('validation_failed', error.message, [{ path: error.field, message: error.message }]);
  if (error instanceof GuruApiError) {
    if (error.kind === 'auth') return new ServiceError('guru_token_not_set', `Guru refused the account's user token (HTTP ${error.httpStatus ?? '?'}): set a valid one`);
    return new ServiceError('guru_unavailable', `Guru could not be read: ${error.message}`);
  }
  return null;
}

/**
 * Imports of past sales ("Importar vendas anteriores"): the preview (counts, nothing produced),
 * starting one (queued for the runner), its progress, and cancelling it. Same tenant rule as the
 * settings: a token limited to other accounts learns nothing about this one.
 */
export class ImportsService {
  private readonly now: () => Date;

  constructor(private readonly deps: ImportsServiceDeps) {
    this.now = deps.clock ?? (() => new Date());
  }

  async preview(caller: Caller, accountId: string, body: unknown): Promise<ImportPreview> {
    return this.authorised('preview', caller, accountId, async () => {
      const request = parseImportRequest(body);
      const client = await this.client(accountId);
      const segments = importSegments(request);
      const settings = await this.previewSettings(accountId);
      let counts = NO_COUNTS;
      let sampled = 0;
      let total = 0;
      try {
        for (const segment of segments) {
          let segmentTotal: number | null = null;
          for await (const page of client.pages(segmentFilter(segment, request.statuses, this.deps.pageSize))) {
            segmentTotal ??= page.totalRows ?? 0;
            const room = this.deps.previewMaxSales - sampled;
            if (room <= 0) break;
            const sales = page.transactions.slice(0, room).map(readListedSale);
            counts = addToCounts(counts, sales, await this.dispatched(accountId, sales.map((s) => s.id)), settings);
            sampled += sales.length;
          }
          total += segmentTotal ?? 0;
        }
      } catch (error) {
        throw guruFailure(error) ?? error;
      }
      const estimated = total > sampled;
      return { ...(estimated ? scaleCounts(counts, sampled, total) : counts), windows: segments.length, estimated, sampledSales: sampled };
    });
  }

  async start(caller: Caller, accountId: string, body: unknown): Promise<{ importId: string }> {
    return this.authorised('start', caller, accountId, async () => {
      const request = parseImportRequest(body);
      // The token is checked now, so a start without one is refused instead of failing later.
      if ((await this.deps.tokens.userTokenFor(accountId)) === null) throw tokenNotSet();
      const id = randomUUID();
      try {
        await this.deps.store.insert({ id, accountId, request, segments: importSegments(request), requestedBy: caller.principal.name });
      } catch (error) {
        if (error instanceof ImportAlreadyActive) {
          const active = await this.deps.store.active(accountId);
          throw new ServiceError('import_already_running', `an import of this account is already ${active?.status ?? 'active'}${active ? ` (${active.id})` : ''}: cancel it or wait for it to end`);
        }
        throw error;
      }
      this.deps.onQueued();
      return { importId: id };
    });
  }

  async get(caller: Caller, accountId: string, importId: string): Promise<ImportView> {
    return this.authorised('get', caller, accountId, async () => this.view(await this.require(accountId, importId)));
  }

  async list(caller: Caller, accountId: string): Promise<{ items: ImportView[] }> {
    return this.authorised('list', caller, accountId, async () => ({ items: (await this.deps.store.list(accountId, 20)).map((job) => this.view(job)) }));
  }

  async cancel(caller: Caller, accountId: string, importId: string): Promise<ImportView> {
    return this.authorised('cancel', caller, accountId, async () => {
      const current = await this.require(accountId, importId);
      if (statusAfterCancel(current.status) === null) return this.view(current);
      return this.view((await this.deps.store.cancel(accountId, importId)) ?? current);
    });
  }

  view(job: ImportJob): ImportView {
    const progress = progressOf({
      status: job.status, done: job.produced + job.skipped, total: job.total, doneAtRunStart: job.doneAtRunStart, runStartedAt: job.runStartedAt, now: this.now(),
    });
    return {
      importId: job.id,
      accountId: job.accountId,
      status: job.status,
      from: job.request.from,
      to: job.request.to,
      productIds: job.request.productIds,
      statuses: job.request.statuses,
      ...progress,
      produced: job.produced,
      skipped: job.skipped,
      errors: job.errors,
      lastError: job.lastError,
      window: { index: Math.min(job.segmentIndex + 1, job.segments.length), count: job.segments.length },
      requestedBy: job.requestedBy,
      createdAt: job.createdAt.toISOString(),
      startedAt: job.startedAt?.toISOString() ?? null,
      finishedAt: job.finishedAt?.toISOString() ?? null,
    };
  }

  private async require(accountId: string, importId: string): Promise<ImportJob> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(importId)) {
      throw new ServiceError('validation_failed', 'importId: must be a UUID', [{ path: 'importId', message: 'must be a UUID' }]);
    }
    const job = await this.deps.store.get(accountId, importId);
    if (!job) throw new ServiceError('not_found', 'no such import for this account');
    return job;
  }

  private async client(accountId: string): Promise<GuruApiClient> {
    const token = await this.deps.tokens.userTokenFor(accountId);
    if (token === null) throw tokenNotSet();
    return this.deps.guruClient(token);
  }

  private async previewSettings(accountId: string): Promise<PreviewSettings> {
    const loaded = await this.deps.settings.load(null, accountId);
    if (loaded.kind !== 'present') return { integrationActive: false, products: new Map() };
    return { integrationActive: loaded.state.active, products: new Map(loaded.state.products.map((p) => [p.guruProductCode, p])) };
  }

  /** Of these sale ids, those the dispatcher has already answered for (the ledger has them). */
  private async dispatched(accountId: string, ids: Array<string | null>): Promise<Set<string>> {
    const wanted = ids.filter((id): id is string => id !== null);
    if (wanted.length === 0) return new Set();
    const rows = (await this.deps.dataSource.query(
      `SELECT guru_transaction_id FROM "${this.deps.schema}"."sale_history"
       WHERE account_id = $1 AND guru_transaction_id = ANY($2::text[]) AND result_stage = 'dispatch' AND outcome IS NOT NULL`,
      [accountId, wanted],
    )) as { guru_transaction_id: string }[];
    return new Set(rows.map((r) => r.guru_transaction_id));
  }

  private authorised<T>(action: string, caller: Caller, accountId: string, work: () => Promise<T>): Promise<T> {
    return inSpan(`config.imports.${action}`, { 'guru.account_id': accountId, 'config.via': caller.via, 'config.actor': caller.principal.name }, async () => {
      if (!mayAccess(caller.principal, accountId)) throw forbidden();
      validateAccountId(accountId);
      return work();
    });
  }
}

function tokenNotSet(): ServiceError {
  return new ServiceError('guru_token_not_set', "no Guru user token is set for this account (the REST API's token, Meu Perfil → Tokens API)");
}
