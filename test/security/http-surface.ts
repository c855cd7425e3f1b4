/**
 * The HTTP surfaces under test, enumerated from what the running services say about themselves:
 * config-service's OpenAPI document, and every service's own route table (Nest logs each route it
 * maps at start, `Mapped {/path, METHOD} route`). A recording client counts requests and keeps
 * every response body for the secret scan.
 */

export interface HttpRoute {
  method: string;
  /** Path with `{param}` placeholders, as in OpenAPI. */
  template: string;
  params: string[];
  /** The route takes a request body (OpenAPI requestBody). */
  hasBody: boolean;
  /** Top-level properties of the request body's schema (e.g. `accountId`). */
  bodyProperties: string[];
}

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

/** Every operation of an OpenAPI 3 document. */
export function routesOfOpenApi(document: { paths: Record<string, Record<string, OpenApiOperation>> }): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!HTTP_METHODS.includes(method)) continue;
      const json = operation.requestBody?.content?.['application/json'];
      routes.push({
        method: method.toUpperCase(),
        template,
        params: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
        hasBody: operation.requestBody !== undefined,
        bodyProperties: Object.keys(json?.schema?.properties ?? {}),
      });
    }
  }
  return routes;
}

/**
 * The routes a Nest application mapped, read from its own start-up log (RouterExplorer's
 * `Mapped {/v1/x/:id, GET} route`, logged at info), as `METHOD /path/{param}`.
 */
export function routesOfNestLog(log: string): string[] {
  const routes = new Set<string>();
  for (const match of log.matchAll(/Mapped \{([^,}]+), (\w+)\} route/g)) {
    routes.add(`${match[2]!.toUpperCase()} ${match[1]!.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
  }
  return [...routes].sort();
}

export const routeName = (route: { method: string; template: string }) => `${route.method} ${route.template}`;

/** The template with its parameters filled (URL-encoded); unknown parameters get `value`. */
export function fillPath(template: string, values: Record<string, string>, fallback = 'sec-param'): string {
  return template.replace(/\{([^}]+)\}/g, (_all, name: string) => encodeURIComponent(values[name] ?? fallback));
}

export interface HttpExchange {
  method: string;
  url: string;
  status: number;
  text: string;
}

/** fetch with a deadline (an answer that never comes is a failure, not a wait), recorded. */
export class RecordingHttp {
  readonly exchanges: HttpExchange[] = [];

  constructor(private readonly timeoutMs = 15000) {}

  async send(method: string, url: string, options: { token?: string | null; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<{ status: number; text: string; json: unknown; headers: Headers }> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: options.body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new Error(`${method} ${url}: no answer (${(error as Error).name}: ${(error as Error).message})`);
    }
    const text = await response.text();
    this.exchanges.push({ method, url, status: response.status, text });
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: response.status, text, json, headers: response.headers };
  }
}

/**
 * Records every HTTP answer this process receives through the global fetch (tools/stack's account
 * set-up, readiness probes, the suite's own requests) until `restore()`. `settled()` waits until
 * every body has been read.
 */
export function recordEveryFetch(): { exchanges: HttpExchange[]; settled(): Promise<void>; restore(): void } {
  const original = globalThis.fetch;
  const exchanges: HttpExchange[] = [];
  const reading: Promise<void>[] = [];
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    reading.push(response.clone().text().then((text) => void exchanges.push({ method, url, status: response.status, text }), () => undefined));
    return response;
  };
  return {
    exchanges,
    settled: async () => {
      await Promise.all(reading);
    },
    restore: () => {
      globalThis.fetch = original;
    },
  };
}
