/** Many accounts at once: each token pair is its own company; unknown tokens are refused. */
import { createVhsysAgent, VhsysClient, VhsysError } from '@gv/vhsys-client';
import { AUTH_FAILURE_MESSAGE, DEMO_PRODUTOS, demoAccountSeed, RunningVhsysSimulator, SimulatorAdmin, startVhsysSimulator } from '@gv/vhsys-simulator';
import { request as httpRequest } from 'node:http';
import { request, type Agent } from 'undici';

const A = { accessToken: 'account-a-access', secretAccessToken: 'account-a-secret' };
const B = { accessToken: 'account-b-access', secretAccessToken: 'account-b-secret' };
// Accounts of the last two tests (earlier ones replace and delete A).
const C = { accessToken: 'account-c-access', secretAccessToken: 'account-c-secret' };
const D = { accessToken: 'account-d-access', secretAccessToken: 'account-d-secret' };
let simulator: RunningVhsysSimulator;
let agent: Agent;
let admin: SimulatorAdmin;

beforeAll(async () => {
  simulator = await startVhsysSimulator({ accounts: [demoAccountSeed(A), demoAccountSeed(B)] });
  agent = createVhsysAgent({ connections: 4 });
  admin = new SimulatorAdmin(simulator.adminUrl, agent);
});

afterAll(async () => {
  await agent.close();
  await simulator.close();
});

const clientFor = (credentials: typeof A, baseUrl = simulator.url) => new VhsysClient({ baseUrl, credentials, agent, timeoutMs: 2_000 });

async function rejection(promise: Promise<unknown>): Promise<VhsysError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VhsysError);
  return error as VhsysError;
}

it('keeps data, sequences and faults per account', async () => {
  const a = clientFor(A);
  const b = clientFor(B);
  const pedidoA = await a.createPedido({ nomeCliente: 'Só na A' });
  const pedidoB = await b.createPedido({ nomeCliente: 'Só na B' });
  // Primary keys are global, sequential numbers are per account.
  expect(pedidoB.idPed).toBeGreaterThan(pedidoA.idPed);
  expect((await a.getPedido(pedidoA.idPed)).idPedido).toBe(1);
  expect((await b.getPedido(pedidoB.idPed)).idPedido).toBe(1);
  expect((await rejection(b.getPedido(pedidoA.idPed))).kind).toBe('not_found');
  expect((await a.listPedidos()).rows.map((p) => p.nomeCliente)).toEqual(['Só na A']);

  await admin.setFaults(A.accessToken, { rates: { serverError: 1 } });
  expect((await rejection(a.listPedidos())).httpStatus).toBe(500);
  expect((await b.listPedidos()).rows.length).toBe(1);
  await admin.clearFaults(A.accessToken);

  const stateA = await admin.getState(A.accessToken);
  const stateB = await admin.getState(B.accessToken);
  expect(stateA.idEmpresa).not.toBe(stateB.idEmpresa);
  expect(JSON.stringify(stateA)).not.toContain(A.secretAccessToken);
});

it('refuses unknown tokens, a wrong secret and missing headers with 403', async () => {
  for (const credentials of [{ accessToken: 'nope', secretAccessToken: 'nope' }, { ...A, secretAccessToken: B.secretAccessToken }]) {
    expect(await rejection(clientFor(credentials).listPedidos())).toMatchObject({ kind: 'auth', httpStatus: 403, vhsysMessages: [AUTH_FAILURE_MESSAGE] });
  }
  const bare = await request(`${simulator.url}/pedidos`, { dispatcher: agent });
  expect(bare.statusCode).toBe(403);
  expect(await bare.body.json()).toEqual({ code: 403, status: 'error', data: AUTH_FAILURE_MESSAGE });
  expect(simulator.state.authFailures).toBe(3);
});

