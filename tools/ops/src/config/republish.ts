import type { OpsContext } from '../context';

/** The route config-service is asked to serve for this command (see docs/operations.md). */
export const REPUBLISH_PATH = '/v1/admin/republish';

export interface RepublishResult {
  status: number;
  body: unknown;
}

/**
 * `config republish`: asks config-service to publish the current settings snapshot of one account
 * (or of every account) to `vhsys.integration-config.v1` again, through its outbox. Useful after a
 * topic was re-created, compaction lost a key, or a consumer's view must be rebuilt.
 */
export async function configRepublish(ctx: OpsContext, options: { account: string | null; json?: boolean }, fetchImpl: typeof fetch = fetch): Promise<RepublishResult> {
  const token = ctx.env.adminToken;
  if (!token) throw new Error('set ADMIN_TOKEN (or CONFIG_SERVICE_ADMIN_TOKEN) to an admin token of config-service');
  const url = `${ctx.env.configServiceUrl}${REPUBLISH_PATH}`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(options.account ? { accountId: options.account } : {}),
      signal: AbortSignal.timeout(30000),
    });
  } catch (error) {
    throw new Error(`config-service at ${ctx.env.configServiceUrl} did not answer: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  const message = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  // config-service answers an unknown route with { error: 'not_found', message: 'no such endpoint' }.
  if (response.status === 404 && (message === undefined || message === 'no such endpoint')) {
    throw new Error(`config-service has no ${REPUBLISH_PATH} route (HTTP 404); it must be deployed before this command works`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new Error(`config-service refused the admin token (HTTP ${response.status})`);
  }
  if (response.status >= 400) {
    throw new Error(`config-service answered HTTP ${response.status}: ${typeof body === 'string' ? body.slice(0, 500) : JSON.stringify(body)}`);
  }
  ctx.out(options.json ? JSON.stringify(body, null, 2) : `config-service accepted the republish${options.account ? ` of account ${options.account}` : ' of every account'}: ${JSON.stringify(body)}`);
  return { status: response.status, body };
}
