import { createHash } from 'node:crypto';
import { centsToDecimalString, formatDocument } from '@gv/brazil';
import type { Customer } from '@gv/contracts';
import { statusLabel } from '@gv/contracts';

const MARKER_MAX = 100;
const OBSERVATION_MAX = 2000;

/**
 * The order's marker, written by the dispatcher to obs_pedido / referencia_pedido so an order of
 * unknown outcome can be found again: `guru:<guruTransactionId>`, or, when that is longer than 100
 * characters, `guru:sha256:<64 hex of the id>` (stable for the same id).
 */
export function buildMarker(guruTransactionId: string): string {
  const plain = `guru:${guruTransactionId}`;
  if (plain.length <= MARKER_MAX) return plain;
  return `guru:sha256:${createHash('sha256').update(guruTransactionId, 'utf8').digest('hex')}`;
}

const METHOD_LABELS: Record<string, string> = {
  billet: 'Boleto Bancário',
  credit_card: 'Cartão de Crédito',
  paypal: 'PayPal',
  pix: 'PIX',
};

function reais(cents: number): string {
  return `R$ ${centsToDecimalString(cents).replace('.', ',')}`;
}

/**
 * A readable text for the order (obs_pedido), one fact per line, built only from the sale, never from
 * the clock (so the same sale always gives the same text):
 *
 *   Venda Guru 9081534a-…
 *   Status Guru: Aprovada (approved)
 *   Comprador: Nome Contato, CPF 012.345.678-90, email@email.com
 *   Pagamento: Cartão de Crédito em 12x
 *   Cupom: BEMVINDO10
 *   Juros de parcelamento incluídos nos itens: R$ 12,34
 */
export function buildObservation(input: {
  guruTransactionId: string;
  status: string;
  customer: Customer;
  paymentMethod: string | null;
  installmentsCount: number;
  couponCode: string | null;
  interestCents: number;
}): string {
  const { customer } = input;
  const documentLabel = customer.tipoPessoa === 'PF' ? 'CPF' : 'CNPJ';
  const buyer = [customer.name, `${documentLabel} ${formatDocument(customer.document)}`, customer.email].filter((part) => part).join(', ');
  const method = input.paymentMethod
    ? (Object.hasOwn(METHOD_LABELS, input.paymentMethod) ? METHOD_LABELS[input.paymentMethod] : input.paymentMethod)
    : 'não informado';
  const lines = [
    `Venda Guru ${input.guruTransactionId}`,
    `Status Guru: ${statusLabel(input.status)} (${input.status})`,
    `Comprador: ${buyer}`,
    `Pagamento: ${method} em ${input.installmentsCount}x`,
  ];
  if (input.couponCode) lines.push(`Cupom: ${input.couponCode}`);
  if (input.interestCents > 0) lines.push(`Juros de parcelamento incluídos nos itens: ${reais(input.interestCents)}`);
  return lines.join('\n').slice(0, OBSERVATION_MAX);
}
