/**
 * Vhsys client and simulator throughput on loopback with keep-alive.
 *
 *   node -r ./tools/scripts/register.js bench/vhsys/client-throughput.ts [--seconds 4] [--concurrency 1,8,32,64]
 *
 * 1. Client: N workers each run the realistic sale flow (sale-flow.ts, 6 requests) in a loop through
 *    one shared undici agent; the simulator runs in a child process (separate event loop) and,
 *    for comparison, in this process.
 * 2. Simulator capacity: raw keep-alive GETs with minimal client work against the child; the child's
 *    own CPU time (from /__admin/process) gives requests per CPU-second.
 * Prints markdown tables; figures are recorded in docs/performance-vhsys.md.
 */
import os from 'node:os';
import { Agent, request } from 'undici';
import { createVhsysAgent, VhsysClient } from '@gv/vhsys-client';
import { demoAccountSeed, SimulatorAdmin, startVhsysSimulator } from '@gv/vhsys-simulator';
import { REQUESTS_PER_FLOW, runSaleFlow } from './sale-flow';
import { startChildSimulator } from './simulator-child';
import { fixed, markdownTable, percentile } from './stats';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at !== -1 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const SECONDS = Number(arg('seconds', '4'));
const CONCURRENCIES = arg('concurrency', '1,8,32,64').split(',').map(Number);
const ACCOUNTS = 8;
const WARMUP_MS = 1_000;

interface Endpoint {
  url: string;
  adminUrl: string;
}

function tokens(i: number) {
  return { accessToken: `bench-access-${i}`, secretAccessToken: `bench-secret-${i}` };
}

async function seedAccounts(admin: SimulatorAdmin): Promise<void> {
  for (let i = 0; i < ACCOUNTS; i += 1) {
    await admin.createAccount(
      demoAccountSeed(tokens(i), {
        clientes: [{ razao_cliente: 'Cliente Benchmark LTDA', tipo_pessoa: 'PJ', cnpj_cliente: '11.444.777/0001-61' }],
        // The benchmark must not hit the per-account window.
        faults: { rateLimitPerWindow: 1_000_000_000 },
      }),
    );
  }
}

interface ClientResult {
  concurrency: number;
  requestsPerSecond: number;
  flowsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  clientCpuMicrosPerRequest: number;
  serverCpuMicrosPerRequest: number | null;
}

async function measureClient(endpoint: Endpoint, concurrency: number, admin: SimulatorAdmin, serverIsChild: boolean): Promise<ClientResult> {
  const agent = createVhsysAgent({ connections: concurrency });
  const latencies: number[] = [];
  let recording = false;
  let requests = 0;
  let flows = 0;
  let errors = 0;
  const clients = Array.from({ length: ACCOUNTS }, (_, i) =>
    new VhsysClient({
      baseUrl: endpoint.url,
      credentials: tokens(i),
      agent,
      timeoutMs: 10_000,
      onRequest: (info) => {
        if (!recording) return;
        requests += 1;
        latencies.push(info.durationMs);
      },
    }),
  );
  let stop = false;
  let sequence = 0;
  const worker = async (index: number): Promise<void> => {
    const client = clients[index % ACCOUNTS];
    while (!stop) {
      try {
        await runSaleFlow(client, (sequence += 1));
        if (recording) flows += 1;
      } catch {
        if (recording) errors += 1;
      }
    }
  };
  const running = Array.from({ length: concurrency }, (_, i) => worker(i));
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const serverBefore = serverIsChild ? await admin.processStats() : null;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  recording = true;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  recording = false;
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = serverIsChild ? await admin.processStats() : null;
  stop = true;
  await Promise.all(running);
  await agent.close();
  const serverCpu =
    serverBefore && serverAfter
      ? (serverAfter.cpuUserMicros + serverAfter.cpuSystemMicros - serverBefore.cpuUserMicros - serverBefore.cpuSystemMicros) / Math.max(1, requests)
      : null;
  return {
    concurrency,
    requestsPerSecond: requests / elapsed,
    flowsPerSecond: flows / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    // In-process runs include the simulator's work in this number.
    clientCpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(1, requests),
    serverCpuMicrosPerRequest: serverCpu,
  };
}

