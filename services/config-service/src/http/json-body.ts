import type { NextFunction, Request, Response } from 'express';

const LIMIT_BYTES = 256 * 1024;

/**
 * JSON request bodies, parsed here rather than by body-parser so a malformed body is answered in
 * the API's error format and without echoing any of it (V8's JSON errors quote the input, which may
 * hold a token).
 */
export function jsonBody(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const chunks: Buffer[] = [];
  let size = 0;
  let aborted = false;
  req.on('data', (chunk: Buffer) => {
    if (aborted) return;
    size += chunk.length;
    if (size > LIMIT_BYTES) {
      aborted = true;
      reply(res, 413, 'invalid_request', `request body larger than ${LIMIT_BYTES} bytes`);
      return;
    }
    chunks.push(chunk);
  });
  req.on('error', () => {
    aborted = true;
  });
  req.on('end', () => {
    if (aborted) return;
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') {
      req.body = undefined;
      return next();
    }
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/(.+\+)?json\b/i.test(type)) {
      return reply(res, 415, 'invalid_request', 'send the body as JSON with Content-Type: application/json');
    }
    try {
      req.body = JSON.parse(text);
    } catch {
      return reply(res, 400, 'invalid_request', 'request body is not valid JSON');
    }
    next();
  });
}

function reply(res: Response, status: number, error: string, message: string): void {
  if (res.headersSent) return;
  res.status(status).json({ error, message, details: [] });
}
