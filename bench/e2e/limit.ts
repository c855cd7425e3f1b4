/**
 * Scenario 1, the limit: the Vhsys calls one sale needs, made straight against the simulator
 * with no Kafka and no PostgreSQL, at the dispatcher's concurrency.
 *
 * The call sequence is the dispatcher's own: its Reconciler (services/invoice-dispatcher) drives
 * its VhsysClientGateway (one keep-alive undici pool, as in the service) with the ledger kept in a
 * Map instead of PostgreSQL. So for every sale the same requests go out in the same order as in
 * the end-to-end run (find cliente, create cliente, create pedido, read its number, items,
 * parcelas, status when needed, NF-e create/items/emitir/read, NFS-e create/emitir/read), and
 * the harness checks it: requests per sale here and in the end-to-end run (simulator counters)
 * are reported side by side.
 */
import type { SaleOrder } from '@gv/contracts';
import { saleKey } from '@gv/contracts';
import { createLogger } from '@gv/telemetry';
import { Reconciler, VhsysClientGateway, VhsysCredentialPair } from '@gv/invoice-dispatcher';
import type { LedgerPatch, LedgerRow, MarkerSearchProgress, StepJournal, StepName, StepRow } from '@gv/invoice-dispatcher';
import type { BenchAccount } from './accounts';
import { percentile } from '../vhsys/stats';

/** The ledger in memory: what PostgreSQL holds for the dispatcher, without the round trips. */
class MemoryJournal implements StepJournal {
  private readonly stepRows = new Map<string, Map<StepName, StepRow>>();
  private readonly rows = new Map<string, LedgerRow>();

  ledgerFor(sale: SaleOrder): LedgerRow {
    const key = saleKey(sale.accountId, sale.guruTransactionId);
    const now = new Date();
    const row: LedgerRow = {
      saleKey: key, accountId: sale.accountId, guruTransactionId: sale.guruTransactionId, desiredRevision: sale.revision, desired: sale,
      status: 'pending', reconciledRevision: null, attempts: 0, retryGeneration: 0, nextAttemptAt: null, lastErrorKind: null, lastError: null, reprocessRequestId: null,
      traceCarrier: {}, idCliente: null, idPed: null, idPedido: null, orderCreatedRevision: null, lastChangeRevision: null,
      appliedHeaderHash: null, appliedItemsHash: null, appliedInstallmentsHash: null, appliedStatus: null, appliedSituacao: null,
      nfeIdVenda: null, nfeEmitted: false, nfeChave: null, nfeProtocolo: null, nfeDanfeUrl: null, nfseIdServico: null, nfseEmitted: false,
      nfseNumero: null, manualCancellationRevision: null, createdAt: now, updatedAt: now,
    };
    this.rows.set(key, row);
    return { ...row };
  }

  forget(key: string): void {
    this.rows.delete(key);
    this.stepRows.delete(key);
  }

  async steps(key: string): Promise<Map<StepName, StepRow>> {
    return new Map(this.stepRows.get(key) ?? []);
  }

  async startStep(key: string, step: StepName, revision: number): Promise<StepRow> {
    const steps = this.stepRows.get(key) ?? new Map<StepName, StepRow>();
    this.stepRows.set(key, steps);
    const row: StepRow = { step, state: 'started', revision, runs: (steps.get(step)?.runs ?? 0) + 1, startedAt: new Date(), finishedAt: null, result: null, error: null, markerSearch: null };
    steps.set(step, row);
    return { ...row };
  }

  async finishStep(key: string, step: StepName, revision: number, result: Record<string, unknown>, patch: LedgerPatch, changed: boolean): Promise<void> {
    const steps = this.stepRows.get(key) ?? new Map<StepName, StepRow>();
    this.stepRows.set(key, steps);
    steps.set(step, { step, state: 'done', revision, runs: steps.get(step)?.runs ?? 0, startedAt: steps.get(step)?.startedAt ?? null, finishedAt: new Date(), result, error: null, markerSearch: null });
    await this.patch(key, changed ? { ...patch, lastChangeRevision: revision } : patch);
  }

