import type { OpsContext } from '../context';

export interface ConfigServiceAnswer {
  status: number;
  body: unknown;
}

/**
 * One call to config-service's HTTP API with the admin token (ADMIN_TOKEN): the answer, or an
 * Error in words for no answer, a refused token, a route config-service does not have yet, or any
 * other failure (its status and body; bodies never hold secrets).
 */
export async function callConfigService(ctx: OpsContext, method: 'GET' | 'POST', path: string, body: unknown, fetchImpl: typeof fetch = fetch): Promise<ConfigServiceAnswer> {
  const token = ctx.env.adminToken;
  if (!token) throw new Error('set ADMIN_TOKEN (or CONFIG_SERVICE_ADMIN_TOKEN) to an admin token of config-service');
  const url = `${ctx.env.configServiceUrl}${path}`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120000),
    });
  } catch (error) {
    throw new Error(`config-service at ${ctx.env.configServiceUrl} did not answer: ${(error as Error).message}`);
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  const message = parsed && typeof parsed === 'object' ? (parsed as { message?: unknown }).message : undefined;
  // config-service answers an unknown route with { error: 'not_found', message: 'no such endpoint' }.
  if (response.status === 404 && (message === undefined || message === 'no such endpoint')) {
    throw new Error(`config-service has no ${path.replace(/\?.*$/, '')} route (HTTP 404); it must be deployed before this command works`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new Error(`config-service refused the admin token (HTTP ${response.status})`);
  }
  if (response.status >= 400) {
    throw new Error(`config-service answered HTTP ${response.status}: ${typeof parsed === 'string' ? parsed.slice(0, 500) : JSON.stringify(parsed)}`);
  }
  return { status: response.status, body: parsed };
}
