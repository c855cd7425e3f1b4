import { toBrasiliaDate } from '@gv/brazil';
import {
  issuesOf,
  saleKey,
  SaleOrderSchema,
  type DispatchResult,
  type GuruTransactionEvent,
  type IntegrationConfigSnapshot,
  type OrderItem,
  type SaleOrder,
} from '@gv/contracts';
import { resolveDiscountAndFreight } from './discount-freight';
import { enrichCustomer } from './enrich-customer';
import { buildInstallments, formaPagamentoFor } from './installments';
import { buildInvoices } from './invoices';
import type { MappingDecision, MappingWarning } from './mapping-decision';
import { computeOrderMoney } from './order-money';
import { buildMarker, buildObservation } from './order-text';
import { parseAmounts } from './parse-amounts';
import { parseTransaction } from './parse-transaction';
import { resolveProductSettings } from './product-settings';
import { computeRevision } from './revision';
import { checkSaleOutcome } from './sale-outcomes';

export { computeRevision } from './revision';
export type { RevisionPhase } from './revision';
export type { MappingDecision, MappingWarning } from './mapping-decision';

export interface MapSaleInput {
  event: GuruTransactionEvent;
  /** The account's current settings; null when the account has none. */
  config: IntegrationConfigSnapshot | null;
  /** Only decides whether invoices are due yet (policy after_warranty) and stamps results. */
  now: Date;
}

function idOf(event: GuruTransactionEvent): string | null {
  const id = event.transaction.id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : typeof id === 'number' ? String(id) : null;
}

/**
 * Maps one Guru sale event, with the account's settings, to what must exist in Vhsys (a pure
 * function: same input, same decision). Steps, each in its own file:
 * 1. parse-transaction: lenient parse; id, status, updated_at, lines → else invalid;
 * 2. sale-outcomes: inactive / not configured / not producer / ignored status / not BRL /
 *    outside Brazil / zero value → ignored result;
 * 3. parse-amounts + discount-freight: exact centavos → else invalid;
 * 4. enrich-customer: document, name, phone, address → else invalid;
 * 5. product-settings: every line's Faturamento settings → else needs_configuration result;
 * 6. order-money, invoices, installments, order-text: the SaleOrder, checked against its contract.
 */
