/**
 * An in-memory Vhsys behind the dispatcher's port, with fault injection per call: a failure before
 * the write (nothing applied), a lost answer after it (applied, outcome unknown), or an auth refusal.
 */
import { mapMarkerSearchResult, MarkerSearchPosition, MarkerSearchResult, searchList, VHSYS_LIMIT_MAX } from '@gv/vhsys-client';
import type { LedgerPatch, LedgerRow, MarkerSearchProgress, StepName, StepRow } from '../../src/ledger/ledger-types';
import type { PendingDone, StepJournal } from '../../src/reconcile/reconciler';
import {
  ClienteDraft, LineItemDraft, LineItemRow, NotaFiscalDraft, NotaFiscalRef, NotaServicoDraft, NotaServicoRef, ParcelaDraft,
  PedidoDraft, PedidoRef, StatusDraft, VhsysPort, VhsysPortError,
} from '../../src/vhsys/vhsys-port';
import fc from 'fast-check';
import type { SaleOrder } from '@gv/contracts';
import { saleKey } from '@gv/contracts';

export type Fault = 'transient' | 'lost' | 'auth' | 'validation' | null;

export interface FakePedido {
  idPed: number;
  idCliente: number;
  referencia: string;
  obs: string;
  status: string;
  situacao: number | null;
  discountCents: number;
  freightCents: number;
  items: LineItemDraft[];
  parcelas: ParcelaDraft[];
  statusHistory: string[];
  createdAt: Date;
}

export interface FakeNota {
  idVenda: number;
  idPedidoRef: number;
  obs: string;
  items: LineItemDraft[];
  discountCents: number;
  freightCents: number;
  emitted: boolean;
}

export interface FakeServico {
  idServico: number;
  idPedidoRef: number;
  obs: string;
  totalCents: number;
  emitted: boolean;
}

export class FakeVhsys {
  readonly clientes = new Map<number, { document: string }>();
  readonly pedidos = new Map<number, FakePedido>();
  readonly notas = new Map<number, FakeNota>();
  readonly servicos = new Map<number, FakeServico>();
  readonly calls: string[] = [];
  /** The offset of every marker-search page read, per port method, in order. */
  readonly markerPages: Array<{ method: string; offset: number }> = [];
  private nextId = 1000;
  /** Decides the fault of each call (method name, whether it writes). */
  fault: (method: string, write: boolean) => Fault = () => null;

  private async call<T>(method: string, write: boolean, work: () => T | Promise<T>): Promise<T> {
    this.calls.push(method);
    const fault = this.fault(method, write);
    if (fault === 'auth') throw new VhsysPortError('auth', 'token inválido');
    if (fault === 'validation') throw new VhsysPortError('validation', 'O formato do campo (x) não é válido', { fields: ['x'] });
    if (fault === 'transient') throw new VhsysPortError('transient', 'Erro ao comunicar com a API');
    const value = await work();
    if (fault === 'lost') throw new VhsysPortError('transient', 'socket hang up', { outcomeUnknown: write });
    return structuredClone(value);
  }

