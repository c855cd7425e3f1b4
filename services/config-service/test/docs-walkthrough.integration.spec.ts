import path from 'path';
import * as grpc from '@grpc/grpc-js';
import { TOPICS } from '@gv/contracts';
import { KafkaProbe, uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator } from '@gv/vhsys-simulator';
import { CONFIG_SERVICE_PROTO_PATH, decodeStatusDetails, loadConfigServiceProto } from '@gv/contracts';
import type { RunningConfigService } from '../src/start-config-service';
import { DocCommand, docCommands, shellWords } from './doc-commands';
import { dropSchema, secretToken, serviceEnv, startInProcess, startSimulator, testSchema } from './support';

jest.setTimeout(120000);

const ROOT = path.resolve(__dirname, '../../..');
const DOC = path.join(ROOT, 'docs/config-service.md');
const ADMIN = 'doc-admin-token-0123456789abcdef';
const INTERNAL = 'doc-internal-token-0123456789abcd';

interface Outcome {
  status: string;
  text: string;
}

async function runCurl(words: string[]): Promise<Outcome> {
  let method: string | null = null;
  let data: string | undefined;
  let url: string | null = null;
  const headers: Record<string, string> = {};
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (['-s', '-S', '-sS', '-i'].includes(word)) continue;
    if (word === '-X') method = words[++i]!;
    else if (word === '-H') {
      const header = words[++i]!;
      const at = header.indexOf(':');
      headers[header.slice(0, at).trim().toLowerCase()] = header.slice(at + 1).trim();
    } else if (word === '-d' || word === '--data' || word === '--data-raw') data = words[++i]!;
    else if (/^https?:\/\//.test(word)) url = word;
    else throw new Error(`the test does not understand curl argument ${word}`);
  }
  if (!url) throw new Error('curl example without a URL');
  const res = await fetch(url, { method: method ?? (data === undefined ? 'GET' : 'POST'), headers, body: data });
  return { status: String(res.status), text: await res.text() };
}

async function runGrpcurl(words: string[], proto: ReturnType<typeof loadConfigServiceProto>): Promise<Outcome> {
  const metadata = new grpc.Metadata();
  let data = '{}';
  const positional: string[] = [];
  let importPath = '';
  let protoFile = '';
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word === '-plaintext') continue;
    if (word === '-import-path') importPath = words[++i]!;
    else if (word === '-proto') protoFile = words[++i]!;
    else if (word === '-H') {
      const header = words[++i]!;
      const at = header.indexOf(':');
      metadata.set(header.slice(0, at).trim().toLowerCase(), header.slice(at + 1).trim());
    } else if (word === '-d') data = words[++i]!;
    else if (word.startsWith('-')) throw new Error(`the test does not understand grpcurl flag ${word}`);
    else positional.push(word);
  }
  // The example must point grpcurl at the very proto the service serves.
  expect(path.join(ROOT, importPath, protoFile)).toBe(CONFIG_SERVICE_PROTO_PATH);
  const [address, fullMethod] = positional as [string, string];
  const [service, method] = fullMethod.split('/') as [string, string];
  const shortName = service.split('.').pop() as keyof typeof proto;
  expect(`guru.vhsys.config.v1.${shortName}`).toBe(service);
  const client = new proto[shortName](address, grpc.credentials.createInsecure());
  try {
    return await new Promise<Outcome>((resolve) => {
      (client as unknown as Record<string, Function>)[method]!(JSON.parse(data), metadata, { deadline: Date.now() + 15000 }, (error: grpc.ServiceError | null, response: unknown) => {
        if (!error) return resolve({ status: 'OK', text: JSON.stringify(response) });
        const bin = error.metadata.get('grpc-status-details-bin')[0];
        const violations = Buffer.isBuffer(bin) ? decodeStatusDetails(bin).violations : [];
        resolve({ status: grpc.status[error.code]!, text: JSON.stringify({ message: error.details, violations }) });
      });
    });
  } finally {
    client.close();
  }
}

describe('docs/config-service.md: every curl and grpcurl example runs as documented', () => {
  let sim: RunningVhsysSimulator;
  let service: RunningConfigService;
  let schema: string;
  let probe: KafkaProbe;

  beforeAll(async () => {
    ({ sim } = await startSimulator());
    schema = testSchema();
    service = await startInProcess(
      serviceEnv({ schema, vhsysUrl: sim.url, adminTokens: `doc-admin:${ADMIN}:*`, extra: { INTERNAL_API_TOKENS: `invoice-dispatcher:${INTERNAL}` } }),
    );
    probe = new KafkaProbe();
    await probe.listen([TOPICS.integrationConfig]);
  });

  afterAll(async () => {
    await probe?.close();
    await service?.stop();
    await sim?.close();
    await dropSchema(schema);
  });

  it('sets an account up end to end exactly as the document says', async () => {
    const accountId = uniqueId('acct_doc');
    const env: Record<string, string> = {
      CONFIG_URL: service.httpUrl,
      CONFIG_GRPC: service.grpcAddress,
      ADMIN_TOKEN: ADMIN,
      INTERNAL_TOKEN: INTERNAL,
      ACCOUNT_ID: accountId,
      VHSYS_ACCESS_TOKEN: secretToken('doc-access'),
      VHSYS_SECRET_ACCESS_TOKEN: secretToken('doc-secret'),
      VHSYS_ADMIN_URL: sim.adminUrl,
    };
    const commands = docCommands(DOC);
    expect(commands.filter((c) => c.source.trim().startsWith('curl') || c.source.includes('\ncurl')).length).toBeGreaterThanOrEqual(12);
    expect(commands.filter((c) => c.source.includes('grpcurl')).length).toBeGreaterThanOrEqual(7);
    const proto = loadConfigServiceProto();
    const failures: string[] = [];
    for (const command of commands) {
      const words = shellWords(command.source, env);
      const outcome = words[0] === 'grpcurl' ? await runGrpcurl(words, proto) : await runCurl(words);
      const describe = (c: DocCommand) => `docs/config-service.md line ${c.line}: expected ${c.expectStatus}${c.expectText ? ` with "${c.expectText}"` : ''}, got ${outcome.status} ${outcome.text.slice(0, 400)}`;
      if (outcome.status !== command.expectStatus || (command.expectText !== null && !outcome.text.includes(command.expectText))) {
        failures.push(describe(command));
      }
    }
    expect(failures).toEqual([]);

    // The walkthrough's changes were published, ending with the deletion's tombstone, which the two
    // republish examples (HTTP and gRPC) published again.
    const messages = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId && m.value === null, 3);
    expect(probe.received(TOPICS.integrationConfig, (m) => m.key === accountId).map((m) => (m.value as { version?: number } | null)?.version ?? 'tombstone'))
      .toEqual([1, 2, 3, 4, 5, 6, 7, 'tombstone', 'tombstone', 'tombstone']);
    expect(messages.map((m) => m.headers['x-config-version'])).toEqual(['8', '8', '8']);
  });
});