export function mapSale(input: MapSaleInput): MappingDecision {
  const { event, now } = input;
  const parsed = parseTransaction(event);
  if (!parsed.ok) return { kind: 'invalid', field: parsed.field, reason: parsed.reason, accountId: event.accountId, guruTransactionId: idOf(event) };
  const sale = parsed.value;
  const key = saleKey(sale.accountId, sale.id);
  // Results (and an order waiting for its invoices) are the event's initial phase; see revision.ts.
  const revision = computeRevision(sale.updatedAt, sale.status, 'initial');
  const invalidDecision = (field: string, reason: string): MappingDecision => ({ kind: 'invalid', field, reason, accountId: sale.accountId, guruTransactionId: sale.id });
  const resultDecision = (outcome: DispatchResult['outcome'], reason: string, detail: string, productCodes: string[] = []): MappingDecision => ({
    kind: 'result',
    key,
    result: {
      accountId: sale.accountId,
      guruTransactionId: sale.id,
      revision,
      stage: 'mapping',
      outcome,
      reason,
      detail,
      productCodes,
      vhsys: null,
      attempts: 0,
      steps: [],
      reprocessRequestId: null,
      occurredAt: now.toISOString(),
    },
  });

  const outcome = checkSaleOutcome(sale, input.config);
  if (outcome.kind === 'ignored') return resultDecision('ignored', outcome.reason, outcome.detail);
  const { config, group } = outcome;
  const { transaction } = sale;

  const amounts = parseAmounts(sale);
  if (!amounts.ok) return invalidDecision(amounts.field, amounts.reason);
  const { paidCents, lines, productsCents, coupon, reportedInterestCents } = amounts.value;
  const { discountCents, freightCents } = resolveDiscountAndFreight(amounts.value);
  if (discountCents > productsCents + freightCents) {
    return invalidDecision('transaction.payment.discount_value', `discount ${discountCents} centavos exceeds products + shipping (${productsCents + freightCents})`);
  }
  const installmentsCount = transaction.payment.installments.qty ?? 1;
  if (installmentsCount < 0) return invalidDecision('transaction.payment.installments.qty', `must not be negative, got ${installmentsCount}`);

  const enriched = enrichCustomer(transaction.contact);
  if (!enriched.ok) return invalidDecision(enriched.field, enriched.reason);
  const { customer } = enriched;
  const warnings: MappingWarning[] = [...enriched.warnings];

  const settings = resolveProductSettings(sale.items, config.products);
  if (!settings.ok) return resultDecision('needs_configuration', 'needs_configuration', settings.detail, settings.productCodes);
  const { billings } = settings;

  const money = computeOrderMoney({ lines, discountCents, freightCents, paidCents, includeInterest: config.criarVendaComJuros });
  const derivedInterest = money.interestCents + money.surplusLeftOutCents;
  if (reportedInterestCents !== null && reportedInterestCents !== derivedInterest) {
    warnings.push({ code: 'interest_differs_from_guru', detail: `payment.installments.interest is ${reportedInterestCents} centavos, payment.total implies ${derivedInterest}; payment.total is trusted` });
  }
  if (money.shortfallCents > 0) {
    warnings.push({ code: 'payment_shortfall_as_discount', detail: `payment.total is ${money.shortfallCents} centavos below items − discount + shipping; added to the discount` });
  }

  const items: OrderItem[] = sale.items.map((item, i) => ({
    guruProductCode: item.code,
    vhsysProductId: billings[i].vhsysProductId,
    description: (billings[i].description ?? item.name ?? `Produto ${item.code}`).slice(0, 255),
    kind: billings[i].kind,
    quantity: money.lines[i].quantity,
    unitValueCents: money.lines[i].unitValueCents,
    discountCents: money.lines[i].discountCents,
    totalCents: money.lines[i].totalCents,
  }));

  const plan = buildInvoices({
    items,
    billings,
    discountCents: money.discountCents,
    freightCents: money.freightCents,
    statusGroup: group,
    status: sale.status,
    policy: config.invoicePolicy,
    warrantyUntil: transaction.dates.warranty_until,
    now,
    hasAddress: customer.address !== null,
  });
  if (plan.nfeWithheldForAddress) warnings.push({ code: 'nfe_withheld_address_missing', detail: 'the NF-e needs the buyer\'s address; it is left out until Guru sends one' });

  const formaPagamento = formaPagamentoFor(sale.paymentMethod, config.paymentMethods);
  if (config.enviarParcelas && formaPagamento === null) {
    warnings.push({ code: 'payment_method_not_mapped', detail: `no Vhsys forma_pagamento for Guru payment method ${sale.paymentMethod ?? '(unknown)'}; parcelas go without one` });
  }
  const { dates } = transaction;
  const installments = buildInstallments({
    enabled: config.enviarParcelas,
    count: Math.max(installmentsCount, 1),
    totalCents: money.totalCents,
    firstDueAt: dates.confirmed_at ?? dates.ordered_at ?? dates.created_at ?? sale.updatedAt,
    formaPagamento,
    statusGroup: group,
  });

  const target = config.statusMap[group];
  const order: SaleOrder = {
    accountId: sale.accountId,
    guruTransactionId: sale.id,
    revision: computeRevision(sale.updatedAt, sale.status, plan.invoicesDueAt ? 'initial' : 'complete'),
    guruStatus: sale.status,
    statusGroup: group,
    occurredAt: sale.updatedAt,
    receivedAt: sale.receivedAt,
    configVersion: config.version,
    credentialsVersion: config.credentialsVersion,
    customer,
    order: {
      marker: buildMarker(sale.id),
      dataPedido: toBrasiliaDate(dates.ordered_at ?? dates.created_at ?? sale.updatedAt),
      status: target.status,
      situacaoId: target.situacaoId,
      items,
      itemsTotalCents: money.itemsTotalCents,
      discountCents: money.discountCents,
      freightCents: money.freightCents,
      totalCents: money.totalCents,
      interestCents: money.interestCents,
      installments,
      observation: buildObservation({
        guruTransactionId: sale.id,
        status: sale.status,
        customer,
        paymentMethod: sale.paymentMethod,
        installmentsCount: Math.max(installmentsCount, 1),
        couponCode: coupon?.code ?? null,
        interestCents: money.interestCents,
      }),
    },
    invoices: plan.invoices,
    invoicesDueAt: plan.invoicesDueAt,
    invoicePolicy: { ambiente: config.invoicePolicy.ambiente, onRefundAfterInvoice: config.invoicePolicy.onRefundAfterInvoice },
  };

  const checked = SaleOrderSchema.safeParse(order);
  if (!checked.success) {
    const [issue] = issuesOf(checked.error);
    return invalidDecision(`saleOrder.${issue?.path ?? ''}`, `mapped order breaks its contract: ${issue?.message ?? 'invalid'}`);
  }
  return { kind: 'order', key, order, warnings };
}
