/**
 * Card installments with interest the way checkouts compute them (tabela Price): a fixed
 * installment value PMT = P·i / (1 − (1 + i)^−n), rounded half-up to the centavo; the buyer pays
 * n × PMT, and the interest is that minus the principal. Interest-free (rate 0 or n = 1):
 * the total is the principal.
 */
export interface InstallmentPlan {
  count: number;
  installmentValueCents: number;
  totalCents: number;
  interestCents: number;
}

export function priceTablePlan(principalCents: number, count: number, monthlyRate: number): InstallmentPlan {
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
  if (count === 1 || monthlyRate <= 0) {
    return { count, installmentValueCents: Math.ceil(principalCents / count), totalCents: principalCents, interestCents: 0 };
  }
  const pmt = Math.round((principalCents * monthlyRate) / (1 - Math.pow(1 + monthlyRate, -count)));
  const totalCents = pmt * count;
  return { count, installmentValueCents: pmt, totalCents, interestCents: totalCents - principalCents };
}
