import type { ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Writes a JSON reply, unless the response is already gone (a cut connection, a fault). */
export function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const payload = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(reply.body), 'utf8');
  const headers: Record<string, string | number> = { ...reply.headers, 'content-length': payload.length };
  if (payload.length > 0) headers['content-type'] = 'application/json';
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Sends the status line, headers and half of the body, then cuts the connection: an answer lost on the way. */
export function sendHalfThenCut(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const payload = Buffer.from(JSON.stringify(reply.body ?? {}), 'utf8');
  res.writeHead(reply.status, { ...reply.headers, 'content-length': payload.length, 'content-type': 'application/json' });
  res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => cutConnection(res));
}

/** Cuts the connection abruptly (TCP RST when the platform allows it). */
export function cutConnection(res: ServerResponse): void {
  const socket = res.socket ?? res.req.socket;
  if (!socket) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