it('can refuse with a bare 401 instead (the webhook spec variant)', async () => {
  const other = await startVhsysSimulator({ authFailureStatus: 401 });
  try {
    expect(await rejection(clientFor(A, other.url).verifyCredentials())).toMatchObject({ kind: 'auth', httpStatus: 401, vhsysMessages: [] });
  } finally {
    await other.close();
  }
});

it('verifyCredentials reads any other 403 text as auth, since the real wording is unknown', async () => {
  const other = await startVhsysSimulator({ authFailureMessage: 'Acesso bloqueado' });
  try {
    expect(await rejection(clientFor(A, other.url).verifyCredentials())).toMatchObject({ kind: 'auth', httpStatus: 403, vhsysMessages: ['Acesso bloqueado'] });
    // Elsewhere an unrecognised 403 text stays permanent.
    expect((await rejection(clientFor(A, other.url).listPedidos())).kind).toBe('permanent');
  } finally {
    await other.close();
  }
});

it('matches the token headers case-insensitively', async () => {
  const response = await request(`${simulator.url}/situacoes`, {
    dispatcher: agent,
    headers: { 'Access-Token': A.accessToken, 'Secret-Access-Token': A.secretAccessToken, 'User-Agent': 'php-sdk' },
  });
  expect(response.statusCode).toBe(200);
  await response.body.text();
});

it('replaces an account with fresh data, and deletes it', async () => {
  const a = clientFor(A);
  await admin.createAccount(demoAccountSeed(A));
  expect((await a.listPedidos()).rows).toEqual([]);
  await admin.deleteAccount(A.accessToken);
  expect((await rejection(a.listPedidos())).kind).toBe('auth');
  await expect(admin.getState(A.accessToken)).rejects.toThrow('(404): unknown account');
});

it('creates, replaces and removes one produto of an account, leaving the rest of its data alone', async () => {
  await admin.createAccount(demoAccountSeed(B));
  const b = clientFor(B);
  const pedido = await b.createPedido({ nomeCliente: 'Fica' });
  const livro = DEMO_PRODUTOS.livro.idProduto;

  // A seller deletes a product in Vhsys: it is gone from the API, everything else stays.
  await admin.deleteProduto(B.accessToken, livro);
  expect((await rejection(b.getProduto(livro))).kind).toBe('not_found');
  expect((await b.getPedido(pedido.idPed)).nomeCliente).toBe('Fica');
  await expect(admin.deleteProduto(B.accessToken, livro)).rejects.toThrow('(404): unknown produto');

  // ... and registers it again under the same id.
  const { idProduto: _id, ...fields } = DEMO_PRODUTOS.livro;
  expect(await admin.putProduto(B.accessToken, livro, fields)).toEqual({ idProduto: livro, created: true });
  expect(await b.getProduto(livro)).toMatchObject({ idProduto: livro, descProduto: 'Livro impresso', lixeira: false });
  expect(await admin.putProduto(B.accessToken, livro, { ...fields, descProduto: 'Livro, 2ª edição', lixeira: true })).toEqual({ idProduto: livro, created: false });
  const state = await admin.getState(B.accessToken);
  expect(state.produtos.filter((p) => p.id_produto === livro)).toEqual([expect.objectContaining({ desc_produto: 'Livro, 2ª edição', lixeira: 'Sim' })]);
  expect(state.pedidos).toHaveLength(1);

  await expect(admin.putProduto(B.accessToken, livro, { ...fields, valorProduto: 'caro' })).rejects.toThrow('(400)');
  await expect(admin.putProduto('no-such-account', livro, fields)).rejects.toThrow('(404): unknown account');
});

