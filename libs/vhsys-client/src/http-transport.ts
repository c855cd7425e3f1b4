import type { Dispatcher } from 'undici';
import { classifyResponse, classifyTransportError, RequestIdentity, VhsysEnvelope } from './response-classification';
import { VhsysError, VhsysErrorDetails, VhsysErrorKind, VhsysRateLimit } from './vhsys-error';

export type VhsysMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface VhsysCredentials {
  accessToken: string;
  secretAccessToken: string;
}

/** Seen by `onRequest` after every HTTP exchange (for metrics and traces). Never holds secrets. */
export interface VhsysRequestInfo {
  method: VhsysMethod;
  pathTemplate: string;
  /** HTTP status, or 'error' when no response arrived. */
  status: number | 'error';
  durationMs: number;
  errorKind?: VhsysErrorKind;
  outcomeUnknown?: boolean;
  rateLimit?: VhsysRateLimit;
}

export interface VhsysCall {
  method: VhsysMethod;
  /** e.g. "/pedidos/{id_ped}/parcelas"; `{name}` is filled from `pathParams`. */
  pathTemplate: string;
  pathParams?: Record<string, string | number>;
  query?: Record<string, string | number | undefined | null>;
  body?: unknown;
}

export interface VhsysCallResult {
  envelope: VhsysEnvelope;
  httpStatus: number;
  rateLimit?: VhsysRateLimit;
}

export interface TransportOptions {
  baseUrl: string;
  credentials: VhsysCredentials;
  timeoutMs: number;
  userAgent: string;
  agent: Dispatcher;
  /**
   * Awaited before every HTTP request, before its deadline starts (e.g. a shared per-account rate
   * limit: one token per request, whatever method made it). A throw stops the request unsent.
   */
  beforeRequest?: (call: RequestIdentity) => Promise<void>;
  onRequest?: (info: VhsysRequestInfo) => void;
}

/** Builds "/pedidos/15579150/parcelas" from the template; every placeholder must be given. */
export function fillPathTemplate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** Query string with %20 for spaces (Brasília timestamps carry one). */
export function buildQuery(query: VhsysCall['query'] = {}): string {
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/**
 * One HTTP exchange with Vhsys over a shared undici pool: auth headers, a hard per-request deadline,
 * classification into VhsysError, the observer callback. No retries here: the caller decides.
 */
export class VhsysTransport {
  private readonly origin: string;
  private readonly basePath: string;
  private readonly secrets: string[];
  /** The most recent x-ratelimit-* headers seen. */
  lastRateLimit: VhsysRateLimit | undefined;

  constructor(private readonly options: TransportOptions) {
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.secrets = [options.credentials.accessToken, options.credentials.secretAccessToken].filter((s) => s.length >= 4);
    if (!options.credentials.accessToken || !options.credentials.secretAccessToken) {
      throw new Error('Vhsys credentials need both accessToken and secretAccessToken');
    }
  }

  async send(call: VhsysCall): Promise<VhsysCallResult> {
    const identity: RequestIdentity = { method: call.method, pathTemplate: call.pathTemplate };
    if (this.options.beforeRequest) await this.options.beforeRequest(identity);
    const path = `${this.basePath}${fillPathTemplate(call.pathTemplate, call.pathParams)}${buildQuery(call.query)}`;
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers: Record<string, string> = {
      'access-token': this.options.credentials.accessToken,
      'secret-access-token': this.options.credentials.secretAccessToken,
      'user-agent': this.options.userAgent,
      accept: 'application/json',
      'cache-control': 'no-cache',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';

    const started = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);

    let httpStatus: number | null = null;
    try {
      const response = await this.options.agent.request({
        origin: this.origin,
        path,
        method: call.method,
        headers,
        body,
        signal: controller.signal,
        // Our own deadline decides; these only back it up.
        headersTimeout: this.options.timeoutMs + 1_000,
        bodyTimeout: this.options.timeoutMs + 1_000,
      });
      httpStatus = response.statusCode;
      const bodyText = await response.body.text();
      clearTimeout(deadline);
      const classification = classifyResponse({ statusCode: response.statusCode, headers: response.headers, bodyText }, identity);
      const rateLimit = classification.ok ? classification.rateLimit : classification.error.rateLimit;
      if (rateLimit) this.lastRateLimit = rateLimit;
      if (!classification.ok) throw this.fail(classification.error, started);
      this.notify({ method: call.method, pathTemplate: call.pathTemplate, status: response.statusCode, durationMs: performance.now() - started, rateLimit });
      return { envelope: classification.envelope, httpStatus: response.statusCode, rateLimit };
    } catch (error) {
      if (error instanceof VhsysError) throw error;
      // No (complete) response: timeout, reset, refused… A status may have arrived before the body broke.
      const details = classifyTransportError(error, identity, timedOut);
      throw this.fail(httpStatus === null ? details : { ...details, httpStatus }, started);
    } finally {
      clearTimeout(deadline);
    }
  }

  private fail(details: VhsysErrorDetails, started: number): VhsysError {
    const safe: VhsysErrorDetails = { ...details, vhsysMessages: details.vhsysMessages.map((m) => this.redact(m)) };
    this.notify({
      method: details.method as VhsysMethod,
      pathTemplate: details.pathTemplate,
      status: details.httpStatus ?? 'error',
      durationMs: performance.now() - started,
      errorKind: details.kind,
      outcomeUnknown: details.outcomeUnknown,
      rateLimit: details.rateLimit,
    });
    return new VhsysError(safe);
  }

  /** Vhsys never echoes tokens as far as known; this makes sure a message cannot leak one. */
  private redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out;
  }

  private notify(info: VhsysRequestInfo): void {
    if (!this.options.onRequest) return;
    try {
      this.options.onRequest(info);
    } catch {
      // An observer must never break a request.
    }
  }
}
