import net from 'net';
import { ephemeralRangeStart, FREE_PORT_FLOOR, freePort, portSlice } from './free-port';

describe('portSlice', () => {
  it('splits the ports below the ephemeral range into 16 slices, one per worker key', () => {
    expect(portSlice(32768, 0)).toEqual({ from: 20000, to: 20798 });
    expect(portSlice(32768, 1)).toEqual({ from: 20798, to: 21596 });
    expect(portSlice(32768, 15)).toEqual({ from: 31970, to: 32768 });
    expect(portSlice(32768, 17)).toEqual(portSlice(32768, 1));
  });

  it('keeps every slice of any worker key below the ephemeral range and above the floor', () => {
    for (const start of [32768, 49152, 61000]) {
      for (let key = 0; key < 100; key++) {
        const { from, to } = portSlice(start, key);
        expect(from).toBeGreaterThanOrEqual(FREE_PORT_FLOOR);
        expect(to).toBeLessThanOrEqual(start);
        expect(to - from).toBeGreaterThan(0);
      }
    }
  });
});

describe('freePort', () => {
  it('hands out distinct ports below the ephemeral range that can be bound', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(FREE_PORT_FLOOR);
      expect(port).toBeLessThan(ephemeralRangeStart());
    }
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it('skips a port something is listening on', async () => {
    // Occupy every port of this worker's slice but one: freePort must return that one.
    const { from, to } = portSlice(ephemeralRangeStart(), Number(process.env.JEST_WORKER_ID ?? process.pid));
    const servers: net.Server[] = [];
    let spare = -1;
    for (let port = from; port < to; port++) {
      const server = net.createServer();
      const bound = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (!bound) continue;
      if (spare < 0) {
        spare = port;
        await new Promise((resolve) => server.close(resolve));
      } else servers.push(server);
    }
    try {
      // A fresh copy of the module: the ports the test above handed out are not remembered.
      await jest.isolateModulesAsync(async () => {
        const fresh = await import('./free-port');
        expect(await fresh.freePort()).toBe(spare);
      });
    } finally {
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    }
  });
});
