import { HEADERS, INTEGRATION_CONFIG } from '@gv/contracts';
import { DEFAULT_PRODUCTS } from '@gv/guru-sale-generator';
import { setUpAccount, type Endpoints } from '@gv/stack';
import type { AccountSeed, FaultConfigInput, SimulatorAdmin } from '@gv/vhsys-simulator';
import type { Producer } from 'kafkajs';
import { benchConfig } from './sales';

/** A Guru account of the benchmark and the tokens of its (simulated) Vhsys account. */
export interface BenchAccount {
  accountId: string;
  accessToken: string;
  secretAccessToken: string;
}

export function makeAccounts(prefix: string, count: number): BenchAccount[] {
  return Array.from({ length: count }, (_, i) => ({
    accountId: `${prefix}-${i + 1}`,
    accessToken: `bench-access-${prefix}-${i + 1}`,
    secretAccessToken: `bench-secret-${prefix}-${i + 1}`,
  }));
}

/** No per-account window in the simulator: the benchmark measures the pipeline, not Vhsys's quota. */
export const UNLIMITED: FaultConfigInput = { rateLimitPerWindow: 1_000_000_000 };

/** The simulated Vhsys account: the generator's catalogue as Vhsys products, with their fixed ids. */
export function simulatorSeed(account: BenchAccount, faults: FaultConfigInput = UNLIMITED): AccountSeed {
  return {
    accessToken: account.accessToken,
    secretAccessToken: account.secretAccessToken,
    produtos: DEFAULT_PRODUCTS.map((p) => ({
      idProduto: p.vhsysProductId,
      codProduto: p.code,
      descProduto: p.name,
      valorProduto: (p.priceCents / 100).toFixed(2),
      tipoProduto: p.kind === 'produto' ? 'Produto' : 'Servico',
      ...(p.kind === 'produto' ? { ncmProduto: '49019900' } : {}),
    })),
    faults,
  };
}

export async function seedSimulator(admin: SimulatorAdmin, accounts: BenchAccount[]): Promise<void> {
  for (const account of accounts) await admin.createAccount(simulatorSeed(account));
}

/** Sets the simulator's latency (and optional faults) of every account, keeping the window off. */
export async function setSimulatorFaults(admin: SimulatorAdmin, accounts: BenchAccount[], faults: FaultConfigInput): Promise<void> {
  for (const account of accounts) await admin.setFaults(account.accessToken, { ...UNLIMITED, ...faults });
}

/** STATIC_CREDENTIALS of the dispatcher for the `direct` set-up path. */
export function staticCredentials(accounts: BenchAccount[]): string {
  return JSON.stringify(Object.fromEntries(accounts.map((a) => [a.accountId, { accessToken: a.accessToken, secretAccessToken: a.secretAccessToken, credentialsVersion: 1 }])));
}

/** `direct` path: the settings snapshot straight to the compacted topic mapping-service reads. */
export async function publishSnapshots(producer: Producer, topic: string, accounts: BenchAccount[]): Promise<void> {
  await producer.send({
    topic,
    acks: -1,
    messages: accounts.map((a) => ({ key: a.accountId, value: JSON.stringify(benchConfig(a.accountId)), headers: { [HEADERS.contract]: INTEGRATION_CONFIG } })),
  });
}

/**
 * `http` path: the account set up the way a seller does it (tools/stack setUpAccount): the Vhsys
 * company in the simulator, then every settings screen saved through config-service's REST API,
 * then the integration switched on. config-service publishes the snapshot (outbox) and serves the
 * tokens to the dispatcher over gRPC. The simulator's hourly window is then switched off.
 */
export async function setUpThroughConfigService(endpoints: Endpoints, admin: SimulatorAdmin, account: BenchAccount): Promise<number> {
  const version = await setUpAccount(endpoints, { accountId: account.accountId, accessToken: account.accessToken, secretAccessToken: account.secretAccessToken });
  await admin.setFaults(account.accessToken, UNLIMITED);
  return version;
}
