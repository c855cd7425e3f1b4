import { adminJsonCall } from '@gv/simulator-kit';
import type { Dispatcher } from 'undici';
import type { FaultConfig, FaultConfigInput } from '../faults/fault-config';
import type { AccountSeed, ProdutoSeed } from '../state/account-seed';
import type { AccountSnapshot } from '../state/account-snapshot';
import type { RequestLogEntry } from '../state/request-log';

/** Typed client of the simulator's /__admin endpoints, for tests, the demo and benchmarks. */
export class SimulatorAdmin {
  /** `adminUrl` as returned by startVhsysSimulator, e.g. http://127.0.0.1:18080/__admin. */
  constructor(private readonly adminUrl: string, private readonly dispatcher?: Dispatcher) {}

  async health(): Promise<boolean> {
    const { ok } = await this.call<{ ok: boolean }>('GET', '/health');
    return ok;
  }

  /** Creates the account, or replaces it with fresh data when its access token exists. */
  async createAccount(seed: AccountSeed): Promise<{ idEmpresa: number }> {
    return this.call('POST', '/accounts', seed);
  }

  async deleteAccount(accessToken: string): Promise<void> {
    await this.call('DELETE', `/accounts/${encodeURIComponent(accessToken)}`);
  }

  async setFaults(accessToken: string, faults: FaultConfigInput): Promise<FaultConfig> {
    return this.call('PUT', `/accounts/${encodeURIComponent(accessToken)}/faults`, faults);
  }

  async clearFaults(accessToken: string): Promise<FaultConfig> {
    return this.setFaults(accessToken, {});
  }

  /** Creates or replaces one produto of the account, leaving the rest of its data as it is. */
  async putProduto(accessToken: string, idProduto: number, produto: Omit<ProdutoSeed, 'idProduto'>): Promise<{ idProduto: number; created: boolean }> {
    return this.call('PUT', `/accounts/${encodeURIComponent(accessToken)}/produtos/${idProduto}`, produto);
  }

  /** Removes one produto of the account, as a seller deleting it in Vhsys (fails if there is none). */
  async deleteProduto(accessToken: string, idProduto: number): Promise<void> {
    await this.call('DELETE', `/accounts/${encodeURIComponent(accessToken)}/produtos/${idProduto}`);
  }

  /**
   * Adds pedidos to the account as if entered in Vhsys (each a POST /pedidos body: nome_cliente,
   * referencia_pedido, obs_pedido, status_pedido, …), in one request. Returns their id_ped, in order.
   */
  async addPedidos(accessToken: string, pedidos: Array<Record<string, unknown>>): Promise<number[]> {
    const { idPeds } = await this.call<{ idPeds: number[] }>('POST', `/accounts/${encodeURIComponent(accessToken)}/pedidos`, { pedidos });
    return idPeds;
  }

  /** Marks these pedidos modified now (their `data_mod_pedido`), as an edit in Vhsys would. */
  async touchPedidos(accessToken: string, idPeds: number[]): Promise<void> {
    await this.call('POST', `/accounts/${encodeURIComponent(accessToken)}/pedidos/touch`, { idPeds });
  }

  /**
   * Makes an emitted NFS-e read as not emitted again (no number), as if the city hall had rejected
   * its emission after `emitir` answered.
   */
  async rejectNotaServicoEmission(accessToken: string, idServico: number): Promise<void> {
    await this.call('POST', `/accounts/${encodeURIComponent(accessToken)}/notas-servico/${idServico}/emission-rejected`);
  }

  async getState(accessToken: string): Promise<AccountSnapshot> {
    return this.call('GET', `/accounts/${encodeURIComponent(accessToken)}/state`);
  }

  /** The account's requests in arrival order (bounded; `dropped` counts the oldest ones discarded). */
  async requestLog(accessToken: string): Promise<{ entries: RequestLogEntry[]; dropped: number }> {
    return this.call('GET', `/accounts/${encodeURIComponent(accessToken)}/requests`);
  }

  /** Refuses the account's valid tokens with Vhsys's authentication failure (true), or accepts them again (false). */
  async setTokensRejected(accessToken: string, rejected: boolean): Promise<void> {
    await this.call('PUT', `/accounts/${encodeURIComponent(accessToken)}/tokens`, { rejected });
  }

  /** Zeroes the account's counters and empties its request log. */
  async resetCounters(accessToken: string): Promise<void> {
    await this.call('POST', `/accounts/${encodeURIComponent(accessToken)}/counters/reset`);
  }

  async resetAll(): Promise<void> {
    await this.call('POST', '/reset');
  }

  /** The simulator process's CPU, memory, requests served, and how late its event loop ran (p99, p99.9, max since start, ms). */
  async processStats(): Promise<{ cpuUserMicros: number; cpuSystemMicros: number; rssBytes: number; requestsServed: number; eventLoopDelayMs: { p99: number; p999: number; max: number } }> {
    return this.call('GET', '/process');
  }

  private call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return adminJsonCall<T>('simulator admin', `${this.adminUrl}${path}`, method, path.replace(/\/accounts\/[^/]+/, '/accounts/{accessToken}'), body, this.dispatcher);
  }
}