  private id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  port(): VhsysPort {
    return {
      findClienteByDocumento: (document) => this.call('findClienteByDocumento', false, () => {
        const found = [...this.clientes.entries()].find(([, c]) => c.document === document);
        return found ? { idCliente: found[0] } : null;
      }),
      createCliente: (input: ClienteDraft) => this.call('createCliente', true, () => {
        const idCliente = this.id();
        this.clientes.set(idCliente, { document: input.document });
        return { idCliente };
      }),
      findPedidoByMarker: (marker, since, from) => this.call('findPedidoByMarker', false, () => this.markerPage(
        'findPedidoByMarker', [...this.pedidos.values()].filter((x) => x.createdAt >= since), (x) => x.idPed,
        (x) => x.referencia === marker || x.obs.includes(marker), from, (x) => this.pedidoRef(x),
      )),
      getPedido: (idPed) => this.call('getPedido', false, () => this.pedidoRef(this.requirePedido(idPed))),
      createPedido: (input: PedidoDraft) => this.call('createPedido', true, () => {
        const p: FakePedido = {
          idPed: this.id(), idCliente: input.idCliente, referencia: input.referencia, obs: input.obs, status: input.status, situacao: null,
          discountCents: input.discountCents, freightCents: input.freightCents, items: [], parcelas: [], statusHistory: [input.status],
          createdAt: new Date(),
        };
        this.pedidos.set(p.idPed, p);
        return this.pedidoRef(p);
      }),
      updatePedido: (idPed, input) => this.call('updatePedido', true, () => {
        const p = this.requirePedido(idPed);
        Object.assign(p, { obs: input.obs, referencia: input.referencia, discountCents: input.discountCents, freightCents: input.freightCents, status: input.status });
      }),
      listPedidoProdutos: (idPed) => this.call('listPedidoProdutos', false, (): LineItemRow[] =>
        this.requirePedido(idPed).items.map((i) => ({ idProduto: i.idProduto, quantity: i.quantity, totalCents: i.quantity * i.unitValueCents - i.discountCents })),
      ),
      addPedidoProdutos: (idPed, items) => this.call('addPedidoProdutos', true, () => {
        this.requirePedido(idPed).items.push(...items);
      }),
      replacePedidoParcelas: (idPed, parcelas) => this.call('replacePedidoParcelas', true, () => {
        this.requirePedido(idPed).parcelas = parcelas;
      }),
      appendPedidoStatus: (idPed, status: StatusDraft) => this.call('appendPedidoStatus', true, () => {
        const p = this.requirePedido(idPed);
        p.status = status.status;
        p.situacao = status.situacao;
        p.statusHistory.push(status.status);
      }),
      createNotaFiscal: (input: NotaFiscalDraft) => this.call('createNotaFiscal', true, () => {
        const n: FakeNota = { idVenda: this.id(), idPedidoRef: input.idPedidoRef, obs: input.obs, items: [], discountCents: input.discountCents, freightCents: input.freightCents, emitted: false };
        this.notas.set(n.idVenda, n);
        return this.notaRef(n);
      }),
      findNotaFiscalByPedido: (idPed, _marker, _since, from) => this.call('findNotaFiscalByPedido', false, () => this.markerPage(
        'findNotaFiscalByPedido', [...this.notas.values()], (x) => x.idVenda, (x) => x.idPedidoRef === idPed, from, (x) => this.notaRef(x),
      )),
      addNotaFiscalProdutos: (idVenda, items) => this.call('addNotaFiscalProdutos', true, () => {
        this.requireNota(idVenda).items.push(...items);
      }),
      getNotaFiscal: (idVenda) => this.call('getNotaFiscal', false, () => this.notaRef(this.requireNota(idVenda))),
      emitirNotaFiscal: (idVenda) => this.call('emitirNotaFiscal', true, () => {
        const n = this.requireNota(idVenda);
        if (n.emitted) throw new VhsysPortError('permanent', 'Nota já emitida');
        n.emitted = true;
        return { danfeUrl: `https://danfe.example/${idVenda}.pdf` };
      }),
      createNotaServico: (input: NotaServicoDraft) => this.call('createNotaServico', true, () => {
        const n: FakeServico = { idServico: this.id(), idPedidoRef: input.idPedidoRef, obs: input.obs, totalCents: input.totalCents, emitted: false };
        this.servicos.set(n.idServico, n);
        return this.servicoRef(n);
      }),
      findNotaServicoByMarker: (marker, _idPed, _since, from) => this.call('findNotaServicoByMarker', false, () => this.markerPage(
        'findNotaServicoByMarker', [...this.servicos.values()], (x) => x.idServico, (x) => x.obs.includes(marker), from, (x) => this.servicoRef(x),
      )),
      getNotaServico: (idServico) => this.call('getNotaServico', false, () => this.servicoRef(this.requireServico(idServico))),
      emitirNotaServico: (idServico) => this.call('emitirNotaServico', true, () => {
        const n = this.requireServico(idServico);
        if (n.emitted) throw new VhsysPortError('permanent', 'Nota já emitida');
        n.emitted = true;
        return { numeroNfs: `NFS${idServico}` };
      }),
    };
  }

  /** `count` orders of other sales (no marker), as an account's everyday activity leaves them. */
  addOtherPedidos(count: number): void {
    for (let i = 0; i < count; i += 1) {
      const idPed = this.id();
      this.pedidos.set(idPed, {
        idPed, idCliente: 1, referencia: `other-${idPed}`, obs: '', status: 'Em Aberto', situacao: null, discountCents: 0, freightCents: 0,
        items: [], parcelas: [], statusHistory: ['Em Aberto'], createdAt: new Date(),
      });
    }
  }

