import { monthlyDueDates, splitInstallments, toBrasiliaDate } from '@gv/brazil';
import type { GuruStatusGroup, Installment, IntegrationConfigSnapshot, VhsysFormaPagamento } from '@gv/contracts';
import { GURU_MAPPED_PAYMENT_METHODS, type GuruMappedPaymentMethod } from '@gv/contracts';

function isMappedMethod(method: string | null): method is GuruMappedPaymentMethod {
  return method !== null && (GURU_MAPPED_PAYMENT_METHODS as readonly string[]).includes(method);
}

/**
 * The Vhsys forma_pagamento for a Guru payment method: the account's choice for billet,
 * credit_card, paypal and pix (null when the seller left it unset); null for any other method.
 */
export function formaPagamentoFor(method: string | null, paymentMethods: IntegrationConfigSnapshot['paymentMethods']): VhsysFormaPagamento | null {
  return isMappedMethod(method) ? paymentMethods[method] : null;
}

/**
 * Installments ("Enviar parcelas"): none when the switch is off. Otherwise `count` parcelas
 * (payment.installments.qty, 1 when absent):
 * - values: the order total in equal parts; leftover centavos one each on the first parcelas
 *   (R$ 100.00 in 3x → 33.34, 33.33, 33.33), so they sum exactly to the order total;
 * - due dates: the first on the sale's confirmation date in Brasília time (`dates.confirmed_at`,
 *   else `ordered_at`, `created_at`, `updated_at`), then monthly on the same day, clamped to the
 *   end of shorter months (01-31 → 02-28 → 03-31);
 * - paid (conta_liquidada): true when the buyer's payment was confirmed (status group approved or
 *   refunded), false otherwise.
 */
export function buildInstallments(input: {
  enabled: boolean;
  count: number;
  totalCents: number;
  firstDueAt: string;
  formaPagamento: VhsysFormaPagamento | null;
  statusGroup: GuruStatusGroup;
}): Installment[] {
  if (!input.enabled) return [];
  const values = splitInstallments(input.totalCents, input.count);
  const dates = monthlyDueDates(toBrasiliaDate(input.firstDueAt), input.count);
  const paid = input.statusGroup === 'approved' || input.statusGroup === 'refunded';
  return values.map((valueCents, i) => ({
    number: i + 1,
    dueDate: dates[i],
    valueCents,
    formaPagamento: input.formaPagamento,
    paid,
  }));
}
