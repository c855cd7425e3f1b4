/**
 * Valid SaleOrder test input (what mapping-service would publish on vhsys.sale-orders.v1), built
 * deterministically from a seed. Every object is checked against SaleOrderSchema.
 */
import { allocateCents, generateCpf, generateCnpj } from '@gv/brazil';
import { GuruStatusGroup, Invoice, parseContract, SALE_ORDER, SaleOrder, SaleOrderSchema, VhsysOrderStatus } from '@gv/contracts';

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CatalogProduct {
  vhsysProductId: number;
  guruProductCode: string;
  description: string;
  kind: 'produto' | 'servico';
  unitValueCents: number;
}

export const STATUS_OF: Record<GuruStatusGroup, VhsysOrderStatus> = {
  approved: 'Em Andamento',
  pending: 'Em Aberto',
  refunded: 'Cancelado',
  canceled: 'Cancelado',
};

const GURU_STATUS: Record<GuruStatusGroup, string> = {
  approved: 'approved',
  pending: 'waiting_payment',
  refunded: 'refunded',
  canceled: 'canceled',
};

export interface SaleSpec {
  accountId: string;
  guruTransactionId: string;
  catalog: CatalogProduct[];
  seed: number;
  revision?: number;
  statusGroup?: GuruStatusGroup;
  credentialsVersion?: number;
  onRefundAfterInvoice?: 'manual_cancellation' | 'keep_invoice';
  /** Issue invoices when approved (default true). */
  invoices?: boolean;
  /** Use this customer document (digits) instead of a random one (shared customers). */
  document?: string;
  /** Force which catalog products are sold (indexes). */
  productIndexes?: number[];
  occurredAt?: Date;
}

/** A sale's desired state. Lines, discount, freight and installments vary with the seed. */
export function buildSaleOrder(spec: SaleSpec): SaleOrder {
  const random = seededRandom(spec.seed);
  const statusGroup = spec.statusGroup ?? 'approved';
  const revision = spec.revision ?? 1;
  const pick = spec.productIndexes ?? pickIndexes(random, spec.catalog.length);
  const items = pick.map((index) => {
    const product = spec.catalog[index]!;
    const quantity = 1 + Math.floor(random() * 3);
    const gross = quantity * product.unitValueCents;
    const discountCents = random() < 0.3 ? Math.floor(gross * 0.1) : 0;
    return {
      guruProductCode: product.guruProductCode,
      vhsysProductId: product.vhsysProductId,
      description: product.description,
      kind: product.kind,
      quantity,
      unitValueCents: product.unitValueCents,
      discountCents,
      totalCents: gross - discountCents,
    };
  });
  const itemsTotalCents = items.reduce((s, i) => s + i.totalCents, 0);
  const discountCents = random() < 0.3 ? Math.floor(itemsTotalCents * 0.05) : 0;
  const hasGoods = items.some((i) => i.kind === 'produto');
  const freightCents = hasGoods && random() < 0.4 ? 990 + Math.floor(random() * 2000) : 0;
  const totalCents = itemsTotalCents - discountCents + freightCents;
  const installmentCount = 1 + Math.floor(random() * 3);
  const parts = allocateCents(totalCents, Array.from({ length: installmentCount }, () => 1));
  const card = random() < 0.5;
  const occurredAt = spec.occurredAt ?? new Date(Date.UTC(2026, 5, 10, 15, 0, 0) + revision * 60_000);
  const dataPedido = '2026-06-10';
  const installments = parts.map((valueCents, i) => ({
    number: i + 1,
    dueDate: addDays(dataPedido, 30 * i),
    valueCents,
    formaPagamento: card ? ('Cartão de Crédito' as const) : ('Boleto' as const),
    paid: statusGroup === 'approved' && card,
  }));
  const invoices = statusGroup === 'approved' && (spec.invoices ?? true) ? buildInvoices(items, discountCents, freightCents) : [];
  const document = spec.document ?? (random() < 0.85 ? generateCpf(random) : generateCnpj(random));
  const sale = {
    accountId: spec.accountId,
    guruTransactionId: spec.guruTransactionId,
    revision,
    guruStatus: GURU_STATUS[statusGroup],
    statusGroup,
    occurredAt: occurredAt.toISOString(),
    receivedAt: null,
    configVersion: 1,
    credentialsVersion: spec.credentialsVersion ?? 1,
    customer: {
      tipoPessoa: document.length === 11 ? ('PF' as const) : ('PJ' as const),
      document,
      name: `Cliente ${document.slice(0, 6)}`,
      email: `c${document.slice(0, 6)}@example.com`,
      phone: '41999998888',
      address: {
        street: 'Rua das Flores',
        number: String(1 + Math.floor(random() * 999)),
        complement: '',
        district: 'Centro',
        city: 'Curitiba',
        uf: 'PR',
        cep: '80010000',
      },
    },
    order: {
      marker: spec.guruTransactionId,
      dataPedido,
      status: STATUS_OF[statusGroup],
      situacaoId: null,
      items,
      itemsTotalCents,
      discountCents,
      freightCents,
      totalCents,
      interestCents: 0,
      installments,
      observation: `Venda Guru ${spec.guruTransactionId}`,
    },
    invoices,
    invoicesDueAt: null,
    invoicePolicy: { ambiente: 'homologacao' as const, onRefundAfterInvoice: spec.onRefundAfterInvoice ?? 'manual_cancellation' },
  };
  return parseContract(SALE_ORDER, SaleOrderSchema, sale);
}