it('adds pedidos in bulk (checked as POST /pedidos) and marks them modified, as work in Vhsys screens would', async () => {
  let now = new Date('2026-06-11T13:00:00Z');
  const own = await startVhsysSimulator({ accounts: [demoAccountSeed(A)], clock: () => now });
  try {
    const ownAdmin = new SimulatorAdmin(own.adminUrl, agent);
    const client = clientFor(A, own.url);
    const ids = await ownAdmin.addPedidos(A.accessToken, [{ nome_cliente: 'Um', referencia_pedido: 'ref-1' }, { nome_cliente: 'Dois', status_pedido: 'Atendido' }]);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]! + 1);
    expect((await client.getPedido(ids[1]!))).toMatchObject({ nomeCliente: 'Dois', statusPedido: 'Atendido', idPedido: 2, dataModificacao: '2026-06-11 10:00:00' });
    // One refused body: nothing is stored.
    await expect(ownAdmin.addPedidos(A.accessToken, [{ nome_cliente: 'Três' }, { status_pedido: 'Atendido' }])).rejects.toThrow('pedidos[1]:');
    expect((await client.listPedidos()).rows).toHaveLength(2);

    now = new Date('2026-06-12T13:00:00Z');
    await ownAdmin.touchPedidos(A.accessToken, [ids[0]!]);
    expect((await client.listPedidos({ dataModificacao: '2026-06-12 00:00:00' })).rows.map((p) => p.idPed)).toEqual([ids[0]]);
    await expect(ownAdmin.touchPedidos(A.accessToken, [1])).rejects.toThrow('unknown pedido 1');
  } finally {
    await own.close();
  }
});

it('rejects an emitted NFS-e’s emission after the fact, as a city hall would, so it reads as not emitted again', async () => {
  let now = new Date('2026-06-11T13:00:00Z');
  const own = await startVhsysSimulator({ accounts: [demoAccountSeed(A)], clock: () => now });
  try {
    const ownAdmin = new SimulatorAdmin(own.adminUrl, agent);
    const client = clientFor(A, own.url);
    const nota = await client.createNotaServico({ nomeCliente: 'ACME', serieNota: 1, naturezaPedido: 1, descServicos: 'Mentoria', valorTotalServicosCents: 50000, ambiente: 2 });
    expect(await client.emitirNotaServico(nota.idServico)).toMatchObject({ numeroNfse: '1', alreadyEmitted: false });
    now = new Date('2026-06-12T13:00:00Z');
    await ownAdmin.rejectNotaServicoEmission(A.accessToken, nota.idServico);
    expect(await client.getNotaServico(nota.idServico)).toMatchObject({ emitida: false, numeroNfse: null, dataEmissao: null, dataModificacao: '2026-06-12 10:00:00' });
    // Emitting it again is a first emission of that nota, with the next number.
    expect(await client.emitirNotaServico(nota.idServico)).toMatchObject({ numeroNfse: '2', alreadyEmitted: false });
    await expect(ownAdmin.rejectNotaServicoEmission(A.accessToken, nota.idServico + 1)).rejects.toThrow('(404): unknown nota de serviço');
  } finally {
    await own.close();
  }
});

it('refuses an account’s valid tokens while told to, as an authentication failure, then accepts them again', async () => {
  await admin.createAccount(demoAccountSeed(C));
  await admin.createAccount(demoAccountSeed(D));
  const a = clientFor(C);
  const b = clientFor(D);
  await admin.setTokensRejected(C.accessToken, true);
  expect((await admin.getState(C.accessToken)).tokensRejected).toBe(true);
  expect(await rejection(a.listPedidos())).toMatchObject({ kind: 'auth', httpStatus: 403, vhsysMessages: [AUTH_FAILURE_MESSAGE] });
  await expect(a.verifyCredentials()).rejects.toMatchObject({ kind: 'auth' });
  // Only that account: the other one's tokens still work.
  expect((await b.listPedidos()).rows).toEqual(expect.any(Array));
  await admin.setTokensRejected(C.accessToken, false);
  expect((await admin.getState(C.accessToken)).tokensRejected).toBe(false);
  expect((await a.listPedidos()).rows).toEqual(expect.any(Array));
  await expect(admin.setTokensRejected('no-such-token', true)).rejects.toThrow(/404/);
  const { statusCode, body } = await request(`${simulator.adminUrl}/accounts/${C.accessToken}/tokens`, { method: 'PUT', body: '{"rejected":"yes"}', dispatcher: agent });
  await body.dump();
  expect(statusCode).toBe(400);
});

