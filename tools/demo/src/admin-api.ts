/** config-service's admin HTTP API as the demo calls it: JSON in and out, an error naming the route. */
export class AdminApi {
  constructor(private readonly baseUrl: string, private readonly token: string) {}

  async call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** Polls `read` every 500 ms until `done` says so, printing `show` when it changes; fails after `timeoutMs`. */
  async until<T>(read: () => Promise<T>, done: (value: T) => boolean, show: (value: T) => string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let shown = '';
    for (;;) {
      const value = await read();
      const line = show(value);
      if (line !== shown) console.log(`  ${line}`);
      shown = line;
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`gave up waiting after ${timeoutMs / 1000} s: ${line}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
