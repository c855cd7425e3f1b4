import type { EntityManager } from 'typeorm';
import { returnedRows } from '@gv/db';
import { toBrasiliaDate } from '@gv/brazil';
import { AUDIT_MAX_PERIOD_DAYS, auditPeriodProblem, isRepairableFinding } from '@gv/contracts';
import type { Semaphore } from '@gv/concurrency';
import type { InboundMessage } from '@gv/kafka';
import type { Logger } from '@gv/telemetry';
import type { CredentialsProvider } from '../credentials/credentials-provider';
import type { AccountGate } from '../dispatch/account-gate';
import type { DispatchService } from '../dispatch/dispatch-service';
import type { LedgerStore } from '../ledger/ledger-store';
import { VhsysGateway, VhsysPortError } from '../vhsys/vhsys-port';
import { compareSale, NotasServicoIndex, unknownMarkedPedido, wantsInvoice } from './audit-findings';
import type { AuditNotaFiscal, AuditPage, VhsysAuditPort } from './audit-port';
import type { AuditFinding, AuditRun, AuditStore, SalesCursor } from './audit-store';

export interface AuditPeriod {
  /** ISO-8601 with its offset, e.g. 2026-03-01T00:00:00-03:00. */
  from: string;
  to: string;
}

export { AUDIT_MAX_PERIOD_DAYS };
/** Ledger sales read per page. */
const SALES_PAGE = 100;
/** Listing pages (250 rows) one audit may read per listing: bounds a run over a huge account. */
const MAX_LIST_PAGES = 400;
/** Reads refused by the local rate limit are waited for and tried again, at most this often. */
const MAX_RATE_WAITS = 50;
/** Findings in `repairing` one settle pass looks at. */
const SETTLE_BATCH = 100;

/** Validates the period (the audit-requests contract's rule: auditPeriodProblem). */
export function parseAuditPeriod(period: AuditPeriod): { from: Date; to: Date } {
  const problem = auditPeriodProblem(period);
  if (problem) throw new AuditInputError(problem.field, problem.message);
  return { from: new Date(period.from), to: new Date(period.to) };
}

export class AuditInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'AuditInputError';
  }
}

export interface AuditEngineDeps {
  store: AuditStore;
  ledger: LedgerStore;
  gateway: VhsysGateway;
  credentials: CredentialsProvider;
  slots: Semaphore;
  gate: AccountGate;
  dispatch: DispatchService;
  logger: Logger;
}

/**
 * "Conferir com o Vhsys" (docs/dispatcher.md#audit). An audit only reads Vhsys, one request at a
 * time, through the account's client (its shared per-request rate limit), a slot of the global
 * concurrency cap and its circuit; a write happens only in `repairFinding`, through the existing
 * reprocess path (DispatchService.handleReprocess) under the sale's lease.
 */
export class AuditEngine {
  constructor(private readonly deps: AuditEngineDeps) {}

