import { request, type Dispatcher } from 'undici';

/**
 * One JSON call to a simulator's /__admin API; a 4xx/5xx becomes an Error carrying the
 * simulator's `error` text. `shownPath` is the path as it may appear in the message (with any
 * secret in it replaced).
 */
export async function adminJsonCall<T>(
  label: string,
  url: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  shownPath: string,
  body?: unknown,
  dispatcher?: Dispatcher,
): Promise<T> {
  const response = await request(url, {
    method,
    dispatcher,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  const parsed = text ? (JSON.parse(text) as unknown) : {};
  if (response.statusCode >= 400) {
    const message = (parsed as { error?: string }).error ?? text;
    throw new Error(`${label} ${method} ${shownPath} failed (${response.statusCode}): ${message}`);
  }
  return parsed as T;
}
