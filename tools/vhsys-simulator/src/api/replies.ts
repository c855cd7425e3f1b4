import type { ApiReply } from './api-context';

/** The envelopes Vhsys uses; see the reference, section 2. */

export function success(data: unknown): ApiReply {
  return { status: 200, body: { code: 200, status: 'success', data } };
}

export interface WirePaging {
  total_count: number;
  total: number;
  offset: number;
  limit: number;
  limit_max: number;
}

export function successList(data: unknown[], paging: WirePaging): ApiReply {
  return { status: 200, body: { code: 200, status: 'success', paging, data } };
}

/** "Nenhum … encontrado!", "Erro ao cadastrar …": HTTP 403 with a text `data`. */
export function refused(message: string): ApiReply {
  return { status: 403, body: { code: 403, status: 'error', data: message } };
}

/** Validation failure: HTTP 403 with an array of messages naming the fields in parentheses. */
export function invalid(messages: string[]): ApiReply {
  return { status: 403, body: { code: 403, status: 'error', data: messages } };
}

/** Vhsys's own transient failure: HTTP 200 whose body says 404. */
export function transient200(): ApiReply {
  return { status: 200, body: { code: 404, data: 'Erro ao comunicar com a API' } };
}

export function html(status: number, title: string): ApiReply {
  return { status, contentType: 'text/html; charset=utf-8', body: `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>` };
}
