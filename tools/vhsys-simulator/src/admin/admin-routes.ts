import type { IntervalHistogram } from 'node:perf_hooks';
import type { ApiReply } from '../api/api-context';
import type { AccountSeed, ProdutoSeed } from '../state/account-seed';
import type { SimulatorState } from '../state/simulator-state';
import type { FaultConfigInput } from '../faults/fault-config';
import { readPedidoHeader } from '../handlers/pedido-fields';
import { addPedido } from '../handlers/pedidos';
import { rejectNotaServicoEmission } from '../handlers/notas-servico';
import type { VhsysAccount } from '../state/vhsys-account';

/**
 * Test-only endpoints under /__admin (no Vhsys authentication):
 *   GET    /__admin/health
 *   GET    /__admin/process                          CPU and memory of the simulator process
 *   POST   /__admin/reset                            drop every account
 *   POST   /__admin/accounts                         create or replace an account (AccountSeed)
 *   DELETE /__admin/accounts/{accessToken}
 *   PUT    /__admin/accounts/{accessToken}/faults    replace the fault config (FaultConfigInput)
 *   PUT    /__admin/accounts/{accessToken}/produtos/{idProduto}   create or replace one produto (ProdutoSeed)
 *   DELETE /__admin/accounts/{accessToken}/produtos/{idProduto}   remove it (as if deleted in Vhsys)
 *   POST   /__admin/accounts/{accessToken}/pedidos   add pedidos ({pedidos: [POST /pedidos bodies]}) as if entered in Vhsys
 *   POST   /__admin/accounts/{accessToken}/pedidos/touch   mark pedidos modified now ({idPeds}) as if edited in Vhsys
 *   POST   /__admin/accounts/{accessToken}/notas-servico/{idServico}/emission-rejected   the NFS-e reads as not emitted again (the city rejected it later)
 *   GET    /__admin/accounts/{accessToken}/state     AccountSnapshot
 *   GET    /__admin/accounts/{accessToken}/requests  { entries: RequestLogEntry[], dropped } (arrival order)
 *   PUT    /__admin/accounts/{accessToken}/tokens    { rejected: boolean }: refuse the valid tokens (403) or accept them again
 *   POST   /__admin/accounts/{accessToken}/counters/reset   counters and request log
 */
export interface ProcessStats {
  requestsServed: number;
  /**
   * How late this process's event loop ran since it started (ns, node:perf_hooks): a request that
   * reached the socket while the loop was busy is stamped that much later in the request log.
   */
  loopDelay: IntervalHistogram;
}

const json = (status: number, body: unknown): ApiReply => ({ status, body });

/** Nanoseconds (the histogram's unit) as milliseconds to a tenth. */
const tenthsOfMs = (ns: number): number => Math.round(ns / 1e5) / 10;

