/**
 * A process instrumented the way a service's main.ts does it (startTelemetry before `http` is
 * required), for libs/telemetry/src/tracing.unit.spec.ts: it serves /health/ready, /metrics and a
 * Vhsys-like path, calls each once with fetch (undici), and prints the finished spans as JSON.
 *   node -r ./tools/scripts/register.js libs/telemetry/test/instrumented-process.ts
 */
import type { AddressInfo } from 'node:net';
import { startTelemetry } from '../src/tracing';

const handle = startTelemetry({ serviceName: 'instrumented', inMemory: true });
// Required after startTelemetry, as services do, so the http instrumentation patches it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = require('node:http') as typeof import('node:http');

async function main(): Promise<void> {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  for (const path of ['/health/ready', '/metrics', '/v2/pedidos/15579150/parcelas?access_token=abc123']) {
    await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await handle.flush();
  const spans = handle.memoryExporter!.getFinishedSpans().map((s) => ({ name: s.name, kind: s.kind, attributes: s.attributes }));
  await handle.shutdown();
  process.stdout.write(`${JSON.stringify(spans)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
