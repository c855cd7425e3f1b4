import { z } from 'zod';

/**
 * OPS_HTTP_TOKEN: the bearer token of a service's ops routes that are not probes (`/metrics`,
 * mapping-service's `/config-view/*`, config-service's `/docs`). Optional while the HTTP server
 * is bound to loopback (only this host can call it); required as soon as HTTP_HOST is anything
 * else, in every environment, so no such route is ever open to a network.
 */
export const opsHttpToken = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().regex(/^[\x21-\x7e]{16,512}$/, 'must be 16-512 visible ASCII characters').optional(),
  );

/** 127.0.0.0/8, ::1 and localhost: addresses only this host reaches. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export const OPS_HTTP_TOKEN_REQUIRED = 'is required when HTTP_HOST is not a loopback address (/metrics and the other ops routes must not be open to the network)';

/** The schema issue of a non-loopback HTTP_HOST without OPS_HTTP_TOKEN (each service's superRefine). */
export function checkOpsHttpToken(value: { HTTP_HOST: string; OPS_HTTP_TOKEN?: string }, ctx: z.RefinementCtx): void {
  if (!isLoopbackHost(value.HTTP_HOST) && !value.OPS_HTTP_TOKEN) ctx.addIssue({ code: 'custom', path: ['OPS_HTTP_TOKEN'], message: OPS_HTTP_TOKEN_REQUIRED });
}