export function handleAdminRequest(state: SimulatorState, stats: ProcessStats, method: string, path: string, rawBody: Buffer): ApiReply {
  const segments = path.split('/').filter((s) => s !== '').slice(1).map(decodeURIComponent);
  let body: unknown;
  try {
    body = rawBody.length > 0 ? JSON.parse(rawBody.toString('utf8')) : {};
  } catch {
    return json(400, { error: 'invalid JSON body' });
  }
  try {
    const [first, token, sub, subAction, subSubAction] = segments;
    if (method === 'GET' && first === 'health' && segments.length === 1) return json(200, { ok: true });
    if (method === 'GET' && first === 'process' && segments.length === 1) {
      const cpu = process.cpuUsage();
      const loop = stats.loopDelay;
      return json(200, {
        cpuUserMicros: cpu.user, cpuSystemMicros: cpu.system, rssBytes: process.memoryUsage().rss, requestsServed: stats.requestsServed,
        eventLoopDelayMs: { p99: tenthsOfMs(loop.percentile(99)), p999: tenthsOfMs(loop.percentile(99.9)), max: tenthsOfMs(loop.max) },
      });
    }
    if (method === 'POST' && first === 'reset' && segments.length === 1) {
      state.reset();
      return json(200, { ok: true });
    }
    if (first !== 'accounts') return json(404, { error: 'unknown admin endpoint' });
    if (method === 'POST' && segments.length === 1) {
      const account = state.createAccount(body as AccountSeed);
      return json(201, { idEmpresa: account.idEmpresa });
    }
    if (!token || !state.getAccount(token)) return json(404, { error: 'unknown account' });
    if (method === 'DELETE' && segments.length === 2) {
      state.deleteAccount(token);
      return json(200, { ok: true });
    }
    if (method === 'PUT' && sub === 'faults' && segments.length === 3) return json(200, state.setFaults(token, body as FaultConfigInput));
    if (method === 'GET' && sub === 'state' && segments.length === 3) return json(200, state.snapshot(token));
    if (method === 'GET' && sub === 'requests' && segments.length === 3) return json(200, state.requestLog(token));
    if (method === 'PUT' && sub === 'tokens' && segments.length === 3) {
      const rejected = (body as { rejected?: unknown }).rejected;
      if (typeof rejected !== 'boolean') return json(400, { error: 'the body must be { "rejected": true | false }' });
      state.setTokensRejected(token, rejected);
      return json(200, { rejected });
    }
    if (sub === 'produtos' && segments.length === 4 && (method === 'PUT' || method === 'DELETE')) {
      const idProduto = /^[1-9]\d{0,14}$/.test(subAction ?? '') ? Number(subAction) : null;
      if (idProduto === null) return json(400, { error: 'idProduto must be a positive integer' });
      if (method === 'DELETE') return state.deleteProduto(token, idProduto) ? json(200, { ok: true }) : json(404, { error: 'unknown produto' });
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return json(400, { error: 'the body must be a produto (ProdutoSeed)' });
      const { created } = state.putProduto(token, idProduto, body as ProdutoSeed);
      return json(created ? 201 : 200, { idProduto, created });
    }
    if (method === 'POST' && sub === 'pedidos' && segments.length === 3) return json(201, { idPeds: addPedidos(state, token, body) });
    if (method === 'POST' && sub === 'pedidos' && subAction === 'touch' && segments.length === 4) return json(200, { touched: touchPedidos(state, token, body) });
    if (method === 'POST' && sub === 'notas-servico' && subSubAction === 'emission-rejected' && segments.length === 5) {
      const idServico = /^[1-9]\d{0,14}$/.test(subAction ?? '') ? Number(subAction) : null;
      if (idServico === null) return json(400, { error: 'idServico must be a positive integer' });
      const nota = accountOf(state, token).notasServico.get(idServico);
      if (!nota) return json(404, { error: 'unknown nota de serviço' });
      rejectNotaServicoEmission(nota, state.nowText());
      return json(200, { idServico, emitted: false });
    }
    if (method === 'POST' && sub === 'counters' && subAction === 'reset' && segments.length === 4) {
      state.resetCounters(token);
      return json(200, { ok: true });
    }
    return json(404, { error: 'unknown admin endpoint' });
  } catch (error) {
    return json(400, { error: error instanceof Error ? error.message : String(error) });
  }
}

function accountOf(state: SimulatorState, token: string): VhsysAccount {
  const account = state.getAccount(token);
  if (!account) throw new Error('unknown account');
  return account;
}

/**
 * Stores pedidos as if someone had entered them in Vhsys (each body checked as POST /pedidos
 * checks it; none is stored when one is refused), without going through the API: a test can fill
 * an account with thousands of orders in one request. Returns their id_ped, in order.
 */
function addPedidos(state: SimulatorState, token: string, body: unknown): number[] {
  const bodies = (body as { pedidos?: unknown }).pedidos;
  if (!Array.isArray(bodies)) throw new Error('the body must be {"pedidos": [POST /pedidos bodies]}');
  const headers = bodies.map((one, i) => {
    if (typeof one !== 'object' || one === null || Array.isArray(one)) throw new Error(`pedidos[${i}] must be an object`);
    const { changes, errors } = readPedidoHeader(one as Record<string, unknown>, false);
    if (errors.length > 0) throw new Error(`pedidos[${i}]: ${errors.join('; ')}`);
    return changes;
  });
  const account = accountOf(state, token);
  const nowText = state.nowText();
  return headers.map((changes) => addPedido(account, state.ids, nowText, changes).id_ped);
}

/** Stamps these pedidos modified now (`data_mod_pedido`), as an edit in Vhsys's screens would. */
function touchPedidos(state: SimulatorState, token: string, body: unknown): number {
  const idPeds = (body as { idPeds?: unknown }).idPeds;
  if (!Array.isArray(idPeds)) throw new Error('the body must be {"idPeds": [id_ped, …]}');
  const account = accountOf(state, token);
  const pedidos = idPeds.map((id) => {
    const pedido = typeof id === 'number' ? account.pedidos.get(id) : undefined;
    if (!pedido) throw new Error(`unknown pedido ${String(id)}`);
    return pedido;
  });
  const nowText = state.nowText();
  for (const pedido of pedidos) pedido.data_mod_pedido = nowText;
  return pedidos.length;
}
