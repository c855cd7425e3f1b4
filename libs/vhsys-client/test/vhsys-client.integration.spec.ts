/**
 * Contract suite: every VhsysClient operation against the simulator over loopback HTTP, asserting
 * the documented shapes and quirks (docs/vhsys.md). Exact values throughout; no timing assertions.
 */
import { splitInstallments } from '@gv/brazil';
import {
  createVhsysAgent, DEFAULT_USER_AGENT, VhsysClient, VhsysClientOptions, VhsysError, VhsysRequestInfo,
} from '@gv/vhsys-client';
import {
  AccountSeed, DEMO_PRODUTOS, demoAccountSeed, nfeKeyCheckDigit, RunningVhsysSimulator, SimulatorAdmin, startVhsysSimulator,
} from '@gv/vhsys-simulator';
import type { Agent } from 'undici';

let clock = new Date('2026-06-11T13:00:00Z');
let simulator: RunningVhsysSimulator;
let agent: Agent;
let admin: SimulatorAdmin;
let accountCount = 0;

beforeAll(async () => {
  simulator = await startVhsysSimulator({ clock: () => clock });
  agent = createVhsysAgent({ connections: 4 });
  admin = new SimulatorAdmin(simulator.adminUrl, agent);
});

afterAll(async () => {
  await agent.close();
  await simulator.close();
});

/** A fresh Vhsys company (own data) and a client for it. */
async function freshAccount(extra: Partial<AccountSeed> = {}, clientOptions: Partial<VhsysClientOptions> = {}) {
  accountCount += 1;
  const credentials = { accessToken: `contract-access-${accountCount}-aaaa`, secretAccessToken: `contract-secret-${accountCount}-bbbb` };
  await admin.createAccount(demoAccountSeed(credentials, extra));
  const requests: VhsysRequestInfo[] = [];
  const client = new VhsysClient({ baseUrl: simulator.url, credentials, agent, timeoutMs: 5_000, onRequest: (info) => requests.push(info), ...clientOptions });
  return { client, credentials, requests };
}

async function rejection(promise: Promise<unknown>): Promise<VhsysError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VhsysError);
  return error as VhsysError;
}

describe('authentication and wire format', () => {
  it('verifies working credentials with one GET', async () => {
    const { client, requests } = await freshAccount();
    await expect(client.verifyCredentials()).resolves.toBe(true);
    expect(requests).toEqual([{ method: 'GET', pathTemplate: '/clientes', status: 403, durationMs: expect.any(Number), errorKind: 'not_found', outcomeUnknown: false, rateLimit: { limit: 10000, remaining: 9999 } }]);
  });

  it('refuses a wrong secret as auth, without leaking either token', async () => {
    const { credentials } = await freshAccount();
    const client = new VhsysClient({ baseUrl: simulator.url, credentials: { ...credentials, secretAccessToken: 'wrong-secret-zzzz' }, agent });
    const error = await rejection(client.verifyCredentials());
    expect(error).toMatchObject({ kind: 'auth', httpStatus: 403, vhsysCode: 403, method: 'GET', pathTemplate: '/clientes', outcomeUnknown: false });
    expect(error.message).not.toContain('wrong-secret-zzzz');
    expect(error.message).not.toContain(credentials.accessToken);
    expect(JSON.stringify(error)).not.toContain(credentials.accessToken);
  });

  it('sends the User-Agent (default and custom) and reads x-ratelimit-*', async () => {
    const { client, credentials } = await freshAccount();
    await client.listSituacoes();
    let state = await admin.getState(credentials.accessToken);
    expect(state.counters.lastUserAgent).toBe(DEFAULT_USER_AGENT);
    expect(state.counters.missingUserAgent).toBe(0);
    expect(client.lastRateLimit).toEqual({ limit: 10000, remaining: 9999 });

    const custom = new VhsysClient({ baseUrl: simulator.url, credentials, agent, userAgent: 'MinhaAplicacao/1.0' });
    await custom.listSituacoes();
    state = await admin.getState(credentials.accessToken);
    expect(state.counters.lastUserAgent).toBe('MinhaAplicacao/1.0');
    expect(custom.lastRateLimit).toEqual({ limit: 10000, remaining: 9998 });
  });

  it('awaits beforeRequest once per HTTP request, before sending; a throw leaves the request unsent', async () => {
    const asked: string[] = [];
    const { client, credentials, requests } = await freshAccount({}, { beforeRequest: async (call) => { asked.push(`${call.method} ${call.pathTemplate}`); } });
    // A new customer: the unformatted then the formatted document, two requests for one method.
    await expect(client.findClienteByDocumento('52998224725')).resolves.toBeNull();
    expect(asked).toEqual(['GET /clientes', 'GET /clientes']);
    expect(requests.map((r) => `${r.method} ${r.pathTemplate}`)).toEqual(asked);
    const refusing = new VhsysClient({ baseUrl: simulator.url, credentials, agent, beforeRequest: async () => { throw new Error('no token'); } });
    await expect(refusing.findClienteByDocumento('52998224725')).rejects.toThrow('no token');
    expect((await admin.getState(credentials.accessToken)).counters.byRoute['GET /clientes']).toBe(2);
  });

  it('works against an account that enforces User-Agent', async () => {
    const { client } = await freshAccount({ quirks: { requireUserAgent: true } });
    await expect(client.verifyCredentials()).resolves.toBe(true);
  });
});