/** Raw keep-alive GETs (headers only, body discarded): the simulator's own ceiling. */
async function measureSimulatorCapacity(endpoint: Endpoint, admin: SimulatorAdmin, concurrency: number) {
  const agent = new Agent({ connections: concurrency, pipelining: 1 });
  const creds = tokens(0);
  const headers = { 'access-token': creds.accessToken, 'secret-access-token': creds.secretAccessToken, 'user-agent': 'bench/1.0' };
  const url = `${endpoint.url}/produtos/70000001`;
  let count = 0;
  let stop = false;
  let recording = false;
  const worker = async () => {
    while (!stop) {
      const response = await request(url, { dispatcher: agent, headers });
      await response.body.dump();
      if (recording) count += 1;
    }
  };
  const running = Array.from({ length: concurrency }, worker);
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const before = await admin.processStats();
  const started = performance.now();
  recording = true;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  recording = false;
  const elapsed = (performance.now() - started) / 1000;
  const after = await admin.processStats();
  stop = true;
  await Promise.all(running);
  await agent.close();
  const cpuSeconds = (after.cpuUserMicros + after.cpuSystemMicros - before.cpuUserMicros - before.cpuSystemMicros) / 1e6;
  return { concurrency, requestsPerSecond: count / elapsed, serverCpuShare: cpuSeconds / elapsed, requestsPerCpuSecond: count / Math.max(cpuSeconds, 1e-9) };
}

function clientTable(results: ClientResult[], serverIsChild: boolean): string {
  return markdownTable(
    ['concurrency', 'requests/s', 'sale flows/s', 'p50 ms', 'p99 ms', 'errors', serverIsChild ? 'client CPU µs/req' : 'process CPU µs/req', 'simulator CPU µs/req'],
    results.map((r) => [
      r.concurrency,
      fixed(r.requestsPerSecond),
      fixed(r.flowsPerSecond, 1),
      fixed(r.p50, 2),
      fixed(r.p99, 2),
      r.errors,
      fixed(r.clientCpuMicrosPerRequest),
      r.serverCpuMicrosPerRequest === null ? 'n/a (same process)' : fixed(r.serverCpuMicrosPerRequest),
    ]),
  );
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  process.stdout.write(
    `# Vhsys client/simulator benchmark\n\n${new Date().toISOString()}, node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ` +
      `${SECONDS}s per cell after ${WARMUP_MS / 1000}s warm-up, ${REQUESTS_PER_FLOW} requests per sale flow, ${ACCOUNTS} accounts\n\n`,
  );

  const child = await startChildSimulator();
  try {
    const adminAgent = new Agent({ connections: 1 });
    const admin = new SimulatorAdmin(child.adminUrl, adminAgent);
    await seedAccounts(admin);
    const results: ClientResult[] = [];
    for (const concurrency of CONCURRENCIES) results.push(await measureClient(child, concurrency, admin, true));
    process.stdout.write(`## Client, simulator in a child process\n\n${clientTable(results, true)}\n\n`);

    const capacity = [];
    for (const concurrency of [16, 64]) capacity.push(await measureSimulatorCapacity(child, admin, concurrency));
    process.stdout.write(
      `## Simulator capacity (raw GET /produtos/{id}, child process)\n\n${markdownTable(
        ['concurrency', 'requests/s', 'simulator CPU (cores)', 'requests per simulator CPU-second'],
        capacity.map((c) => [c.concurrency, fixed(c.requestsPerSecond), fixed(c.serverCpuShare, 2), fixed(c.requestsPerCpuSecond)]),
      )}\n\n`,
    );
    await adminAgent.close();
  } finally {
    await child.stop();
  }

  const inProcess = await startVhsysSimulator({ port: 0 });
  try {
    const adminAgent = new Agent({ connections: 1 });
    const admin = new SimulatorAdmin(inProcess.adminUrl, adminAgent);
    await seedAccounts(admin);
    const results: ClientResult[] = [];
    for (const concurrency of CONCURRENCIES) results.push(await measureClient(inProcess, concurrency, admin, false));
    process.stdout.write(`## Client, simulator in the same process (one event loop)\n\n${clientTable(results, false)}\n\n`);
    await adminAgent.close();
  } finally {
    await inProcess.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