  /**
   * One page of a marker search over `rows` (ordered by `keyOf`, 250 a page), the way the Vhsys
   * client reads it (the same search, one page per call); the page's offset is recorded.
   */
  private async markerPage<R, T>(
    method: string, rows: R[], keyOf: (row: R) => number, matches: (row: R) => boolean, from: MarkerSearchPosition | null, toRef: (row: R) => T,
  ): Promise<MarkerSearchResult<T>> {
    const list = [...rows].sort((a, b) => keyOf(a) - keyOf(b));
    const result = await searchList({
      fetchPage: async ({ limit, offset }) => {
        this.markerPages.push({ method, offset });
        const page = list.slice(offset, offset + limit);
        return { rows: page, paging: { totalCount: page.length, total: list.length, offset, limit, limitMax: VHSYS_LIMIT_MAX } };
      },
      keyOf,
      matches,
    }, from, 1);
    return mapMarkerSearchResult(result, toRef);
  }

  pedidosWithMarker(marker: string): FakePedido[] {
    return [...this.pedidos.values()].filter((p) => p.referencia === marker);
  }

  notasOf(idPed: number): FakeNota[] {
    return [...this.notas.values()].filter((n) => n.idPedidoRef === idPed);
  }

  servicosOf(idPed: number): FakeServico[] {
    return [...this.servicos.values()].filter((n) => n.idPedidoRef === idPed);
  }

  static orderTotal(p: FakePedido): number {
    return p.items.reduce((s, i) => s + i.quantity * i.unitValueCents - i.discountCents, 0) - p.discountCents + p.freightCents;
  }

  static notaTotal(n: FakeNota): number {
    return n.items.reduce((s, i) => s + i.quantity * i.unitValueCents - i.discountCents, 0) - n.discountCents + n.freightCents;
  }

  private pedidoRef(p: FakePedido): PedidoRef {
    return { idPed: p.idPed, idPedido: p.idPed - 1000, status: p.status, situacao: p.situacao, totalCents: FakeVhsys.orderTotal(p) };
  }

  private notaRef(n: FakeNota): NotaFiscalRef {
    const items = n.items.reduce((s, i) => s + i.quantity * i.unitValueCents - i.discountCents, 0);
    return {
      idVenda: n.idVenda, emitted: n.emitted, notaChave: n.emitted ? `4126${String(n.idVenda).padStart(40, '0')}` : null,
      protocolo: n.emitted ? `P${n.idVenda}` : null, danfeUrl: null, itemsTotalCents: items, totalCents: FakeVhsys.notaTotal(n),
    };
  }

  private servicoRef(n: FakeServico): NotaServicoRef {
    return { idServico: n.idServico, emitted: n.emitted, numeroNfs: n.emitted ? `NFS${n.idServico}` : null, totalCents: n.totalCents };
  }

  private requirePedido(idPed: number): FakePedido {
    const p = this.pedidos.get(idPed);
    if (!p) throw new VhsysPortError('not_found', 'Nenhum pedido encontrado!');
    return p;
  }

  private requireNota(idVenda: number): FakeNota {
    const n = this.notas.get(idVenda);
    if (!n) throw new VhsysPortError('not_found', 'Nenhuma nota fiscal encontrada!');
    return n;
  }

  private requireServico(idServico: number): FakeServico {
    const n = this.servicos.get(idServico);
    if (!n) throw new VhsysPortError('not_found', 'Nenhuma nota de serviço encontrada!');
    return n;
  }
}

/** The reconciler's journal in memory, holding one ledger row per sale. */
export class MemoryJournal implements StepJournal {
  readonly rows = new Map<string, LedgerRow>();
  readonly stepRows = new Map<string, Map<StepName, StepRow>>();
  /** Simulates a crash right after a journal write (throws once when it returns true). */
  crashAfter: (op: 'start' | 'finish', step: StepName) => boolean = () => false;

  ledgerFor(sale: SaleOrder): LedgerRow {
    const key = saleKey(sale.accountId, sale.guruTransactionId);
    const existing = this.rows.get(key);
    const row: LedgerRow = existing
      ? { ...existing, desired: sale, desiredRevision: sale.revision }
      : {
          saleKey: key, accountId: sale.accountId, guruTransactionId: sale.guruTransactionId, desiredRevision: sale.revision, desired: sale,
          status: 'pending', reconciledRevision: null, attempts: 0, retryGeneration: 0, nextAttemptAt: null, lastErrorKind: null, lastError: null, reprocessRequestId: null,
          traceCarrier: {}, idCliente: null, idPed: null, idPedido: null, orderCreatedRevision: null, lastChangeRevision: null,
          appliedHeaderHash: null, appliedItemsHash: null, appliedInstallmentsHash: null, appliedStatus: null, appliedSituacao: null,
          nfeIdVenda: null, nfeEmitted: false, nfeChave: null, nfeProtocolo: null, nfeDanfeUrl: null, nfseIdServico: null, nfseEmitted: false,
          nfseNumero: null, manualCancellationRevision: null, createdAt: new Date(), updatedAt: new Date(),
        };
    this.rows.set(key, row);
    return structuredClone(row);
  }

