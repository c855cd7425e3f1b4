import type { ServerResponse } from 'node:http';
import type { ApiReply } from '../api/api-context';

/** Writes a reply: JSON unless the reply carries its own content type (HTML error pages). */
export function sendReply(res: ServerResponse, reply: ApiReply, extraHeaders: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const isRaw = reply.contentType !== undefined;
  const payload = isRaw ? String(reply.body ?? '') : reply.body === undefined ? '' : JSON.stringify(reply.body);
  const buffer = Buffer.from(payload, 'utf8');
  const headers: Record<string, string | number> = {
    ...extraHeaders,
    ...reply.headers,
    'content-length': buffer.length,
  };
  if (buffer.length > 0) headers['content-type'] = reply.contentType ?? 'application/json; charset=utf-8';
  res.writeHead(reply.status, headers);
  res.end(buffer);
}