/** The same sale at a later revision with another status (no new invoices on reversals). */
export function withStatus(sale: SaleOrder, statusGroup: GuruStatusGroup, revision: number): SaleOrder {
  const next: SaleOrder = structuredClone(sale);
  next.revision = revision;
  next.statusGroup = statusGroup;
  next.guruStatus = GURU_STATUS[statusGroup];
  next.order.status = STATUS_OF[statusGroup];
  next.occurredAt = new Date(Date.parse(sale.occurredAt) + (revision - sale.revision) * 60_000).toISOString();
  if (statusGroup !== 'approved') next.invoices = [];
  next.order.installments = next.order.installments.map((p) => ({ ...p, paid: statusGroup === 'approved' ? p.paid : false }));
  return parseContract(SALE_ORDER, SaleOrderSchema, next);
}

function pickIndexes(random: () => number, count: number): number[] {
  const n = 1 + Math.floor(random() * Math.min(3, count));
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(Math.floor(random() * count));
  return [...chosen].sort((a, b) => a - b);
}

function buildInvoices(items: SaleOrder['order']['items'], discountCents: number, freightCents: number): Invoice[] {
  const kinds = (['produto', 'servico'] as const).filter((k) => items.some((i) => i.kind === k));
  const subtotals = kinds.map((k) => items.filter((i) => i.kind === k).reduce((s, i) => s + i.totalCents, 0));
  const discounts = allocateCents(discountCents, subtotals);
  const freights = kinds.map((k) => (k === 'produto' ? freightCents : 0));
  return kinds.map((kind, n): Invoice => {
    const itemIndexes = items.map((item, i) => (item.kind === kind ? i : -1)).filter((i) => i >= 0);
    const totalCents = subtotals[n]! - discounts[n]! + freights[n]!;
    return kind === 'produto'
      ? { kind: 'nfe', itemIndexes, totalCents, discountCents: discounts[n], freightCents: freights[n], settings: { naturezaOperacao: 'Venda de mercadoria', cfop: '5102', serie: 1 } }
      : {
          kind: 'nfse', itemIndexes, totalCents, discountCents: discounts[n], freightCents: 0,
          settings: { serie: 1, naturezaOperacao: 1, codigoServico: '01.07', aliquotaIss: '2.00', regime: 1, descricaoServico: null },
        };
  });
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