describe('clientes', () => {
  const input = {
    tipoPessoa: 'PJ' as const,
    razao: 'ACME Cursos LTDA',
    documento: '11444777000161',
    email: 'financeiro@acme.com.br',
    fone: '41999998888',
    endereco: { logradouro: 'Rua XV de Novembro', numero: '100', complemento: 'Sala 2', bairro: 'Centro', cidade: 'Curitiba', uf: 'PR', cep: '80020310' },
  };

  it('finds nothing, creates, then finds by digits (formatted on the wire)', async () => {
    const { client, credentials } = await freshAccount();
    await expect(client.findClienteByDocumento('11444777000161')).resolves.toBeNull();
    const created = await client.createCliente(input);
    expect(created).toMatchObject({
      razao: 'ACME Cursos LTDA',
      tipoPessoa: 'PJ',
      cnpj: '11.444.777/0001-61',
      documento: '11444777000161',
      email: 'financeiro@acme.com.br',
      fone: '(41) 99999-8888',
      endereco: { logradouro: 'Rua XV de Novembro', numero: '100', complemento: 'Sala 2', bairro: 'Centro', cidade: 'Curitiba', uf: 'PR', cep: '80.020-310' },
      situacao: 'Ativo',
      lixeira: false,
      dataCadastro: '2026-06-11 10:00:00',
    });
    expect(created.idEmpresa).toBe((await admin.getState(credentials.accessToken)).idEmpresa);
    const found = await client.findClienteByDocumento('11.444.777/0001-61');
    expect(found?.idCliente).toBe(created.idCliente);
    expect(await client.getCliente(created.idCliente)).toMatchObject({ idCliente: created.idCliente, razao: 'ACME Cursos LTDA' });
  });

  it('finds a formatted CNPJ when Vhsys compares the text exactly (second search)', async () => {
    const { client, requests } = await freshAccount({ quirks: { cnpjFilter: 'exact' } });
    const created = await client.createCliente(input);
    requests.length = 0;
    expect((await client.findClienteByDocumento('11444777000161'))?.idCliente).toBe(created.idCliente);
    expect(requests.map((r) => `${r.method} ${r.pathTemplate} ${r.status}`)).toEqual(['GET /clientes 403', 'GET /clientes 200']);
  });

  it('creates a PJ with an alphanumeric CNPJ in the official mask and finds it from any case and mask', async () => {
    const { client, credentials, requests } = await freshAccount();
    const created = await client.createCliente({ ...input, documento: '12abc34501de35' });
    expect(created).toMatchObject({ tipoPessoa: 'PJ', cnpj: '12.ABC.345/01DE-35', documento: '12ABC34501DE35' });
    expect((await admin.getState(credentials.accessToken)).clientes.map((c) => [c.cnpj_cliente, c.tipo_pessoa])).toEqual([['12.ABC.345/01DE-35', 'PJ']]);
    for (const typed of ['12ABC34501DE35', '12.abc.345/01de-35', ' 12 ABC 345 01 de 35 ']) {
      requests.length = 0;
      expect((await client.findClienteByDocumento(typed))?.idCliente).toBe(created.idCliente);
      expect(requests.map((r) => `${r.method} ${r.pathTemplate} ${r.status}`)).toEqual(['GET /clientes 200']);
    }
  });

  it('never takes another alphanumeric CNPJ with the same digits for this one', async () => {
    // 12.ABN.345/01DE-35 is valid too ('C' = 19 and 'N' = 30 weigh the same mod 11) and has the same
    // digits, 123450135: a search or a comparison on digits only would take it for 12.ABC.345/01DE-35.
    const { client } = await freshAccount({ clientes: [{ razao_cliente: 'ABN LTDA', tipo_pessoa: 'PJ', cnpj_cliente: '12.ABN.345/01DE-35' }] });
    await expect(client.findClienteByDocumento('12.ABC.345/01DE-35')).resolves.toBeNull();
    const created = await client.createCliente({ ...input, documento: '12ABC34501DE35' });
    expect((await client.findClienteByDocumento('12.abc.345/01de-35'))?.idCliente).toBe(created.idCliente);
    expect((await client.findClienteByDocumento('12ABN34501DE35'))?.razao).toBe('ABN LTDA');
  });

  it('reports a refused cnpj_cliente as a validation error naming the field', async () => {
    const { client } = await freshAccount();
    const error = await rejection(client.createCliente({ ...input, documento: '12ABC34501DE36' }));
    expect(error).toMatchObject({ kind: 'validation', fields: ['cnpj_cliente'], vhsysMessages: ['O valor do campo (cnpj_cliente) não é um CPF/CNPJ válido'], outcomeUnknown: false });
  });

  it('finds a cliente whose alphanumeric CNPJ was typed into Vhsys in lower case', async () => {
    const { client } = await freshAccount({ clientes: [{ razao_cliente: 'Digitado LTDA', tipo_pessoa: 'PJ', cnpj_cliente: '12.abc.345/01de-35' }] });
    expect(await client.findClienteByDocumento('12ABC34501DE35')).toMatchObject({ razao: 'Digitado LTDA', cnpj: '12.abc.345/01de-35', documento: '12ABC34501DE35' });
  });

  it('finds an alphanumeric CNPJ stored formatted when Vhsys compares the text exactly (second search, upper-cased)', async () => {
    const { client, requests } = await freshAccount({ quirks: { cnpjFilter: 'exact' } });
    const created = await client.createCliente({ ...input, documento: '12ABC34501DE35' });
    requests.length = 0;
    expect((await client.findClienteByDocumento('12abc34501de35'))?.idCliente).toBe(created.idCliente);
    expect(requests.map((r) => `${r.method} ${r.pathTemplate} ${r.status}`)).toEqual(['GET /clientes 403', 'GET /clientes 200']);
  });

  it('ignores a cliente in the lixeira', async () => {
    const { client, credentials } = await freshAccount();
    const created = await client.createCliente(input);
    simulator.state.getAccount(credentials.accessToken)!.clientes.get(created.idCliente)!.lixeira = 'Sim';
    await expect(client.findClienteByDocumento(input.documento)).resolves.toBeNull();
  });

  it('updates partially', async () => {
    const { client } = await freshAccount();
    const created = await client.createCliente(input);
    clock = new Date('2026-06-11T14:00:00Z');
    const updated = await client.updateCliente(created.idCliente, { email: 'novo@acme.com.br' });
    expect(updated).toMatchObject({ idCliente: created.idCliente, razao: 'ACME Cursos LTDA', email: 'novo@acme.com.br', dataModificacao: '2026-06-11 11:00:00' });
    clock = new Date('2026-06-11T13:00:00Z');
  });

  it('surfaces validation with the field names', async () => {
    const { client } = await freshAccount();
    const error = await rejection(client.createCliente({ ...input, endereco: { ...input.endereco, numero: '12345678' } }));
    expect(error).toMatchObject({ kind: 'validation', httpStatus: 403, fields: ['numero_cliente'], method: 'POST', pathTemplate: '/clientes', outcomeUnknown: false });
    expect(error.vhsysMessages).toEqual(['O campo (numero_cliente) deve ter no máximo 7 caracteres']);
  });

  it('get of a missing id is not_found; update too', async () => {
    const { client } = await freshAccount();
    expect(await rejection(client.getCliente(1))).toMatchObject({ kind: 'not_found', vhsysMessages: ['Nenhum cliente encontrado!'], pathTemplate: '/clientes/{id_cliente}' });
    expect((await rejection(client.updateCliente(1, { email: 'x@y.z' }))).kind).toBe('not_found');
  });
});