it('logs every request of an account with its arrival time, route and how it was answered', async () => {
  await admin.resetCounters(C.accessToken);
  const bLogged = (await admin.requestLog(D.accessToken)).entries.length;
  const a = clientFor(C);
  const before = Date.now();
  await a.listPedidos();
  await admin.setFaults(C.accessToken, { rates: { serverError: 1 } });
  await rejection(a.listPedidos());
  await admin.clearFaults(C.accessToken);
  await admin.setTokensRejected(C.accessToken, true);
  await rejection(a.listPedidos());
  await admin.setTokensRejected(C.accessToken, false);
  await admin.setFaults(C.accessToken, { rateLimitPerWindow: 0 });
  await rejection(a.listPedidos());
  await admin.clearFaults(C.accessToken);
  const after = Date.now();
  const { entries, dropped } = await admin.requestLog(C.accessToken);
  expect(dropped).toBe(0);
  expect(entries.map((e) => [e.route, e.outcome])).toEqual([
    ['GET /pedidos', 'answered'],
    ['GET /pedidos', 'serverError'],
    ['GET /pedidos', 'tokens_rejected'],
    ['GET /pedidos', 'window_429'],
  ]);
  for (const e of entries) {
    expect(e.atMs).toBeGreaterThanOrEqual(before);
    expect(e.atMs).toBeLessThanOrEqual(after);
  }
  expect(entries.map((e) => e.atMs)).toEqual([...entries.map((e) => e.atMs)].sort((x, y) => x - y));
  // The other account's log is its own; a counters reset empties the log.
  expect((await admin.requestLog(D.accessToken)).entries.length).toBe(bLogged);
  await admin.resetCounters(C.accessToken);
  expect((await admin.requestLog(C.accessToken)).entries).toEqual([]);
});

it('stamps a request\'s arrival when its headers come in, not when its body has been read', async () => {
  // A fake clock that also says when the simulator first read it for this request.
  let now = Date.parse('2026-12-06T10:00:00Z');
  let clockReads = 0;
  const own = await startVhsysSimulator({ accounts: [demoAccountSeed(A)], clock: () => {
    clockReads += 1;
    return new Date(now);
  } });
  try {
    const url = new URL(`${own.url}/clientes`);
    const readsBefore = clockReads;
    const answered = new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: {
        'access-token': A.accessToken, 'secret-access-token': A.secretAccessToken, 'user-agent': 'test', 'content-type': 'application/json',
      } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.flushHeaders();
      // The body follows once the simulator has seen the headers, a minute later by its clock.
      void (async () => {
        while (clockReads === readsBefore) await new Promise((r) => setTimeout(r, 5));
        now += 60_000;
        req.end(JSON.stringify({ razao_cliente: 'Cliente lento', tipo_pessoa: 'PF' }));
      })();
    });
    expect(await answered).toBe(200);
    const ownAdmin = new SimulatorAdmin(own.adminUrl, agent);
    expect((await ownAdmin.requestLog(A.accessToken)).entries.map((e) => [e.route, e.atMs])).toEqual([['POST /clientes', Date.parse('2026-12-06T10:00:00Z')]]);
  } finally {
    await own.close();
  }
});

it('reports how late its event loop ran (p99, p99.9, max in ms)', async () => {
  const { eventLoopDelayMs } = await admin.processStats();
  expect(eventLoopDelayMs.max).toBeGreaterThanOrEqual(eventLoopDelayMs.p999);
  expect(eventLoopDelayMs.p999).toBeGreaterThanOrEqual(eventLoopDelayMs.p99);
  expect(eventLoopDelayMs.p99).toBeGreaterThan(0);
});
