/**
 * Pure translation of a SaleOrder (the desired state) into what is sent to Vhsys, plus short
 * fingerprints of each part so the reconciler can tell whether a later revision changed it.
 */
import { createHash } from 'crypto';
import type { Invoice, SaleOrder } from '@gv/contracts';
import { toBrasiliaDate } from '@gv/brazil';
import type {
  ClienteDraft, LineItemDraft, NotaFiscalDraft, NotaServicoDraft, ParcelaDraft, PedidoDraft, StatusDraft,
} from '../vhsys/vhsys-port';

export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 24);
}

/** The observation written to the order: the mapped text, always carrying the marker. */
export function observationWithMarker(sale: SaleOrder): string {
  const { observation, marker } = sale.order;
  return observation.includes(marker) ? observation : `${observation}${observation ? '\n' : ''}Guru: ${marker}`;
}

export function clienteDraft(sale: SaleOrder): ClienteDraft {
  const c = sale.customer;
  return {
    tipoPessoa: c.tipoPessoa,
    document: c.document,
    name: c.name,
    email: c.email,
    phone: c.phone,
    address: c.address ? { ...c.address } : null,
  };
}

export function pedidoDraft(sale: SaleOrder, idCliente: number, status: string = sale.order.status): PedidoDraft {
  return {
    idCliente,
    nomeCliente: sale.customer.name,
    dataPedido: sale.order.dataPedido,
    status,
    discountCents: sale.order.discountCents,
    freightCents: sale.order.freightCents,
    referencia: sale.order.marker,
    obs: observationWithMarker(sale),
  };
}

/** The order header fields a PUT can change later (status is its own step). */
export function headerHash(sale: SaleOrder): string {
  const p = pedidoDraft(sale, 0, '');
  return fingerprint([p.nomeCliente, p.dataPedido, p.discountCents, p.freightCents, p.referencia, p.obs]);
}

export function itemsDraft(sale: SaleOrder, indexes?: number[]): LineItemDraft[] {
  const items = indexes ? indexes.map((i) => sale.order.items[i]!) : sale.order.items;
  return items.map((item) => ({
    idProduto: item.vhsysProductId,
    description: item.description,
    quantity: item.quantity,
    unitValueCents: item.unitValueCents,
    discountCents: item.discountCents,
  }));
}

export function itemsHash(sale: SaleOrder): string {
  return fingerprint(itemsDraft(sale));
}

export function parcelasDraft(sale: SaleOrder): ParcelaDraft[] {
  const total = sale.order.installments.length;
  return sale.order.installments.map((p) => ({
    dueDate: p.dueDate,
    valueCents: p.valueCents,
    formaPagamento: p.formaPagamento,
    observacao: `${p.number}/${total}`,
    paid: p.paid,
  }));
}

export function installmentsHash(sale: SaleOrder): string {
  return fingerprint(parcelasDraft(sale));
}

export interface StatusTarget {
  status: string;
  situacao: number | null;
}

export function statusTarget(sale: SaleOrder): StatusTarget {
  return { status: sale.order.status, situacao: sale.order.situacaoId };
}

/**
 * Whether an order's status in Vhsys is the target (a situação only counts when the target has
 * one): the reconciler's resolution of an interrupted status step and the audit both use it.
 */
export function statusMatches(target: StatusTarget, found: { status: string; situacao: number | null }): boolean {
  return found.status === target.status && (target.situacao === null || found.situacao === target.situacao);
}

/** An order's items as comparable keys (product × quantity, sorted): what "the same items" means. */
export function orderItemKeys(rows: { idProduto: number; quantity: number }[]): string[] {
  return rows.map((r) => `${r.idProduto}x${r.quantity}`).sort();
}

export function desiredItemKeys(sale: SaleOrder): string[] {
  return orderItemKeys(sale.order.items.map((i) => ({ idProduto: i.vhsysProductId, quantity: i.quantity })));
}

export function statusDraft(sale: SaleOrder, now: Date): StatusDraft {
  return {
    date: toBrasiliaDate(now),
    status: sale.order.status,
    situacao: sale.order.situacaoId,
    obs: `Guru: ${sale.guruStatus} (revisão ${sale.revision})`.slice(0, 255),
  };
}

export function ambiente(sale: SaleOrder): 1 | 2 {
  return sale.invoicePolicy.ambiente === 'producao' ? 1 : 2;
}

type NfeInvoice = Extract<Invoice, { kind: 'nfe' }>;
type NfseInvoice = Extract<Invoice, { kind: 'nfse' }>;

export function nfeDraft(sale: SaleOrder, invoice: NfeInvoice, idCliente: number, idPed: number): NotaFiscalDraft {
  return {
    idCliente,
    nomeCliente: sale.customer.name,
    idPedidoRef: idPed,
    dataPedido: sale.order.dataPedido,
    serie: invoice.settings.serie,
    naturezaOperacao: invoice.settings.naturezaOperacao,
    cfop: invoice.settings.cfop,
    ambiente: ambiente(sale),
    discountCents: invoice.discountCents ?? 0,
    freightCents: invoice.freightCents ?? 0,
    obs: `Guru: ${sale.order.marker}`,
  };
}

export function nfseDraft(sale: SaleOrder, invoice: NfseInvoice, idCliente: number, idPed: number): NotaServicoDraft {
  const lines = invoice.itemIndexes.map((i) => sale.order.items[i]!);
  const servicesTotalCents = lines.reduce((sum, item) => sum + item.totalCents, 0);
  const description = (invoice.settings.descricaoServico ?? lines.map((l) => l.description).join('; ')).slice(0, 255);
  return {
    idCliente,
    nomeCliente: sale.customer.name,
    idPedidoRef: idPed,
    serie: invoice.settings.serie,
    naturezaOperacao: invoice.settings.naturezaOperacao,
    codigoServico: invoice.settings.codigoServico,
    aliquotaIss: invoice.settings.aliquotaIss,
    regime: invoice.settings.regime,
    description,
    servicesTotalCents,
    totalCents: invoice.totalCents,
    ambiente: ambiente(sale),
    obs: `Guru: ${sale.order.marker}`,
  };
}

export function invoiceOf<K extends Invoice['kind']>(sale: SaleOrder, kind: K): Extract<Invoice, { kind: K }> | null {
  return (sale.invoices.find((i) => i.kind === kind) as Extract<Invoice, { kind: K }> | undefined) ?? null;
}

/** Refunded or cancelled sales: no invoice is issued for them, whatever the desired list says. */
export function isReversal(sale: SaleOrder): boolean {
  return sale.statusGroup === 'refunded' || sale.statusGroup === 'canceled';
}