describe('produtos', () => {
  it('gets by id and finds by exact code', async () => {
    const { client } = await freshAccount();
    expect(await client.getProduto(DEMO_PRODUTOS.curso.idProduto)).toMatchObject({
      idProduto: 70000001, codProduto: 'CURSO-TS', descProduto: 'Curso de TypeScript', valorCents: 19990, unidade: 'UN', lixeira: false,
    });
    expect((await client.findProdutoByCodigo('LIVRO-01'))?.idProduto).toBe(70000002);
    await expect(client.findProdutoByCodigo('LIVRO')).resolves.toBeNull();
    expect(await rejection(client.getProduto(99))).toMatchObject({ kind: 'not_found', vhsysMessages: ['Nenhum produto encontrado!'] });
  });

  it('lists a page of produtos, filtered by part of the description; an empty page is an empty list', async () => {
    const { client } = await freshAccount();
    const all = await client.listProdutos({ lixeira: 'Nao', limit: 2, offset: 0 });
    expect(all.rows.map((p) => p.idProduto)).toEqual([70000001, 70000002]);
    expect(all.paging).toMatchObject({ total: 3, offset: 0, totalCount: 2 });
    const second = await client.listProdutos({ lixeira: 'Nao', limit: 2, offset: 2 });
    expect(second.rows.map((p) => [p.idProduto, p.tipoProduto])).toEqual([[70000003, 'Servico']]);
    const found = await client.listProdutos({ descProduto: 'livro', lixeira: 'Nao', limit: 20 });
    expect(found.rows.map((p) => p.codProduto)).toEqual(['LIVRO-01']);
    expect(await client.listProdutos({ descProduto: 'nada disso', limit: 20 })).toEqual({ rows: [], paging: expect.objectContaining({ total: 0 }) });
  });
});

