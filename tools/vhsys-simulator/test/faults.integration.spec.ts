/**
 * Fault injection, changed at run time through the admin endpoint: each kind must reach the client
 * as the documented classified VhsysError. No timing assertions.
 */
import { createVhsysAgent, VhsysClient, VhsysError } from '@gv/vhsys-client';
import { demoAccountSeed, RunningVhsysSimulator, SimulatorAdmin, startVhsysSimulator } from '@gv/vhsys-simulator';
import type { Agent } from 'undici';

const TOKENS = { accessToken: 'faults-access-token-1', secretAccessToken: 'faults-secret-token-1' };
let simulator: RunningVhsysSimulator;
let agent: Agent;
let admin: SimulatorAdmin;
let client: VhsysClient;

beforeAll(async () => {
  // A short hang cap keeps the suite quick even if a client never gave up.
  simulator = await startVhsysSimulator({ accounts: [demoAccountSeed(TOKENS)], hangMaxMs: 5_000 });
  agent = createVhsysAgent({ connections: 4 });
  admin = new SimulatorAdmin(simulator.adminUrl, agent);
  client = new VhsysClient({ baseUrl: simulator.url, credentials: TOKENS, agent, timeoutMs: 400 });
});

beforeEach(async () => {
  await admin.createAccount(demoAccountSeed(TOKENS));
});

afterAll(async () => {
  await agent.close();
  await simulator.close();
});

async function rejection(promise: Promise<unknown>): Promise<VhsysError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VhsysError);
  return error as VhsysError;
}

async function pedidoCount(): Promise<number> {
  return (await admin.getState(TOKENS.accessToken)).pedidos.length;
}

describe('each fault kind is classified', () => {
  it('rateLimited: 429 with Retry-After and the window headers', async () => {
    await admin.setFaults(TOKENS.accessToken, { rates: { rateLimited: 1 }, retryAfterSeconds: 3 });
    const error = await rejection(client.createPedido({ nomeCliente: 'X' }));
    expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryAfterMs: 3000, rateLimit: { limit: 10000, remaining: 9999 }, outcomeUnknown: false, method: 'POST', pathTemplate: '/pedidos' });
    expect(error.retryable).toBe(true);
    expect(await pedidoCount()).toBe(0);
  });

  it('serverError: HTML 500, transient; outcome unknown for a write only', async () => {
    await admin.setFaults(TOKENS.accessToken, { rates: { serverError: 1 } });
    expect(await rejection(client.createPedido({ nomeCliente: 'X' }))).toMatchObject({ kind: 'transient', httpStatus: 500, vhsysCode: null, outcomeUnknown: true });
    expect(await rejection(client.getProduto(70000001))).toMatchObject({ kind: 'transient', httpStatus: 500, outcomeUnknown: false });
    expect(await pedidoCount()).toBe(0);
  });

  it('transient200: HTTP 200 carrying code 404', async () => {
    await admin.setFaults(TOKENS.accessToken, { rates: { transient200: 1 } });
    const error = await rejection(client.listPedidos());
    expect(error).toMatchObject({ kind: 'transient', httpStatus: 200, vhsysCode: 404, vhsysMessages: ['Erro ao comunicar com a API'], outcomeUnknown: false });
  });

  it('hang: held until the client times out; a write is outcome-unknown', async () => {
    await admin.setFaults(TOKENS.accessToken, { rates: { hang: 1 } });
    const error = await rejection(client.createPedido({ nomeCliente: 'X' }));
    expect(error).toMatchObject({ kind: 'transient', httpStatus: null, causeCode: 'TIMEOUT', outcomeUnknown: true });
    const read = await rejection(client.getProduto(70000001));
    expect(read).toMatchObject({ kind: 'transient', causeCode: 'TIMEOUT', outcomeUnknown: false });
    await admin.clearFaults(TOKENS.accessToken);
    // The pool recovered: the next call on the same agent works.
    expect((await client.getProduto(70000001)).idProduto).toBe(70000001);
  });

  it('reset: connection cut, transient, outcome unknown for a write', async () => {
    await admin.setFaults(TOKENS.accessToken, { rates: { reset: 1 } });
    const error = await rejection(client.replacePedidoParcelas(1, [{ dataParcela: '2026-07-11', valorCents: 100 }]));
    expect(error).toMatchObject({ kind: 'transient', httpStatus: null, outcomeUnknown: true });
    expect(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']).toContain(error.causeCode);
    expect(await pedidoCount()).toBe(0);
  });

  it('responseLost: the write is applied, the client only sees a reset', async () => {
    await admin.setFaults(TOKENS.accessToken, { rates: { responseLost: 1 } });
    const error = await rejection(client.createPedido({ nomeCliente: 'X', referenciaPedido: 'gv:lost-1' }));
    expect(error).toMatchObject({ kind: 'transient', httpStatus: null, outcomeUnknown: true });
    const state = await admin.getState(TOKENS.accessToken);
    expect(state.pedidos.map((p) => p.referencia_pedido)).toEqual(['gv:lost-1']);
    expect(state.counters.faultsInjected.responseLost).toBe(1);
  });
});

