/**
 * Test support for config-service: the Vhsys simulator with a fresh account, the service in-process
 * (fast) or as a child process (as in production), HTTP and gRPC clients, free ports, cleanup.
 */
import { randomBytes } from 'crypto';
import * as grpc from '@grpc/grpc-js';
import { Client } from 'pg';
import { createLogger } from '@gv/telemetry';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort, ownKafkaSecurityEnv, ServiceProcess, testEnvironment, uniqueId } from '@gv/testing';

export { freePort };
import { RunningVhsysSimulator, SimulatorAdmin, startVhsysSimulator } from '@gv/vhsys-simulator';
import { bearerMetadata, GrpcClientTls, grpcChannelCredentials, loadConfigServiceProto } from '@gv/contracts';
import { loadConfigServiceConfig } from '../src/config-service.config';
import { RunningConfigService, startConfigService } from '../src/start-config-service';

export const ADMIN_TOKEN = 'admin-token-all-accounts-0123456789';
export const INTERNAL_TOKEN = 'dispatcher-internal-token-0123456789';

/** A random, distinctive token (so a leak is unmistakable in any capture). */
export function secretToken(label: string): string {
  return `${label}-${randomBytes(18).toString('hex')}`;
}

export interface VhsysAccountFixture {
  accessToken: string;
  secretAccessToken: string;
  produtoId: number;
  servicoId: number;
  trashedProdutoId: number;
  situacaoAtendidoId: number;
  situacaoAbertoId: number;
}

let nextIds = 900000 + Math.floor(Math.random() * 50000) * 10;

/** A Vhsys account in the simulator with a product, a service, a trashed product and two situações. */
export async function createVhsysAccount(admin: SimulatorAdmin, label = 'vh'): Promise<VhsysAccountFixture> {
  const base = (nextIds += 10);
  const fixture: VhsysAccountFixture = {
    accessToken: secretToken(`${label}-access`),
    secretAccessToken: secretToken(`${label}-secret`),
    produtoId: base + 1,
    servicoId: base + 2,
    trashedProdutoId: base + 3,
    situacaoAtendidoId: base + 4,
    situacaoAbertoId: base + 5,
  };
  await admin.createAccount({
    accessToken: fixture.accessToken,
    secretAccessToken: fixture.secretAccessToken,
    produtos: [
      { idProduto: fixture.produtoId, codProduto: 'LIVRO-01', descProduto: 'Livro impresso', valorProduto: '59.90' },
      { idProduto: fixture.servicoId, codProduto: 'CURSO-01', descProduto: 'Curso online', valorProduto: '197.00', tipoProduto: 'Servico' },
      { idProduto: fixture.trashedProdutoId, codProduto: 'OLD-01', descProduto: 'Descontinuado', valorProduto: '1.00', lixeira: true },
    ],
    situacoes: [
      { idSituacao: fixture.situacaoAtendidoId, tipoPedido: 1, tipoStatus: 'Atendido', nomeSituacao: 'Pago e liberado' },
      { idSituacao: fixture.situacaoAbertoId, tipoPedido: 1, tipoStatus: 'Em Aberto', nomeSituacao: 'Aguardando confirmação' },
    ],
  });
  return fixture;
}

export async function startSimulator(): Promise<{ sim: RunningVhsysSimulator; admin: SimulatorAdmin }> {
  const sim = await startVhsysSimulator({ port: 0 });
  return { sim, admin: new SimulatorAdmin(sim.adminUrl) };
}

export interface GuruSimulatorProcess {
  /** GURU_API_BASE_URL (ends in /api/v2). */
  url: string;
  /** How many API requests the simulator saw for an account (its admin API, over HTTP). */
  requestCount(accountId: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The Guru API simulator as its own process (`npm run guru-simulator`, on a free port), seeded with
 * `accounts` ({accountId, userTokens}): config-service talks to it over HTTP as to Guru.
 */
export async function startGuruSimulatorProcess(accounts: { accountId: string; userTokens: string[] }[]): Promise<GuruSimulatorProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'guru-sim-'));
  const accountsFile = join(dir, 'accounts.json');
  writeFileSync(accountsFile, JSON.stringify(accounts), { mode: 0o600 });
  const proc = new ServiceProcess({
    name: 'guru-api-simulator',
    entry: 'tools/guru-api-simulator/src/main.ts',
    env: { GURU_SIMULATOR_PORT: String(port), GURU_SIMULATOR_ACCOUNTS_FILE: accountsFile },
    readyUrl: `http://127.0.0.1:${port}/__admin/health`,
  });
  try {
    await proc.start(60000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}/api/v2`,
    async requestCount(accountId) {
      const res = await fetch(`http://127.0.0.1:${port}/__admin/accounts/${encodeURIComponent(accountId)}/requests`);
      return ((await res.json()) as { entries: unknown[] }).entries.length;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await proc.stop();
    },
  };
}

export function testSchema(): string {
  return uniqueId('cfg_test').toLowerCase();
}