describe('pedidos: create, items, totals, parcelas, status', () => {
  it('runs the whole order flow with exact money', async () => {
    const { client, credentials } = await freshAccount();
    const marker = 'gv:tx-1001';
    const created = await client.createPedido({
      nomeCliente: 'ACME Cursos LTDA',
      idCliente: 123456,
      dataPedido: '2026-06-11',
      freteCents: 1500,
      descontoCents: 0,
      obsPedido: `Venda Guru ${marker}`,
      referenciaPedido: marker,
      statusPedido: 'Em Aberto',
      estoquePedido: false,
      contasPedido: false,
    });
    // The create echo: an array of one row, id_pedido '' and total "0.000000".
    expect(created).toMatchObject({
      idPedido: null, nomeCliente: 'ACME Cursos LTDA', idCliente: 123456, freteCents: 1500, valorTotalNotaCents: 0,
      referenciaPedido: marker, obsPedido: `Venda Guru ${marker}`, statusPedido: 'Em Aberto', lixeira: false,
    });
    expect(created.raw.id_pedido).toBe('');
    expect(created.raw.valor_total_nota).toBe('0.000000');

    const items = await client.addPedidoProdutos(created.idPed, [
      { idProduto: DEMO_PRODUTOS.curso.idProduto, descProduto: 'Curso de TypeScript', quantidade: 3, valorUnitCents: 1500 },
      { idProduto: DEMO_PRODUTOS.livro.idProduto, descProduto: 'Livro impresso', quantidade: 2, valorUnitCents: 1990, descontoCents: 100 },
    ]);
    expect(items.map((i) => [i.parentId, i.quantidade, i.valorUnitCents, i.descontoCents, i.valorTotalCents])).toEqual([
      [created.idPed, 3, 1500, 0, 4500],
      [created.idPed, 2, 1990, 100, 3880],
    ]);
    expect(items[0].raw.valor_total_produto).toBe(45);

    const read = await client.getPedido(created.idPed);
    expect(read).toMatchObject({ idPedido: 1, valorTotalProdutosCents: 8380, freteCents: 1500, descontoCents: 0, valorTotalNotaCents: 9880, computedTotalCents: 9880 });
    expect(read.raw.valor_total_nota).toBe('98.800000');
    expect(read.raw.valor_total_produtos).toBe('83.80');

    const listed = await client.listPedidoProdutos(created.idPed);
    expect(listed.map((i) => [i.idItem, i.quantidade, i.valorUnitCents, i.valorTotalCents])).toEqual(items.map((i) => [i.idItem, i.quantidade, i.valorUnitCents, i.valorTotalCents]));
    expect([listed[1].raw.qtde_produto, listed[1].raw.valor_unit_produto, listed[1].raw.valor_total_produto]).toEqual(['2.0000', '19.900000', '38.80']);

    // Parcelas: replace-all, money as exact 2-decimal strings.
    await expect(client.listPedidoParcelas(created.idPed)).resolves.toEqual([]);
    const [first, second, third] = splitInstallments(9880, 3);
    await client.replacePedidoParcelas(created.idPed, [{ dataParcela: '2026-07-11', valorCents: 9880, formaPagamento: 'Boleto' }]);
    const echo = await client.replacePedidoParcelas(created.idPed, [
      { dataParcela: '2026-07-11', valorCents: first, formaPagamento: 'Cartão de Crédito', observacoes: '1/3', liquidada: true, valorPagoCents: first, dataPagamento: '2026-06-11' },
      { dataParcela: '2026-08-11', valorCents: second, formaPagamento: 'Cartão de Crédito', observacoes: '2/3' },
      { dataParcela: '2026-09-11', valorCents: third, formaPagamento: 'Cartão de Crédito', observacoes: '3/3' },
    ]);
    expect(echo.map((p) => [p.idParcela, p.idPed, p.valorCents])).toEqual([[null, created.idPed, 3294], [null, created.idPed, 3293], [null, created.idPed, 3293]]);
    const parcelas = await client.listPedidoParcelas(created.idPed);
    expect(parcelas.map((p) => [p.dataParcela, p.valorCents, p.formaPagamento, p.observacoes])).toEqual([
      ['2026-07-11', 3294, 'Cartão de Crédito', '1/3'],
      ['2026-08-11', 3293, 'Cartão de Crédito', '2/3'],
      ['2026-09-11', 3293, 'Cartão de Crédito', '3/3'],
    ]);
    expect(parcelas.every((p) => typeof p.idParcela === 'number')).toBe(true);
    const stored = (await admin.getState(credentials.accessToken)).pedidos[0];
    expect(stored.parcelas.map((p) => [p.valor_parcela, p.conta_liquidada, p.valor_pago, p.data_pagamento])).toEqual([
      ['32.94', '1', '32.94', '2026-06-11'],
      ['32.93', '0', null, null],
      ['32.93', '0', null, null],
    ]);

    // Status: append with a custom situação, then read the history.
    const situacoes = await client.listSituacoes();
    const separacao = situacoes.pedidos.find((s) => s.nomeSituacao === 'Em separação');
    expect(separacao).toBeDefined();
    const appended = await client.appendPedidoStatus(created.idPed, { dataStatus: '2026-06-11', tipoStatus: 'Em Andamento', obsStatus: 'Pagamento aprovado', situacao: separacao!.idSituacao });
    expect(appended).toMatchObject({ idStatus: null, idPed: created.idPed, dataStatus: '2026-06-11', tipoStatus: 'Em Andamento', obsStatus: 'Pagamento aprovado' });
    const history = await client.listPedidoStatus(created.idPed);
    expect(history.map((h) => [h.tipoStatus, h.obsStatus, h.situacao, h.idPed])).toEqual([
      ['Em Aberto', 'Pedido cadastrado', null, created.idPed],
      ['Em Andamento', 'Pagamento aprovado', separacao!.idSituacao, created.idPed],
    ]);
    expect(await client.getPedido(created.idPed)).toMatchObject({ statusPedido: 'Em Andamento', situacao: separacao!.idSituacao, condicaoPagamento: 3 });

    // Update: nome_cliente and status_pedido are always sent.
    const updated = await client.updatePedido(created.idPed, { nomeCliente: 'ACME Cursos LTDA', statusPedido: 'Atendido', obsInternoPedido: 'conferido' });
    expect(updated).toMatchObject({ idPed: created.idPed, statusPedido: 'Atendido', obsInternoPedido: 'conferido', referenciaPedido: marker, valorTotalNotaCents: 9880 });
    expect(updated.raw.components).toEqual({});
  });

  it('rejects an unknown product in the items array atomically', async () => {
    const { client } = await freshAccount();
    const pedido = await client.createPedido({ nomeCliente: 'X' });
    const error = await rejection(
      client.addPedidoProdutos(pedido.idPed, [
        { idProduto: DEMO_PRODUTOS.curso.idProduto, descProduto: 'ok', quantidade: 1, valorUnitCents: 100 },
        { idProduto: 1, descProduto: 'missing', quantidade: 1, valorUnitCents: 100 },
      ]),
    );
    expect(error).toMatchObject({ kind: 'validation', fields: ['id_produto'], pathTemplate: '/pedidos/{id_ped}/produtos' });
    await expect(client.listPedidoProdutos(pedido.idPed)).resolves.toEqual([]);
  });

  it('missing pedidos: get throws not_found, sub-resource lists are empty', async () => {
    const { client } = await freshAccount();
    expect(await rejection(client.getPedido(1))).toMatchObject({ kind: 'not_found', vhsysMessages: ['Nenhum pedido encontrado!'], pathTemplate: '/pedidos/{id_ped}' });
    await expect(client.listPedidoProdutos(1)).resolves.toEqual([]);
    await expect(client.listPedidoStatus(1)).resolves.toEqual([]);
    expect((await rejection(client.appendPedidoStatus(1, { dataStatus: '2026-06-11', tipoStatus: 'Cancelado' }))).kind).toBe('not_found');
  });

  it('soft-deletes into the lixeira', async () => {
    const { client } = await freshAccount();
    const pedido = await client.createPedido({ nomeCliente: 'X', referenciaPedido: 'gv:del' });
    await client.deletePedido(pedido.idPed);
    expect((await client.getPedido(pedido.idPed)).lixeira).toBe(true);
    expect((await client.listPedidos({ lixeira: 'Nao' })).rows).toEqual([]);
    expect((await client.listPedidos({ lixeira: 'Sim' })).rows.map((p) => p.idPed)).toEqual([pedido.idPed]);
    // Without the filter both kinds come back (the documented choice for the open question).
    expect((await client.listPedidos()).rows.map((p) => p.idPed)).toEqual([pedido.idPed]);
  });

  it('reads id_pedido 0 (rigel’s account) as null', async () => {
    const { client } = await freshAccount({ quirks: { idPedidoZero: true } });
    const pedido = await client.createPedido({ nomeCliente: 'X' });
    expect((await client.getPedido(pedido.idPed)).idPedido).toBeNull();
  });
});

