/**
 * Guru's REST API returns a transaction as the webhook body with two documented type differences
 * (reference §5.3): `dates.*`, `subscription.started_at` and `subscription.last_status_at` are Unix
 * seconds instead of ISO strings, and the tracking block is `trackings` instead of `source`. This
 * turns an API transaction back into the webhook form (`YYYY-MM-DDTHH:MM:SSZ`, `source`), so an
 * imported sale is the same body the webhook pipeline receives. Pure; the input is not modified.
 */

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Unix seconds → "2026-03-01T12:00:00Z"; any other value (ISO text, null, "") is left as it is. */
export function unixToIsoSeconds(value: unknown): unknown {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return value;
  const date = new Date(Math.round(value * 1000));
  return Number.isNaN(date.getTime()) ? value : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function withIsoDates(block: Body, keys?: string[]): Body {
  const out: Body = { ...block };
  for (const key of keys ?? Object.keys(block)) if (key in out) out[key] = unixToIsoSeconds(out[key]);
  return out;
}

export function toWebhookForm(apiTransaction: Body): Body {
  const out: Body = { ...apiTransaction };
  if (isObject(out.dates)) out.dates = withIsoDates(out.dates);
  if (isObject(out.subscription)) out.subscription = withIsoDates(out.subscription, ['started_at', 'last_status_at']);
  if ('trackings' in out) {
    if (!('source' in out)) out.source = out.trackings;
    delete out.trackings;
  }
  return out;
}