  async failStep(key: string, step: StepName, error: string): Promise<void> {
    const row = this.stepRows.get(key)?.get(step);
    if (row) Object.assign(row, { state: 'failed', error });
  }

  async saveMarkerSearch(key: string, step: StepName, run: number, search: MarkerSearchProgress): Promise<void> {
    const row = this.stepRows.get(key)?.get(step);
    if (row?.state === 'started' && row.runs === run) row.markerSearch = search;
  }

  async patch(key: string, patch: LedgerPatch): Promise<void> {
    const row = this.rows.get(key);
    if (row) Object.assign(row, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
  }
}

export interface LimitResult {
  concurrency: number;
  simulatorLatencyMs: number;
  seconds: number;
  sales: number;
  salesPerSecond: number;
  requests: number;
  requestsPerSale: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  firstError: string | null;
  /** CPU of this (client) process per sale, µs. */
  clientCpuMicrosPerSale: number;
}

/**
 * Runs `concurrency` workers, each reconciling one sale after the other from `orders` (cycled
 * over accounts), for `seconds` after a warm-up. Every sale is new (new customer, new order).
 */
export async function measureLimit(options: {
  simulatorUrl: string;
  accounts: BenchAccount[];
  orders: SaleOrder[];
  concurrency: number;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  simulatorLatencyMs: number;
}): Promise<LimitResult> {
  const logger = createLogger('bench-limit', 'silent');
  let requests = 0;
  let recording = false;
  const gateway = new VhsysClientGateway({
    baseUrl: options.simulatorUrl,
    timeoutMs: 15_000,
    connections: options.connections,
    onRequest: () => {
      if (recording) requests += 1;
    },
  });
  const byAccount = new Map(options.accounts.map((a) => [a.accountId, new VhsysCredentialPair(a.accessToken, a.secretAccessToken, 1)]));
  const journal = new MemoryJournal();
  const reconciler = new Reconciler(journal, { markerLookbackMs: 15 * 60 * 1000 }, logger);
  let next = 0;
  let sales = 0;
  let errors = 0;
  let firstError: string | null = null;
  const latencies: number[] = [];
  let stop = false;
  const worker = async (): Promise<void> => {
    while (!stop) {
      const order = options.orders[next % options.orders.length]!;
      // Each pass over the list is a new sale (new Guru id, so a new order and customer lookups).
      const pass = Math.floor(next / options.orders.length);
      next += 1;
      const sale: SaleOrder = pass === 0 ? order : { ...order, guruTransactionId: `${order.guruTransactionId}-${pass}`, order: { ...order.order, marker: `${order.order.marker}-${pass}` } };
      const port = gateway.forAccount(sale.accountId, byAccount.get(sale.accountId)!);
      const started = performance.now();
      const ledger = journal.ledgerFor(sale);
      try {
        await reconciler.reconcile({ ledger, port });
        if (recording) {
          sales += 1;
          latencies.push(performance.now() - started);
        }
      } catch (error) {
        if (recording) errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      } finally {
        journal.forget(ledger.saleKey);
      }
    }
  };
  const running = Array.from({ length: options.concurrency }, () => worker());
  await new Promise((r) => setTimeout(r, options.warmupSeconds * 1000));
  const cpuBefore = process.cpuUsage();
  recording = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, options.seconds * 1000));
  recording = false;
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  stop = true;
  await Promise.all(running);
  await gateway.close();
  return {
    concurrency: options.concurrency,
    simulatorLatencyMs: options.simulatorLatencyMs,
    seconds: elapsed,
    sales,
    salesPerSecond: sales / elapsed,
    requests,
    requestsPerSale: requests / Math.max(1, sales),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    firstError,
    clientCpuMicrosPerSale: (cpu.user + cpu.system) / Math.max(1, sales),
  };
}
