import type { GuruTransactionEvent } from '@gv/contracts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Guru's default guarantee in the generator: 7 days (the legal right of withdrawal). */
const WARRANTY_DAYS = 7;

const APPROVED_LIKE = new Set(['approved', 'completed', 'pending_transfer', 'transferred']);
const CANCELED_LIKE = new Set(['canceled', 'expired', 'rejected']);
const REFUND_LIKE = new Set(['refunded', 'chargeback', 'dispute']);

/** Guru's date form: `YYYY-MM-DDTHH:MM:SSZ`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type Body = Record<string, unknown> & { dates: Record<string, string | null>; payment: Record<string, unknown> };

function cloneEvent(event: GuruTransactionEvent): { event: GuruTransactionEvent; body: Body } {
  const copy = structuredClone(event);
  const body = copy.transaction as Body;
  if (typeof body.dates !== 'object' || body.dates === null) body.dates = {};
  if (typeof body.payment !== 'object' || body.payment === null) body.payment = {};
  return { event: copy, body };
}

/** Sets the status and the fields Guru changes with it, as of instant `at`. */
function setStatus(body: Body, status: string, at: Date): void {
  body.status = status;
  body.dates.updated_at = isoSeconds(at);
  if (APPROVED_LIKE.has(status) || REFUND_LIKE.has(status)) {
    if (!body.dates.confirmed_at) body.dates.confirmed_at = isoSeconds(at);
    if (!body.dates.warranty_until) {
      const warranty = isoSeconds(new Date(Date.parse(body.dates.confirmed_at) + WARRANTY_DAYS * DAY));
      body.dates.warranty_until = warranty;
      body.dates.unavailable_until = warranty;
    }
    body.payment.refuse_reason = 'Transação capturada com sucesso';
  }
  if (CANCELED_LIKE.has(status)) {
    body.dates.canceled_at = isoSeconds(at);
    if (status === 'rejected') body.payment.refuse_reason = 'Transação negada pelo emissor';
  }
  if (status === 'refunded' || status === 'chargeback') body.payment.refund_reason = status === 'refunded' ? 'Solicitado pelo comprador' : 'Contestação no cartão';
}

/**
 * The same sale after Guru moved it to `status` at instant `at`: `dates.updated_at` = `at`, plus
 * `confirmed_at` / `warranty_until` on the first paid status, `canceled_at` on cancel / expire /
 * reject, `refund_reason` on refund / chargeback. The envelope's receivedAt is `at` + 5 s (Guru's
 * delivery delay). The input is not modified.
 */
export function generateStatusChange(sale: GuruTransactionEvent, status: string, at: string | Date): GuruTransactionEvent {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) throw new Error(`invalid instant ${String(at)}`);
  const { event, body } = cloneEvent(sale);
  setStatus(body, status, instant);
  event.receivedAt = isoSeconds(new Date(instant.getTime() + 5000));
  return event;
}

/**
 * A new sale's initial status with realistic timing from `orderedAt`: paid 3 minutes later
 * (a day later for a boleto), completed one minute after the guarantee, refunded two days after
 * payment, expired three days after ordering, rejected one minute after ordering.
 */
export function applyStatus(sale: GuruTransactionEvent, status: string, orderedAt: Date): GuruTransactionEvent {
  const ordered = orderedAt.getTime();
  const payment = sale.transaction.payment as { billet?: { line?: unknown } } | undefined;
  const isBillet = Boolean(payment?.billet?.line);
  const paidAt = new Date(ordered + (isBillet ? DAY : 3 * MINUTE));
  if (status === 'waiting_payment') return generateStatusChange(sale, status, new Date(ordered));
  if (status === 'completed') {
    const approved = generateStatusChange(sale, 'approved', paidAt);
    return generateStatusChange(approved, 'completed', new Date(paidAt.getTime() + WARRANTY_DAYS * DAY + MINUTE));
  }
  if (APPROVED_LIKE.has(status)) return generateStatusChange(sale, status, paidAt);
  if (REFUND_LIKE.has(status)) {
    const approved = generateStatusChange(sale, 'approved', paidAt);
    return generateStatusChange(approved, status, new Date(paidAt.getTime() + 2 * DAY));
  }
  if (status === 'expired' || status === 'canceled') return generateStatusChange(sale, status, new Date(ordered + 3 * DAY));
  return generateStatusChange(sale, status, new Date(ordered + MINUTE));
}
