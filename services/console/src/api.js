// @ts-check
import { currentSession } from './session.js';

/** @typedef {{ path: string, message: string }} ErrorDetail */

/** An answer of the API other than 2xx, in its error format ({ error, message, details }). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {ErrorDetail[]} details
   * @param {number | null} currentVersion
   */
  constructor(status, code, message, details, currentVersion) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.currentVersion = currentVersion;
  }
}

/**
 * @typedef {object} RequestOptions
 * @property {string} [method]
 * @property {unknown} [body]
 * @property {number | null} [ifMatch] the settings version being changed
 * @property {boolean} [create] send If-None-Match: * (the integration must not exist yet)
 * @property {string} [token] instead of the session's (sign-in)
 */

/**
 * Calls config-service on the same origin with the session's admin token.
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<{ body: any, etag: number | null, status: number }>}
 */
export async function api(path, options = {}) {
  const token = options.token ?? currentSession()?.token;
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch != null) headers['if-match'] = `"${options.ifMatch}"`;
  if (options.create) headers['if-none-match'] = '*';
  let response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, 'network', 'Não foi possível falar com o serviço. Verifique a conexão e tente de novo.', [], null);
  }
  const text = await response.text();
  /** @type {any} */
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      typeof body?.error === 'string' ? body.error : 'http_' + response.status,
      typeof body?.message === 'string' ? body.message : `O serviço respondeu ${response.status}.`,
      Array.isArray(body?.details) ? body.details : [],
      typeof body?.currentVersion === 'number' ? body.currentVersion : null,
    );
  }
  const etag = /^"?(\d+)"?$/.exec(response.headers.get('etag') ?? '');
  return { body, etag: etag ? Number(etag[1]) : null, status: response.status };
}

/**
 * The URL of an account's settings (section '' = all of them).
 * @param {string} accountId @param {string} [section]
 */
export function settingsUrl(accountId, section = '') {
  return `/v1/accounts/${encodeURIComponent(accountId)}/vhsys-integration${section}`;
}

/** @param {string} accountId @param {string} [rest] */
export function salesUrl(accountId, rest = '') {
  return `/v1/accounts/${encodeURIComponent(accountId)}/sales${rest}`;
}

/** @param {string} accountId @param {string} [rest] "Importar vendas anteriores" */
export function importsUrl(accountId, rest = '') {
  return `/v1/accounts/${encodeURIComponent(accountId)}/imports${rest}`;
}

/** @param {string} accountId @param {string} [rest] "Conferir com o Vhsys" */
export function auditsUrl(accountId, rest = '') {
  return `/v1/accounts/${encodeURIComponent(accountId)}/audits${rest}`;
}

/** @type {Promise<any> | null} */
let enumerations = null;

/** The fixed lists of the drop-downs, as the service validates them (read once per page load). */
export function loadEnumerations() {
  enumerations ??= api('/v1/vhsys-integration/enumerations').then((r) => r.body).catch((error) => {
    enumerations = null;
    throw error;
  });
  return enumerations;
}
