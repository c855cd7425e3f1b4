import type { TransactionBody } from '../state/guru-account';

/**
 * A stored transaction (webhook form) as Guru's REST API shows it (reference §5.3): `dates.*`,
 * `subscription.started_at` and `subscription.last_status_at` in Unix seconds, and the tracking
 * block under `trackings` instead of `source`. Everything else is the webhook body unchanged.
 */

function toUnixSeconds(value: unknown): unknown {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : Math.floor(ms / 1000);
}

function withUnixDates(block: unknown, keys?: string[]): unknown {
  if (typeof block !== 'object' || block === null || Array.isArray(block)) return block;
  const out: Record<string, unknown> = { ...(block as Record<string, unknown>) };
  for (const key of keys ?? Object.keys(out)) if (key in out) out[key] = toUnixSeconds(out[key]);
  return out;
}

export function toRestForm(webhookBody: TransactionBody): TransactionBody {
  const { source, ...rest } = webhookBody;
  const out: TransactionBody = { ...rest, dates: withUnixDates(webhookBody.dates), subscription: withUnixDates(webhookBody.subscription, ['started_at', 'last_status_at']) };
  if (!('dates' in webhookBody)) delete out.dates;
  if (!('subscription' in webhookBody)) delete out.subscription;
  if ('source' in webhookBody) out.trackings = source;
  return out;
}