describe('listing: paging and filters', () => {
  it('pages with limit/offset and the five paging fields', async () => {
    const { client } = await freshAccount();
    const ids: number[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await client.createPedido({ nomeCliente: `Cliente ${i}` })).idPed);

    const first = await client.listPedidos({ limit: 2, offset: 0, order: 'id_ped', sort: 'Asc' });
    expect(first.rows.map((p) => p.idPed)).toEqual(ids.slice(0, 2));
    expect(first.paging).toEqual({ totalCount: 2, total: 5, offset: 0, limit: 2, limitMax: 250 });
    const last = await client.listPedidos({ limit: 2, offset: 4, order: 'id_ped', sort: 'Asc' });
    expect(last.rows.map((p) => p.idPed)).toEqual([ids[4]]);
    expect(last.paging).toEqual({ totalCount: 1, total: 5, offset: 4, limit: 2, limitMax: 250 });
    expect(await client.listPedidos({ limit: 2, offset: 10 })).toEqual({ rows: [], paging: { totalCount: 0, total: 0, offset: 10, limit: 2, limitMax: 250 } });
    expect((await client.listPedidos({ limit: 1000 })).paging).toEqual({ totalCount: 5, total: 5, offset: 0, limit: 250, limitMax: 250 });
    expect((await client.listPedidos({ order: 'id_ped', sort: 'Desc', limit: 1 })).rows[0].idPed).toBe(ids[4]);
    expect((await client.listPedidos({ idPedido: 3 })).rows.map((p) => p.idPed)).toEqual([ids[2]]);
    expect((await client.listPedidos({ nomeCliente: 'cliente 4' })).rows.map((p) => p.idPed)).toEqual([ids[4]]);
  });

  it('filters by data_modificacao (>= only, Brasília time)', async () => {
    const { client } = await freshAccount();
    clock = new Date('2026-06-11T13:00:00Z');
    const old = await client.createPedido({ nomeCliente: 'Antigo' });
    clock = new Date('2026-06-12T13:00:00Z');
    const recent = await client.createPedido({ nomeCliente: 'Recente' });
    expect((await client.listPedidos({ dataModificacao: '2026-06-12 09:59:59' })).rows.map((p) => p.idPed)).toEqual([recent.idPed]);
    expect((await client.listPedidos({ dataModificacao: new Date('2026-06-11T12:59:59Z') })).rows.map((p) => p.idPed)).toEqual([old.idPed, recent.idPed]);
    expect((await client.listPedidos({ dataModificacao: '2026-06-13' })).rows).toEqual([]);
    clock = new Date('2026-06-11T13:00:00Z');
  });

  it('filters by status; a non-base status is a validation error', async () => {
    const { client } = await freshAccount();
    const a = await client.createPedido({ nomeCliente: 'A', statusPedido: 'Em Aberto' });
    await client.createPedido({ nomeCliente: 'B', statusPedido: 'Cancelado' });
    expect((await client.listPedidos({ status: 'Em Aberto' })).rows.map((p) => p.idPed)).toEqual([a.idPed]);
    const error = await rejection(client.listPedidos({ status: 'Separando' as never }));
    expect(error).toMatchObject({ kind: 'validation', fields: ['status'] });
  });
});