  /**
   * Runs one audit. `runId` (the request's auditId) names the run: a run of that id left
   * `running` by a crash is started over (its findings dropped), so a redelivered request never
   * leaves two runs; callers re-publish a finished one instead of calling this.
   */
  async auditAccount(accountId: string, period: AuditPeriod, requestedBy: string, runId?: string, onStarted?: (run: AuditRun) => Promise<void>): Promise<AuditRun> {
    if (typeof accountId !== 'string' || accountId.length === 0 || accountId.length > 100) throw new AuditInputError('accountId', 'accountId must be 1–100 characters');
    if (typeof requestedBy !== 'string' || requestedBy.length === 0 || requestedBy.length > 200) throw new AuditInputError('requestedBy', 'requestedBy must be 1–200 characters');
    const { from, to } = parseAuditPeriod(period);
    const { store } = this.deps;
    const run = await store.startRun(accountId, from, to, requestedBy, runId);
    if (onStarted) await onStarted(run);
    const counts = { salesChecked: 0, salesSkipped: 0, pedidosListed: 0 };
    try {
      const port = await this.portOf(accountId);
      // The NF-e of the period's pedidos, by pedido: one listing instead of a search per sale.
      const notasByPedido = new Map<number, AuditNotaFiscal[]>();
      await this.list(accountId, (offset) => port.listNotasFiscaisSince(from, offset), (n) => {
        if (n.idPedidoRef === null) return;
        notasByPedido.set(n.idPedidoRef, [...(notasByPedido.get(n.idPedidoRef) ?? []), n]);
      });
      // The NFS-e likewise, by pedido and by the marker in their observation.
      const notasServico = new NotasServicoIndex();
      await this.list(accountId, (offset) => port.listNotasServicoSince(from, offset), (n) => notasServico.add(n));
      let after: SalesCursor | null = null;
      for (;;) {
        const sales = await store.salesPage(accountId, from, to, after, SALES_PAGE);
        if (sales.length === 0) break;
        for (const ledger of sales) {
          after = { occurredAt: ledger.desired.occurredAt, saleKey: ledger.saleKey };
          // Only a sale Vhsys is meant to match: reconciled at its desired revision, with a pedido.
          if (ledger.status !== 'reconciled' || ledger.idPed === null) {
            counts.salesSkipped += 1;
            continue;
          }
          const idPed = ledger.idPed;
          const pedido = await this.read(accountId, () => port.auditPedido(idPed));
          const live = pedido !== null && !pedido.inLixeira;
          const items = live && ledger.appliedItemsHash !== null ? await this.read(accountId, () => port.auditPedidoItems(idPed)) : null;
          const nfeId = ledger.nfeIdVenda;
          const nfe = live && nfeId !== null ? await this.read(accountId, () => port.auditNotaFiscal(nfeId)) : null;
          const nfseId = ledger.nfseIdServico;
          const nfse = live && nfseId !== null && wantsInvoice(ledger, 'nfse') ? await this.read(accountId, () => port.auditNotaServico(nfseId)) : null;
          const findings = compareSale(ledger, {
            pedido, items, nfe, notasOfPedido: notasByPedido.get(idPed) ?? [],
            nfse, notasServicoOfSale: notasServico.emittedOfSale(idPed, ledger.desired.order.marker),
          });
          await store.addFindings(run, { saleKey: ledger.saleKey, guruTransactionId: ledger.guruTransactionId }, findings);
          counts.salesChecked += 1;
        }
      }
      // Live pedidos with a Guru marker whose data_pedido falls in the period and the ledger does not know.
      const fromDay = toBrasiliaDate(from);
      const toDay = toBrasiliaDate(to);
      await this.list(accountId, (offset) => port.listPedidosSince(from, offset), undefined, async (page) => {
        counts.pedidosListed += page.rows.length;
        const inPeriod = page.rows.filter((p) => p.dataPedido !== null && p.dataPedido >= fromDay && p.dataPedido <= toDay);
        const known = await store.pedidosByMarker(accountId, inPeriod.map((p) => p.referencia));
        for (const p of inPeriod) {
          const finding = unknownMarkedPedido(p, known.has(p.referencia) ? known.get(p.referencia) : undefined);
          if (finding) await store.addFindings(run, null, [finding]);
        }
      });
      return await store.finishRun(run.id, counts, null);
    } catch (error) {
      this.deps.logger.warn({ runId: run.id, accountId, err: { message: (error as Error).message } }, 'audit failed');
      return store.finishRun(run.id, counts, (error as Error).message);
    }
  }

  async acceptFinding(findingId: string, by: string): Promise<AuditFinding> {
    const accepted = await this.deps.store.accept(findingId, by);
    if (!accepted) throw new AuditInputError('findingId', 'no open finding with this id');
    return accepted;
  }

  /**
   * Brings the finding's sale back to its desired state: the ledger forgets what Vhsys lost (see
   * forgetFor), then the sale goes through the reprocess path. The finding is `repaired` when the
   * sale comes back reconciled with a change at its revision (created / updated); otherwise it
   * stays `repairing` with a note saying where the sale is (its later outcome is in the results).
   */
  async repairFinding(findingId: string, by: string): Promise<AuditFinding> {
    const current = await this.deps.store.finding(findingId);
    if (!current) throw new AuditInputError('findingId', 'unknown finding');
    if (!isRepairableFinding(current) || current.saleKey === null) {
      throw new AuditInputError('findingId', `this ${current.kind} finding cannot be repaired by the dispatcher: accept it, or fix it in Vhsys by hand`);
    }
    const taken = await this.deps.store.beginRepair(findingId, by, (manager, finding) => forgetFor(manager, finding));
    if (!taken) throw new AuditInputError('findingId', `the finding is ${current.resolution}, not open`);
    const key = taken.saleKey!;
    const before = await this.deps.ledger.get(key);
    if (!before) return this.deps.store.concludeRepair(findingId, 'repair_failed', 'the sale is no longer in the ledger');
    const message: InboundMessage = { topic: 'audit-repair', partition: 0, offset: '0', key, value: null, headers: {}, timestamp: String(Date.now()) };
    try {
      await this.deps.dispatch.handleReprocess({
        accountId: before.accountId, guruTransactionId: before.guruTransactionId, requestId: taken.repairRequestId!,
        requestedBy: by, requestedAt: new Date().toISOString(),
      }, message);
    } catch (error) {
      return this.deps.store.concludeRepair(findingId, 'repair_failed', `${taken.repairNote}; the dispatch failed: ${(error as Error).message}`);
    }
    const after = await this.deps.ledger.get(key);
    const changed = after !== null && after.status === 'reconciled' && after.reconciledRevision === after.desiredRevision
      && (after.orderCreatedRevision === after.desiredRevision || after.lastChangeRevision === after.desiredRevision);
    const where = after ? `sale ${after.status}, pedido ${after.idPed ?? 'none'}` : 'sale gone';
    const outcome = changed ? 'repaired' : after === null || after.status === 'failed' ? 'repair_failed' : 'repairing';
    return this.deps.store.concludeRepair(findingId, outcome, `${taken.repairNote}; ${where}`);
  }