  async steps(key: string): Promise<Map<StepName, StepRow>> {
    return new Map([...(this.stepRows.get(key) ?? new Map<StepName, StepRow>()).entries()].map(([k, v]) => [k, { ...v }]));
  }

  async startStep(key: string, step: StepName, revision: number): Promise<StepRow> {
    const steps = this.stepRows.get(key) ?? new Map<StepName, StepRow>();
    this.stepRows.set(key, steps);
    const row: StepRow = { step, state: 'started', revision, runs: (steps.get(step)?.runs ?? 0) + 1, startedAt: new Date(Date.now() - 1), finishedAt: null, result: null, error: null, markerSearch: null };
    steps.set(step, row);
    if (this.crashAfter('start', step)) throw new Error(`crash after starting ${step}`);
    return { ...row };
  }

  async finishStep(key: string, step: StepName, revision: number, result: Record<string, unknown>, patch: LedgerPatch, changed: boolean): Promise<void> {
    const steps = this.stepRows.get(key) ?? new Map<StepName, StepRow>();
    this.stepRows.set(key, steps);
    steps.set(step, { step, state: 'done', revision, runs: steps.get(step)?.runs ?? 1, startedAt: steps.get(step)?.startedAt ?? new Date(), finishedAt: new Date(), result, error: null, markerSearch: null });
    await this.patch(key, changed ? { ...patch, lastChangeRevision: revision } : patch);
    if (this.crashAfter('finish', step)) throw new Error(`crash after finishing ${step}`);
  }

  async failStep(key: string, step: StepName, error: string, run: number | null): Promise<void> {
    const row = this.stepRows.get(key)?.get(step);
    if (row && (run === null || row.runs === run)) Object.assign(row, { state: 'failed', error });
  }

  async saveMarkerSearch(key: string, step: StepName, run: number, search: MarkerSearchProgress): Promise<void> {
    const row = this.stepRows.get(key)?.get(step);
    if (row?.state === 'started' && row.runs === run) row.markerSearch = structuredClone(search);
  }

  async patch(key: string, patch: LedgerPatch): Promise<void> {
    const row = this.rows.get(key);
    if (!row) throw new Error(`no ledger row ${key}`);
    Object.assign(row, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
  }

  /** What completeReconcile stores. */
  complete(key: string, revision: number, patch: LedgerPatch, finalStep: PendingDone | null = null): void {
    const row = this.rows.get(key)!;
    if (finalStep) {
      const steps = this.stepRows.get(key) ?? new Map<StepName, StepRow>();
      this.stepRows.set(key, steps);
      const previous = steps.get(finalStep.step);
      steps.set(finalStep.step, {
        step: finalStep.step, state: 'done', revision: finalStep.revision, runs: previous?.runs ?? 1,
        startedAt: previous?.startedAt ?? new Date(), finishedAt: new Date(), result: finalStep.result, error: null, markerSearch: null,
      });
    }
    Object.assign(row, patch, { reconciledRevision: revision, status: 'reconciled' });
  }
}

/**
 * Plays a schedule of faults on both sides: the n-th Vhsys call gets the n-th entry as its fault
 * ('crash' entries are no fault there), and the journal crashes after its m-th write when the m-th
 * entry is 'crash'. A finite prefix: past its end everything succeeds (Vhsys recovers eventually).
 */
export function playSchedule(journal: MemoryJournal, vhsys: FakeVhsys, schedule: Array<Fault | 'crash'>): void {
  let n = 0;
  vhsys.fault = () => {
    const f = schedule[n++];
    return f === 'crash' ? null : (f ?? null);
  };
  let m = 0;
  journal.crashAfter = () => schedule[m++] === 'crash';
}

/** Property tests' fault schedules: a finite prefix of faults and crashes, mostly none. */
export function faultSchedules(maxLength: number): fc.Arbitrary<Array<Fault | 'crash'>> {
  return fc.array(fc.constantFrom<Fault | 'crash'>(null, null, 'transient', 'lost', 'crash'), { minLength: 1, maxLength });
}

/** Property tests' product mixes (catalogue indexes): NF-e only, NFS-e only, both, two NF-e items and a service. */
export const productMixes: fc.Arbitrary<number[]> = fc.constantFrom([0], [1], [0, 1], [0, 1, 2]);
