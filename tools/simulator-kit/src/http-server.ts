import http, { type IncomingMessage, type RequestListener } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The HTTP plumbing the simulators of the outside world (Vhsys, Guru) share: a bounded request
 * body, listening on a port (0 = a free one), and closing with every open socket destroyed.
 */

/** The request body, or null when it exceeds `maxBytes` (the request is then destroyed). */
export function readBoundedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface ListeningServer {
  /** e.g. http://127.0.0.1:18080 */
  origin: string;
  port: number;
  /** Stops listening and destroys open sockets (held requests included); `beforeClose` runs first. */
  close(beforeClose?: () => void): Promise<void>;
}

/** Starts an http server for `listener` on host:port (0 picks a free port). */
export async function listenHttp(listener: RequestListener, port: number, host: string): Promise<ListeningServer> {
  const server = http.createServer(listener);
  // Longer than undici's default idle time, so the client (not the server) closes idle sockets.
  server.keepAliveTimeout = 10_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the simulator did not bind a TCP port');
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    close: (beforeClose) =>
      new Promise<void>((resolve) => {
        beforeClose?.();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}