  /**
   * Concludes repairs whose re-dispatch ended after `repairFinding` returned (the sale was
   * retrying or parked then): a finding in `repairing` becomes `repaired` once its sale is
   * reconciled at its desired revision (the repair had reopened it, so only a reconcile after the
   * repair gets there), or `repair_failed` once the sale is `failed` (given up) or gone from the
   * ledger. Each change goes through `conclude` (compare-and-set on `repairing`, so two instances
   * settle a finding once). Called before each audit request and by the dispatcher's settle timer.
   */
  async settleRepairs(accountId: string | null, conclude: (finding: AuditFinding, outcome: 'repaired' | 'repair_failed', note: string) => Promise<void>): Promise<number> {
    const pending = await this.deps.store.repairing(accountId, SETTLE_BATCH);
    let settled = 0;
    for (const finding of pending) {
      const sale = finding.saleKey === null ? null : await this.deps.ledger.get(finding.saleKey);
      if (sale !== null && sale.status === 'reconciled' && sale.reconciledRevision === sale.desiredRevision) {
        await conclude(finding, 'repaired', `${finding.repairNote ?? 'repair'}; sale reconciled at revision ${sale.desiredRevision}, pedido ${sale.idPed ?? 'none'}`);
      } else if (sale === null || sale.status === 'failed') {
        await conclude(finding, 'repair_failed', `${finding.repairNote ?? 'repair'}; ${sale === null ? 'the sale is no longer in the ledger' : `the sale's dispatch failed: ${sale.lastError ?? 'given up'}`}`);
      } else {
        continue;
      }
      settled += 1;
    }
    return settled;
  }

  // ---- Vhsys reads ----------------------------------------------------------------------------

  private async portOf(accountId: string): Promise<VhsysAuditPort> {
    if (!this.deps.gateway.forAudit) throw new Error('this Vhsys gateway has no audit reads');
    const fetched = await this.deps.credentials.get(accountId, 0);
    return this.deps.gateway.forAudit(accountId, fetched.pair);
  }

  /**
   * One read: waits while the account's circuit is open or throttled, takes a global concurrency
   * slot, and waits out a local rate-limit refusal (the audit is never a reason to exceed the
   * quota, and goes one request at a time so live dispatch keeps its share).
   */
  private async read<T>(accountId: string, call: () => Promise<T>): Promise<T> {
    for (let waits = 0; ; waits += 1) {
      const blocked = this.deps.gate.blockedUntil(accountId);
      if (blocked !== null) await sleep(Math.min(blocked - Date.now(), 30_000));
      const release = await this.deps.slots.acquire();
      try {
        const value = await call();
        this.deps.gate.recordSuccess(accountId);
        return value;
      } catch (error) {
        if (error instanceof VhsysPortError && error.local && error.kind === 'rate_limited' && waits < MAX_RATE_WAITS) {
          await sleep(error.retryAfterMs ?? 1000);
          continue;
        }
        throw error;
      } finally {
        release();
      }
    }
  }

  private async list<T>(
    accountId: string,
    readPage: (offset: number) => Promise<AuditPage<T>>,
    each?: (row: T) => void,
    onPage?: (page: AuditPage<T>) => Promise<void>,
  ): Promise<void> {
    let offset: number | null = 0;
    for (let pages = 0; offset !== null; pages += 1) {
      if (pages >= MAX_LIST_PAGES) throw new Error(`more than ${MAX_LIST_PAGES} listing pages: audit a shorter period`);
      const page: AuditPage<T> = await this.read(accountId, () => readPage(offset!));
      if (each) page.rows.forEach(each);
      if (onPage) await onPage(page);
      offset = page.nextOffset;
    }
  }
}

const PEDIDO_STEPS = ['order', 'order_header', 'order_items', 'installments', 'status'];

/** The ledger's columns and journal steps of each invoice a finding can be about (its `expected.invoice`). */
const INVOICE_LEDGER = {
  nfe: { label: 'NF-e', idColumn: 'nfe_id_venda', emittedColumn: 'nfe_emitted', detailColumns: ['nfe_chave', 'nfe_protocolo', 'nfe_danfe_url'], steps: ['nfe_create', 'nfe_items', 'nfe_emit'] },
  nfse: { label: 'NFS-e', idColumn: 'nfse_id_servico', emittedColumn: 'nfse_emitted', detailColumns: ['nfse_numero'], steps: ['nfse_create', 'nfse_emit'] },
} as const;

/** Which invoice an invoice finding is about (findings from before the NFS-e audit are all NF-e). */
function invoiceOfFinding(finding: AuditFinding): keyof typeof INVOICE_LEDGER {
  return finding.expected?.invoice === 'nfse' ? 'nfse' : 'nfe';
}

/**
 * What the ledger forgets before a repair's reprocess, in the repair's transaction (returns a note;
 * an AuditInputError refuses the repair and rolls the transaction back, so the finding stays open):
 * - pedido_missing / pedido_in_lixeira: the dead pedido's ids, applied hashes and steps, only while
 *   the ledger still points at that pedido (compare-and-set on id_ped: a second repair of it, from
 *   this or another audit, forgets nothing and creates nothing). The reconciler then creates one
 *   new pedido; a pedido in the lixeira is never restored. An EMITTED NF-e/NFS-e is kept as it is
 *   (never emitted again); an unemitted draft of the dead pedido is forgotten (a new one is made
 *   for the new pedido).
 * - total_differs: the applied header (a PUT restores discount and freight);
 * - status_differs: the applied status (a status row is appended);
 * - invoice_missing (NF-e or NFS-e, `expected.invoice`): an unemitted invoice's ids and steps, so
 *   one is made and emitted; refused when the ledger holds it as emitted (an emitted invoice is
 *   never recreated), and when the same audit found an emitted one of the sale unknown to the
 *   ledger (a new one would be the sale's second);
 * - invoice_not_emitted, NF-e: refused before this point (isRepairableFinding: re-emitting would
 *   re-run the NF-e's items step unchecked); the seller emits it in Vhsys and accepts the finding;
 * - invoice_not_emitted, NFS-e: the ledger's emission of that NFS-e (compare-and-set on its id),
 *   and its nfse_emit step is left `started`, so the reconciler first reads the NFS-e and emits it
 *   only if Vhsys still holds it as not emitted: the same nota, never a second one (refused, too,
 *   beside an unknown emitted NFS-e of the sale).
 * In every case the sale is marked not reconciled, so the reprocess reconciles it.
 */
async function forgetFor(manager: EntityManager, finding: AuditFinding): Promise<string> {
  const key = finding.saleKey!;
  const reopen = `"reconciled_revision" = NULL, "status" = 'pending', "updated_at" = now()`;
  switch (finding.kind) {
    case 'pedido_missing':
    case 'pedido_in_lixeira': {
      const rows = returnedRows<{ nfe_emitted: boolean; nfse_emitted: boolean }>(await manager.query(
        `UPDATE "sale_ledger" SET "id_ped" = NULL, "id_pedido" = NULL, "order_created_revision" = NULL, "applied_header_hash" = NULL,
           "applied_items_hash" = NULL, "applied_installments_hash" = NULL, "applied_status" = NULL, "applied_situacao" = NULL,
           "nfe_id_venda" = CASE WHEN "nfe_emitted" THEN "nfe_id_venda" ELSE NULL END,
           "nfse_id_servico" = CASE WHEN "nfse_emitted" THEN "nfse_id_servico" ELSE NULL END,
           ${reopen}
         WHERE "sale_key" = $1 AND "id_ped" = $2 RETURNING "nfe_emitted", "nfse_emitted"`,
        [key, finding.idPed],
      ));
      const row = rows[0];
      if (!row) return `the ledger no longer points at pedido ${finding.idPed}: nothing forgotten`;
      const steps = [...PEDIDO_STEPS, ...(row.nfe_emitted ? [] : INVOICE_LEDGER.nfe.steps), ...(row.nfse_emitted ? [] : INVOICE_LEDGER.nfse.steps)];
      await manager.query(`DELETE FROM "sale_step" WHERE "sale_key" = $1 AND "step" = ANY($2::text[])`, [key, steps]);
      return `pedido ${finding.idPed} forgotten${row.nfe_emitted || row.nfse_emitted ? '; emitted invoice kept' : ''}`;
    }
    case 'total_differs':
      await manager.query(`UPDATE "sale_ledger" SET "applied_header_hash" = NULL, ${reopen} WHERE "sale_key" = $1`, [key]);
      return 'order header to be sent again';
    case 'status_differs':
      await manager.query(`UPDATE "sale_ledger" SET "applied_status" = NULL, "applied_situacao" = NULL, ${reopen} WHERE "sale_key" = $1`, [key]);
      return 'status to be appended again';
    case 'invoice_missing': {
      const invoice = invoiceOfFinding(finding);
      const ledger = INVOICE_LEDGER[invoice];
      const rows = returnedRows(await manager.query(
        `UPDATE "sale_ledger" SET "${ledger.idColumn}" = NULL, ${ledger.detailColumns.map((c) => `"${c}" = NULL`).join(', ')}, ${reopen}
          WHERE "sale_key" = $1 AND NOT "${ledger.emittedColumn}" RETURNING 1`,
        [key],
      ));
      if (rows.length === 0) throw new AuditInputError('findingId', `the ledger holds this ${ledger.label} as emitted: it is never emitted again; fix it in Vhsys by hand`);
      await refuseBesideUnknownEmitted(manager, finding, invoice);
      await manager.query(`DELETE FROM "sale_step" WHERE "sale_key" = $1 AND "step" = ANY($2::text[])`, [key, ledger.steps]);
      return `unemitted ${ledger.label} forgotten`;
    }
    case 'invoice_not_emitted': {
      const idServico = Number(finding.expected?.idServico);
      const rows = returnedRows(await manager.query(
        `UPDATE "sale_ledger" SET "nfse_emitted" = false, "nfse_numero" = NULL, ${reopen} WHERE "sale_key" = $1 AND "nfse_id_servico" = $2 RETURNING 1`,
        [key, idServico],
      ));
      if (rows.length === 0) throw new AuditInputError('findingId', `the ledger no longer holds NFS-e ${idServico} for this sale: audit again`);
      await refuseBesideUnknownEmitted(manager, finding, 'nfse');
      // `started`: an emit whose outcome is to be read from Vhsys before any write (the reconciler's resolution).
      await manager.query(
        `INSERT INTO "sale_step" ("sale_key", "step", "state", "revision", "runs", "started_at")
           SELECT "sale_key", 'nfse_emit', 'started', "desired_revision", 0, now() FROM "sale_ledger" WHERE "sale_key" = $1
         ON CONFLICT ("sale_key", "step") DO UPDATE SET "state" = 'started', "started_at" = now(), "finished_at" = NULL, "error" = NULL, "marker_search" = NULL`,
        [key],
      );
      return `NFS-e ${idServico} to be emitted if Vhsys still holds it as not emitted`;
    }
    default:
      throw new AuditInputError('findingId', `a ${finding.kind} finding cannot be repaired`);
  }
}

/**
 * Refuses to issue an invoice for the sale when the same audit found an emitted one of that kind
 * (NF-e / NFS-e) that the ledger does not know: issuing would give the sale a second emitted invoice.
 */
async function refuseBesideUnknownEmitted(manager: EntityManager, finding: AuditFinding, invoice: keyof typeof INVOICE_LEDGER): Promise<void> {
  const rows = returnedRows(await manager.query(
    `SELECT 1 FROM "audit_finding" WHERE "run_id" = $1 AND "sale_key" = $2 AND "kind" = 'invoice_unknown_to_ledger' AND "expected"->>'invoice' = $3 LIMIT 1`,
    [finding.runId, finding.saleKey, invoice],
  ));
  if (rows.length > 0) {
    throw new AuditInputError('findingId', `this audit found an emitted ${INVOICE_LEDGER[invoice].label} of the sale that the ledger does not know: issuing another would make a second; settle it in Vhsys by hand`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