describe('marker search', () => {
  const since = new Date('2026-06-11T13:00:00Z');

  it('finds a pedido by referencia_pedido or obs_pedido, across pages, oldest first', async () => {
    const { client } = await freshAccount();
    for (let i = 0; i < 260; i += 1) await client.createPedido({ nomeCliente: `Filler ${i}`, obsPedido: `gv:tx-${i}0` });
    const byRef = await client.createPedido({ nomeCliente: 'Ref', referenciaPedido: 'gv:tx-42' });
    const byObs = await client.createPedido({ nomeCliente: 'Obs', obsPedido: 'Venda Guru gv:tx-43 (cartão)' });
    // Page 1 holds rows 0–249, page 2 starts at row 249 (one row of overlap): byRef is row 260.
    expect(await client.findPedidoByMarker('gv:tx-42', { since })).toEqual({ outcome: 'found', row: expect.objectContaining({ idPed: byRef.idPed }), pagesRead: 2 });
    expect(await client.findPedidoByMarker('gv:tx-43', { since })).toEqual({ outcome: 'found', row: expect.objectContaining({ idPed: byObs.idPed }), pagesRead: 2 });
    expect(await client.findPedidoByMarker('gv:tx-4', { since })).toEqual({ outcome: 'absent', pagesRead: 2 });
    await client.createPedido({ nomeCliente: 'Ref again', referenciaPedido: 'gv:tx-42' });
    expect(await client.findPedidoByMarker('gv:tx-42', { since })).toMatchObject({ outcome: 'found', row: { idPed: byRef.idPed } });
    // Rows modified before since − margin are not scanned.
    expect(await client.findPedidoByMarker('gv:tx-42', { since: new Date('2026-06-12T13:00:00Z') })).toEqual({ outcome: 'absent', pagesRead: 1 });
  });

  it('stops after pageBudget pages and resumes where it stopped', async () => {
    const { client, credentials, requests } = await freshAccount();
    const ids = await admin.addPedidos(credentials.accessToken, Array.from({ length: 600 }, (_, i) => ({ nome_cliente: `Filler ${i}`, referencia_pedido: i === 520 ? 'gv:late' : '' })));
    const first = await client.findPedidoByMarker('gv:late', { since, pageBudget: 2 });
    expect(first).toEqual({ outcome: 'unfinished', resumeFrom: { offset: 498, lastKey: ids[498] }, pagesRead: 2 });
    const second = await client.findPedidoByMarker('gv:late', { since, pageBudget: 2, resumeFrom: first.outcome === 'unfinished' ? first.resumeFrom : null });
    expect(second).toEqual({ outcome: 'found', row: expect.objectContaining({ idPed: ids[520] }), pagesRead: 1 });
    expect(requests.filter((r) => r.pathTemplate === '/pedidos')).toHaveLength(3);
  });

  it('does not miss the marked row when earlier rows move to the lixeira between two pages', async () => {
    let moved = false;
    const { client, credentials } = await freshAccount({}, {
      // After the first page, a seller moves five of its orders to the lixeira: every later row
      // moves five places up, and plain offset paging would never read rows 250–254.
      onRequest: (info) => {
        if (moved || info.pathTemplate !== '/pedidos') return;
        moved = true;
        const pedidos = simulator.state.getAccount(credentials.accessToken)!.pedidos;
        for (const id of ids.slice(10, 15)) Object.assign(pedidos.get(id)!, { lixeira: 'Sim', data_mod_pedido: '2026-06-11 10:00:01' });
      },
    });
    const ids = await admin.addPedidos(credentials.accessToken, Array.from({ length: 300 }, (_, i) => ({ nome_cliente: `Filler ${i}`, referencia_pedido: i === 252 ? 'gv:moved-up' : '' })));
    // Page 2 (offset 249) starts above the last key read, so the search steps back a page.
    expect(await client.findPedidoByMarker('gv:moved-up', { since })).toEqual({ outcome: 'found', row: expect.objectContaining({ idPed: ids[252] }), pagesRead: 3 });
    expect(moved).toBe(true);
  });
});

