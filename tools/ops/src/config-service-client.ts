import type { OpsContext } from './context';

export interface ConfigServiceAnswer {
  status: number;
  body: unknown;
}

/**
 * One call to config-service's admin HTTP API with the admin token (ADMIN_TOKEN), 30 s bound unless
 * the request says otherwise (an import preview reads Guru's API and can take longer).
 * Refusals become errors that say what happened (no such route on an older deployment, token
 * refused, HTTP error with config-service's message); the token never appears in them.
 */
export async function callConfigService(
  ctx: OpsContext,
  request: { method: 'GET' | 'POST'; path: string; body?: unknown; timeoutMs?: number },
  fetchImpl: typeof fetch = fetch,
): Promise<ConfigServiceAnswer> {
  const token = ctx.env.adminToken;
  if (!token) throw new Error('set ADMIN_TOKEN (or CONFIG_SERVICE_ADMIN_TOKEN) to an admin token of config-service');
  const url = `${ctx.env.configServiceUrl}${request.path}`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: request.method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(request.timeoutMs ?? 30000),
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
    throw new Error(`config-service has no ${request.method} ${request.path.split('?')[0]} route (HTTP 404); it must be deployed before this command works`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new Error(`config-service refused the admin token (HTTP ${response.status})`);
  }
  if (response.status >= 400) {
    throw new Error(`config-service answered HTTP ${response.status}: ${typeof body === 'string' ? body.slice(0, 500) : JSON.stringify(body)}`);
  }
  return { status: response.status, body };
}