/** Environment for one service instance (in-process or child process). */
export function serviceEnv(options: { schema: string; vhsysUrl: string; httpPort?: number; grpcPort?: number; adminTokens?: string; extra?: Record<string, string> }): Record<string, string> {
  const env = testEnvironment();
  return {
    NODE_ENV: 'test',
    DATABASE_URL: env.databaseUrl,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    ...ownKafkaSecurityEnv(),
    DB_SCHEMA: options.schema,
    CONFIG_SERVICE_HTTP_PORT: String(options.httpPort ?? 0),
    CONFIG_SERVICE_GRPC_PORT: String(options.grpcPort ?? 0),
    VHSYS_BASE_URL: options.vhsysUrl,
    VHSYS_TIMEOUT_MS: '5000',
    CONFIG_ENCRYPTION_KEYS: `old:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`,
    CONFIG_ENCRYPTION_ACTIVE_KEY: 'k1',
    ADMIN_API_TOKENS: options.adminTokens ?? `admin-backend:${ADMIN_TOKEN}:*`,
    INTERNAL_API_TOKENS: `invoice-dispatcher:${INTERNAL_TOKEN}`,
    OUTBOX_POLL_INTERVAL_MS: '200',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    LOG_LEVEL: 'warn',
    ...(options.extra ?? {}),
  };
}

export async function startInProcess(env: Record<string, string>): Promise<RunningConfigService> {
  const config = loadConfigServiceConfig(env);
  return startConfigService(config, { logger: createLogger('config-service', process.env.TEST_LOG_LEVEL ?? 'silent') });
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: testEnvironment().databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: testEnvironment().databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}


// ---- HTTP ------------------------------------------------------------------------------------

export interface HttpResult<T = any> {
  status: number;
  headers: Record<string, string>;
  body: T;
  text: string;
}

export class HttpApi {
  /** Every exchange, for the leak checks. */
  readonly exchanges: { method: string; path: string; status: number; headers: Record<string, string>; text: string }[] = [];

  constructor(private readonly baseUrl: string, private readonly token: string | null = ADMIN_TOKEN) {}

  withToken(token: string | null): HttpApi {
    const other = new HttpApi(this.baseUrl, token);
    (other as { exchanges: unknown }).exchanges = this.exchanges;
    return other;
  }

  async request<T = any>(method: string, path: string, options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    const resHeaders = Object.fromEntries(res.headers.entries());
    this.exchanges.push({ method, path, status: res.status, headers: resHeaders, text });
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: resHeaders, body: parsed as T, text };
  }

  settingsPath(accountId: string, suffix = ''): string {
    return `/v1/accounts/${encodeURIComponent(accountId)}/vhsys-integration${suffix}`;
  }
}

// ---- gRPC ------------------------------------------------------------------------------------

export interface GrpcOutcome<T = any> {
  ok: boolean;
  response?: T;
  error?: grpc.ServiceError;
}

const SALES_HISTORY_METHODS = new Set(['ListSales', 'GetSale', 'ReprocessSale', 'ReprocessSales']);
const SALES_IMPORT_METHODS = new Set(['PreviewImport', 'StartImport', 'GetImport', 'CancelImport']);

export class GrpcApi {
  private readonly admin: grpc.Client;
  private readonly credentials: grpc.Client;
  private readonly sales: grpc.Client;
  private readonly imports: grpc.Client;
  /** Every answer (responses, error messages and trailers), for the leak checks. */
  readonly transcript: string[] = [];

  /** `tls`: the CA (and client certificate) for a service started with GRPC_TLS=on; absent: plaintext. */
  constructor(address: string, tls?: GrpcClientTls) {
    const proto = loadConfigServiceProto();
    this.admin = new proto.VhsysIntegrationAdmin(address, grpcChannelCredentials(tls));
    this.credentials = new proto.VhsysCredentials(address, grpcChannelCredentials(tls));
    this.sales = new proto.SalesHistory(address, grpcChannelCredentials(tls));
    this.imports = new proto.SalesImport(address, grpcChannelCredentials(tls));
  }

  /** Calls `method` on the admin service (VhsysCredentials for GetCredentials, SalesHistory and SalesImport for theirs). */
  call<T = any>(method: string, request: object, token: string | null = ADMIN_TOKEN): Promise<GrpcOutcome<T>> {
    const client = method === 'GetCredentials' ? this.credentials : SALES_HISTORY_METHODS.has(method) ? this.sales : SALES_IMPORT_METHODS.has(method) ? this.imports : this.admin;
    const metadata = token ? bearerMetadata(token) : new grpc.Metadata();
    return new Promise((resolve) => {
      (client as unknown as Record<string, Function>)[method]!(
        request,
        metadata,
        { deadline: Date.now() + 15000 },
        (error: grpc.ServiceError | null, response: T) => {
          if (error) {
            this.transcript.push(
              JSON.stringify({ method, code: error.code, details: error.details, metadata: error.metadata?.toJSON() }),
              ...(error.metadata?.get('grpc-status-details-bin') ?? []).map((b) => Buffer.from(b as Buffer).toString('latin1')),
            );
            resolve({ ok: false, error });
          } else {
            if (method !== 'GetCredentials') this.transcript.push(JSON.stringify({ method, response }));
            resolve({ ok: true, response });
          }
        },
      );
    });
  }

  close(): void {
    this.admin.close();
    this.credentials.close();
    this.sales.close();
    this.imports.close();
  }
}

export const PRODUCT_NFE = (produtoId: number) => ({
  vhsysProductId: produtoId,
  description: 'Livro impresso — edição 2026',
  kind: 'produto',
  issueInvoice: true,
  active: true,
  nfe: { naturezaOperacao: 'Venda de mercadoria', cfop: '5102', serie: 1 },
  nfse: null,
});

export const PRODUCT_NFSE = (servicoId: number) => ({
  vhsysProductId: servicoId,
  description: null,
  kind: 'servico',
  issueInvoice: true,
  active: true,
  nfe: null,
  nfse: { serie: 1, naturezaOperacao: 1, codigoServico: '08.02', aliquotaIss: '2.00', regime: 1, descricaoServico: 'Curso online' },
});