describe('situações', () => {
  it('lists the groups with repaired names', async () => {
    const { client } = await freshAccount({
      situacoes: [
        { tipoPedido: 1, tipoStatus: 'Em Andamento', nomeSituacao: 'Em separação', ordem: 1 },
        { tipoPedido: 2, tipoStatus: 'Em Aberto', nomeSituacao: 'Orçamento enviado', ordem: 1 },
      ],
    });
    const result = await client.listSituacoes();
    expect(result.pedidos.map((s) => [s.nomeSituacao, s.nomeSituacaoRaw, s.tipoStatus, s.tipoPedido])).toEqual([['Em separação', 'Em separaÃ§Ã£o', 'Em Andamento', 1]]);
    expect(result.orcamentos.map((s) => s.nomeSituacao)).toEqual(['Orçamento enviado']);
    expect(result.ordemServico).toEqual([]);
    expect(result.pedidos[0].raw).toMatchObject({ lixeira: 'Nao' });
  });
});

describe('notas fiscais (NF-e)', () => {
  it('creates a draft, adds products, emits, reads, finds by pedido', async () => {
    const { client } = await freshAccount({ cnpjEmpresa: '11222333000181', ufCode: 41 });
    const pedido = await client.createPedido({ nomeCliente: 'ACME' });
    const draft = await client.createNotaFiscal({
      nomeCliente: 'ACME', idCliente: 5, naturezaPedido: 'Venda de mercadoria', cfopPedido: '5102', ambiente: 2, idPedidoRef: pedido.idPed, obsPedido: 'gv:nfe-1', dataPedido: '2026-06-11',
    });
    expect(draft).toMatchObject({ numero: 1, nomeCliente: 'ACME', ambiente: 2, idPedidoRef: pedido.idPed, emitida: false, chave: null, protocolo: null, dataAutorizacao: null, cfopPedido: '5102' });
    const items = await client.addNotaFiscalProdutos(draft.idVenda, [{ idProduto: DEMO_PRODUTOS.livro.idProduto, descProduto: 'Livro impresso', quantidade: 2, valorUnitCents: 1990 }]);
    expect(items.map((i) => [i.parentId, i.valorTotalCents])).toEqual([[draft.idVenda, 3980]]);

    const emitted = await client.emitirNotaFiscal(draft.idVenda);
    expect(emitted.alreadyEmitted).toBe(false);
    const nota = await client.getNotaFiscal(draft.idVenda);
    expect(nota).toMatchObject({ emitida: true, valorTotalProdutosCents: 3980, valorTotalNotaCents: 3980, dataAutorizacao: '2026-06-11 10:00:00' });
    expect(nota.chave).toMatch(/^41260611222333000181550010000000011\d{9}$/);
    expect(Number(nota.chave!.slice(43))).toBe(nfeKeyCheckDigit(nota.chave!.slice(0, 43)));
    expect(nota.protocolo).toMatch(/^\d{15}$/);
    expect(emitted.danfeUrl).toBe(`https://app.vhsys.com.br/danfe/${nota.chave}.pdf?ambiente=2`);

    // A second emission (e.g. after a lost answer) is reported, not thrown.
    expect(await client.emitirNotaFiscal(draft.idVenda)).toEqual({ danfeUrl: null, alreadyEmitted: true, raw: ['Nota fiscal já emitida!'] });
    const since = new Date('2026-06-11T13:00:00Z');
    expect(await client.findNotaFiscalByPedido(pedido.idPed, { since })).toMatchObject({ outcome: 'found', row: { idVenda: draft.idVenda } });
    expect(await client.findNotaFiscalByPedido(999, { since, marker: 'gv:nfe-1' })).toMatchObject({ outcome: 'found', row: { idVenda: draft.idVenda } });
    expect(await client.findNotaFiscalByPedido(999, { since })).toEqual({ outcome: 'absent', pagesRead: 1 });
    expect((await client.listNotasFiscais({ nomeCliente: 'acme' })).rows.map((n) => n.idVenda)).toEqual([draft.idVenda]);
  });

  it('refuses emission without products, and unknown ids', async () => {
    const { client } = await freshAccount();
    const draft = await client.createNotaFiscal({ nomeCliente: 'X', naturezaPedido: 'Venda', cfopPedido: '5102', ambiente: 2 });
    expect(await rejection(client.emitirNotaFiscal(draft.idVenda))).toMatchObject({ kind: 'permanent', vhsysMessages: ['Não é possível emitir a nota fiscal sem produtos.'] });
    expect(await rejection(client.getNotaFiscal(1))).toMatchObject({ kind: 'not_found', vhsysMessages: ['Nenhuma nota fiscal encontrada!'] });
    expect(await client.listNotasFiscais({ nomeCliente: 'ninguém' })).toEqual({ rows: [], paging: { totalCount: 0, total: 0, offset: 0, limit: 0, limitMax: 250 } });
  });
});