describe('responseLost and duplicates', () => {
  it('a naive retry duplicates the order; resolving by marker does not', async () => {
    const since = new Date();
    await admin.setFaults(TOKENS.accessToken, { rates: { responseLost: 1 }, match: { methods: ['POST'], routes: ['/pedidos'] } });
    await rejection(client.createPedido({ nomeCliente: 'Naive', referenciaPedido: 'gv:naive' }));
    await admin.clearFaults(TOKENS.accessToken);
    await client.createPedido({ nomeCliente: 'Naive', referenciaPedido: 'gv:naive' });
    expect((await admin.getState(TOKENS.accessToken)).pedidos.filter((p) => p.referencia_pedido === 'gv:naive').length).toBe(2);

    await admin.setFaults(TOKENS.accessToken, { rates: { responseLost: 1 }, match: { methods: ['POST'], routes: ['/pedidos'] } });
    const error = await rejection(client.createPedido({ nomeCliente: 'Careful', referenciaPedido: 'gv:careful' }));
    expect(error.outcomeUnknown).toBe(true);
    // GETs are not matched by the fault, so the resolution works while POSTs still lose answers.
    expect(await client.findPedidoByMarker('gv:careful', { since })).toMatchObject({ outcome: 'found', row: { nomeCliente: 'Careful' } });
    expect((await admin.getState(TOKENS.accessToken)).pedidos.filter((p) => p.referencia_pedido === 'gv:careful').length).toBe(1);
  });

  it('lost answers on sub-resources: parcelas replace-all is safe to retry, items are not', async () => {
    const pedido = await client.createPedido({ nomeCliente: 'X' });
    await admin.setFaults(TOKENS.accessToken, { rates: { responseLost: 1 }, match: { methods: ['POST'], routes: ['/pedidos/{id_ped}/parcelas', '/pedidos/{id_ped}/produtos'] } });
    const parcelas = [{ dataParcela: '2026-07-11', valorCents: 5000 }, { dataParcela: '2026-08-11', valorCents: 5000 }];
    await rejection(client.replacePedidoParcelas(pedido.idPed, parcelas));
    await rejection(client.addPedidoProdutos(pedido.idPed, [{ idProduto: 70000002, descProduto: 'Livro', quantidade: 1, valorUnitCents: 1990 }]));
    await admin.clearFaults(TOKENS.accessToken);
    await client.replacePedidoParcelas(pedido.idPed, parcelas);
    await client.addPedidoProdutos(pedido.idPed, [{ idProduto: 70000002, descProduto: 'Livro', quantidade: 1, valorUnitCents: 1990 }]);
    expect((await client.listPedidoParcelas(pedido.idPed)).length).toBe(2);
    expect((await client.listPedidoProdutos(pedido.idPed)).length).toBe(2);
  });
});

describe('fault control', () => {
  it('restricts faults with match, and can be changed while running', async () => {
    await admin.setFaults(TOKENS.accessToken, { rates: { serverError: 1 }, match: { methods: ['POST'] } });
    expect((await client.getProduto(70000001)).idProduto).toBe(70000001);
    expect((await rejection(client.createPedido({ nomeCliente: 'X' }))).httpStatus).toBe(500);
    await admin.setFaults(TOKENS.accessToken, {});
    expect((await client.createPedido({ nomeCliente: 'X' })).nomeCliente).toBe('X');
  });

  it('is reproducible for a seed', async () => {
    const run = async (): Promise<string[]> => {
      await admin.setFaults(TOKENS.accessToken, { seed: 7, rates: { serverError: 0.3, transient200: 0.2 } });
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i += 1) {
        outcomes.push(await client.getProduto(70000001).then(() => 'ok', (e: VhsysError) => `${e.kind}:${e.httpStatus}`));
      }
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain('ok');
    expect(first).toContain('transient:500');
    expect(first).toContain('transient:200');
  });

  it('rejects nonsense fault settings with a 400', async () => {
    await expect(admin.setFaults(TOKENS.accessToken, { rates: { serverError: 2 } })).rejects.toThrow('faults.rates.serverError must be at most 1');
  });

  it('injects latency without failing the request', async () => {
    await admin.setFaults(TOKENS.accessToken, { latencyMs: 20, jitterMs: 20 });
    expect((await client.getProduto(70000001)).idProduto).toBe(70000001);
  });
});

describe('per-account request window', () => {
  it('counts down x-ratelimit-remaining, then answers 429 until the window ends', async () => {
    await admin.setFaults(TOKENS.accessToken, { rateLimitPerWindow: 3, windowMs: 60_000 });
    const remaining: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      await client.getProduto(70000001);
      remaining.push(client.lastRateLimit!.remaining);
    }
    expect(remaining).toEqual([2, 1, 0]);
    const error = await rejection(client.getProduto(70000001));
    expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429, rateLimit: { limit: 3, remaining: 0 } });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((await admin.getState(TOKENS.accessToken)).counters.rateLimited).toBe(1);
  });
});

describe('close()', () => {
  it('destroys held sockets so the server stops promptly', async () => {
    const own = await startVhsysSimulator({ accounts: [demoAccountSeed(TOKENS, { faults: { rates: { hang: 1 } } })] });
    const patient = new VhsysClient({ baseUrl: own.url, credentials: TOKENS, agent, timeoutMs: 30_000 });
    const pending = patient.getProduto(70000001).then(
      () => null,
      (e: unknown) => e,
    );
    // Wait until the request is being held, then close.
    for (let i = 0; i < 100 && own.state.getAccount(TOKENS.accessToken)!.counters.total === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    await own.close();
    const error = (await pending) as VhsysError;
    expect(error).toBeInstanceOf(VhsysError);
    expect(error).toMatchObject({ kind: 'transient', httpStatus: null, outcomeUnknown: false });
  });
});
