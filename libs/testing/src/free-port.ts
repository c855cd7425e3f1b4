import { readFileSync } from 'fs';
import net from 'net';

/**
 * Ports for the services a test or the local stack starts.
 *
 * Why not `listen(0)`: the OS hands out listening ports from the same ephemeral range it uses for
 * outgoing connections. Between picking a port and the service binding it, any process's outgoing
 * connection (a Kafka client, pg, the broker itself) could take it, and the service then failed
 * with EADDRINUSE (seen in CI). So ports come from below the ephemeral range, which the OS never
 * gives to an outgoing connection, and each Jest worker draws from its own slice of it, so that
 * parallel workers cannot pick the same one. A port is still checked by binding it before it is
 * handed out, and one process never hands out the same port twice.
 */

/** The lowest port handed out: above the well-known and registered ports local services use. */
export const FREE_PORT_FLOOR = 20000;
const WORKER_SLICES = 16;

/** The first port of the OS's ephemeral range (Linux), or the IANA default elsewhere. */
export function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && low > FREE_PORT_FLOOR + WORKER_SLICES * 16) return low;
  } catch {
    // not Linux: fall through
  }
  return 49152;
}

/**
 * The slice [from, to) of the ports below the ephemeral range that this process draws from: one
 * of WORKER_SLICES, chosen by the Jest worker's id, or by the process id outside Jest.
 */
export function portSlice(ephemeralStart: number, workerKey: number): { from: number; to: number } {
  const size = Math.floor((ephemeralStart - FREE_PORT_FLOOR) / WORKER_SLICES);
  const index = ((workerKey % WORKER_SLICES) + WORKER_SLICES) % WORKER_SLICES;
  const from = FREE_PORT_FLOOR + index * size;
  return { from, to: from + size };
}

const handedOut = new Set<number>();

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    // The services listen on 127.0.0.1 or on every address: a port free on both is free for them.
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** A TCP port below the ephemeral range that nothing was listening on a moment ago. */
export async function freePort(): Promise<number> {
  const workerKey = Number(process.env.JEST_WORKER_ID ?? process.pid);
  const { from, to } = portSlice(ephemeralRangeStart(), workerKey);
  const size = to - from;
  const start = Math.floor(Math.random() * size);
  for (let i = 0; i < size; i++) {
    const port = from + ((start + i) % size);
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`freePort: no free port in ${from}-${to - 1}`);
}