describe('notas de serviço (NFS-e)', () => {
  it('creates, emits (NumeroNFS), reads and finds by marker', async () => {
    const { client } = await freshAccount();
    const nota = await client.createNotaServico({
      nomeCliente: 'ACME', idCliente: 5, serieNota: 1, naturezaPedido: 1, descServicos: 'Mentoria', valorTotalServicosCents: 50000,
      valorAliquota: '2.00', valorImpostoCents: 1000, codigoServico: '8.02', ambiente: 2, obsPedido: 'Venda gv:nfse-1',
    });
    expect(nota).toMatchObject({ numero: 1, nomeCliente: 'ACME', descServicos: 'Mentoria', valorTotalServicosCents: 50000, valorTotalNotaCents: 50000, emitida: false, numeroNfse: null });
    expect(nota.raw).toMatchObject({ valor_aliquota: '2.0000', itemLista_servico: '8.02', valor_imposto: '10.00' });
    expect(await client.emitirNotaServico(nota.idServico)).toEqual({ numeroNfse: '1', alreadyEmitted: false, raw: { NumeroNFS: '1' } });
    expect(await client.getNotaServico(nota.idServico)).toMatchObject({ emitida: true, numeroNfse: '1', dataEmissao: '2026-06-11 10:00:00' });
    expect((await client.emitirNotaServico(nota.idServico)).alreadyEmitted).toBe(true);
    const since = new Date('2026-06-11T13:00:00Z');
    expect(await client.findNotaServicoByMarker('gv:nfse-1', { since })).toMatchObject({ outcome: 'found', row: { idServico: nota.idServico } });
    expect(await client.findNotaServicoByMarker('gv:nfse-2', { since })).toEqual({ outcome: 'absent', pagesRead: 1 });
    expect((await client.listNotasServico()).rows.map((n) => n.idServico)).toEqual([nota.idServico]);
  });

  it('soft-deletes an NFS-e into the lixeira', async () => {
    const { client } = await freshAccount();
    const nota = await client.createNotaServico({ nomeCliente: 'ACME', serieNota: 1, naturezaPedido: 1, descServicos: 'Mentoria', valorTotalServicosCents: 50000, ambiente: 2 });
    await client.deleteNotaServico(nota.idServico);
    expect(await client.getNotaServico(nota.idServico)).toMatchObject({ idServico: nota.idServico, lixeira: true });
    expect((await client.listNotasServico({ lixeira: 'Nao' })).rows).toEqual([]);
    expect((await client.listNotasServico({ lixeira: 'Sim' })).rows.map((n) => n.idServico)).toEqual([nota.idServico]);
    expect(await rejection(client.deleteNotaServico(nota.idServico + 1000))).toMatchObject({ kind: 'not_found', vhsysMessages: ['Nenhuma nota de serviço encontrada!'] });
  });

  it('surfaces NFS-e validation fields', async () => {
    const { client } = await freshAccount();
    const error = await rejection(client.createNotaServico({ nomeCliente: 'X', serieNota: 1, naturezaPedido: 7, descServicos: '', valorTotalServicosCents: 100, ambiente: 2 }));
    expect(error).toMatchObject({ kind: 'validation', fields: ['desc_servicos', 'natureza_pedido'] });
  });
});
