/**
 * The simulator's own wire behaviour, checked with raw HTTP (no client in between): envelopes,
 * precision of numbers, paging, 403 shapes, validation, array bodies and the documented quirks.
 */
import { demoAccountSeed, RunningVhsysSimulator, SimulatorAdmin, startVhsysSimulator } from '@gv/vhsys-simulator';
import { Agent, request } from 'undici';

const TOKENS = { accessToken: 'wire-access-token', secretAccessToken: 'wire-secret-token' };
let simulator: RunningVhsysSimulator;
let agent: Agent;
let admin: SimulatorAdmin;

beforeAll(async () => {
  simulator = await startVhsysSimulator({ clock: () => new Date('2026-06-11T13:00:00Z') });
  agent = new Agent({ connections: 2 });
  admin = new SimulatorAdmin(simulator.adminUrl, agent);
});

beforeEach(async () => {
  await admin.createAccount(demoAccountSeed(TOKENS));
});

afterAll(async () => {
  await agent.close();
  await simulator.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Answer> {
  const response = await request(`${simulator.url}${path}`, {
    method,
    dispatcher: agent,
    headers: { 'access-token': TOKENS.accessToken, 'secret-access-token': TOKENS.secretAccessToken, 'user-agent': 'wire-test/1.0', 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.body.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: response.statusCode, headers: response.headers, body: parsed, text };
}

async function newPedido(extra: Record<string, unknown> = {}): Promise<number> {
  const created = await call('POST', '/pedidos', { nome_cliente: 'CLIENTE EXEMPLO LTDA', ...extra });
  expect(created.status).toBe(200);
  return created.body.data[0].id_ped;
}

describe('envelopes and numbers', () => {
  it('answers POST /pedidos with an array of one row, like the spec example', async () => {
    const created = await call('POST', '/pedidos', { id_cliente: 123456, nome_cliente: 'CLIENTE EXEMPLO LTDA', data_pedido: '2026-06-11', desconto_pedido: '0.00', frete_pedido: '15.00', obs_pedido: 'Pedido via API', status_pedido: 'Em Aberto', estoque_pedido: 0, contas_pedido: 0 });
    expect(created.status).toBe(200);
    expect(created.headers['x-ratelimit-limit']).toBe('10000');
    expect(created.body).toMatchObject({ code: 200, status: 'success' });
    expect(created.body.data).toHaveLength(1);
    expect(created.body.data[0]).toMatchObject({ id_pedido: '', nome_cliente: 'CLIENTE EXEMPLO LTDA', frete_pedido: '15.00', valor_total_nota: '0.000000', lixeira: 'Nao', data_cad_pedido: '2026-06-11 10:00:00' });
    expect(typeof created.body.data[0].id_ped).toBe('number');
  });

  it('echoes items with a numeric total, reads them back with varying precision, recomputes totals', async () => {
    const idPed = await newPedido({ frete_pedido: '15.00', desconto_pedido: '2.50' });
    const added = await call('POST', `/pedidos/${idPed}/produtos`, [
      { id_produto: 70000001, desc_produto: 'Bucha S12', qtde_produto: '3.00', valor_unit_produto: '15.00' },
      { id_produto: 70000002, desc_produto: 'Parafuso', qtde_produto: 1.5, valor_unit_produto: '1.99', desconto_produto: 0 },
    ]);
    expect(added.body.data.map((i: Record<string, unknown>) => [i.qtde_produto, i.valor_unit_produto, i.valor_total_produto, i.id_pedido])).toEqual([
      ['3.00', '15.00', 45, idPed],
      [1.5, '1.99', 2.99, idPed],
    ]);
    const items = await call('GET', `/pedidos/${idPed}/produtos`);
    expect(items.body.paging).toBeUndefined();
    expect(items.body.data.map((i: Record<string, unknown>) => [i.qtde_produto, i.valor_unit_produto, i.valor_total_produto])).toEqual([
      ['3.0000', '15.000000', '45.00'],
      ['1.5000', '1.990000', '2.99'],
    ]);
    const pedido = await call('GET', `/pedidos/${idPed}`);
    expect(pedido.body.data).toMatchObject({ id_pedido: 1, valor_total_produtos: '47.99', desconto_pedido: '2.50', frete_pedido: '15.00', valor_total_nota: '60.490000' });
  });

  it('serves /situacoes with status "sucesso" and double-encoded names', async () => {
    const answer = await call('GET', '/situacoes');
    expect(answer.body.status).toBe('sucesso');
    expect(answer.body.data.Pedidos.map((s: Record<string, unknown>) => s.nome_situacao)).toContain('Em separaÃ§Ã£o');
    expect(Object.keys(answer.body.data)).toEqual(['Pedidos', 'Orcamentos', 'OrdemServico']);
  });
});

describe('lists and paging', () => {
  it('pages with total_count/total/offset/limit/limit_max, and 403 when empty', async () => {
    expect((await call('GET', '/pedidos')).body).toEqual({ code: 403, status: 'error', data: 'Nenhum pedido encontrado!' });
    for (let i = 0; i < 3; i += 1) await newPedido();
    expect((await call('GET', '/pedidos?limit=2')).body.paging).toEqual({ total_count: 2, total: 3, offset: 0, limit: 2, limit_max: 250 });
    expect((await call('GET', '/pedidos?limit=2&offset=2')).body.paging).toEqual({ total_count: 1, total: 3, offset: 2, limit: 2, limit_max: 250 });
    expect((await call('GET', '/pedidos')).body.paging).toEqual({ total_count: 3, total: 3, offset: 0, limit: 0, limit_max: 250 });
    expect((await call('GET', '/pedidos?limit=999')).body.paging.limit).toBe(250);
    expect((await call('GET', '/pedidos?offset=3')).status).toBe(403);
  });

  it('caps pages at 250 rows', async () => {
    const account = simulator.state.getAccount(TOKENS.accessToken)!;
    for (let i = 0; i < 260; i += 1) await newPedido();
    const page = await call('GET', '/pedidos?limit=500');
    expect(page.body.data).toHaveLength(250);
    expect(page.body.paging).toEqual({ total_count: 250, total: 260, offset: 0, limit: 250, limit_max: 250 });
    expect(account.pedidos.size).toBe(260);
  });

  it('keeps lixeira rows in unfiltered lists unless the account says otherwise', async () => {
    const idPed = await newPedido();
    expect((await call('DELETE', `/pedidos/${idPed}`)).body).toEqual({ code: 200, status: 'success', data: { id_ped: idPed } });
    expect((await call('GET', '/pedidos')).body.data.map((p: Record<string, unknown>) => p.lixeira)).toEqual(['Sim']);
    expect((await call('GET', '/pedidos?lixeira=Nao')).status).toBe(403);
    await admin.createAccount(demoAccountSeed(TOKENS, { quirks: { listsIncludeLixeira: false } }));
    const other = await newPedido();
    await call('DELETE', `/pedidos/${other}`);
    expect((await call('GET', '/pedidos')).body.data).toBe('Nenhum pedido encontrado!');
  });

  it('can answer an HTML page for order=data_mod_pedido&sort=Asc (rigel’s observation)', async () => {
    await admin.createAccount(demoAccountSeed(TOKENS, { quirks: { htmlErrorOnOrderByDataMod: true } }));
    await newPedido();
    const answer = await call('GET', '/pedidos?order=data_mod_pedido&sort=Asc');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await call('GET', '/pedidos?order=data_mod_pedido&sort=Desc')).body.code).toBe(200);
  });
});

describe('validation and refusals', () => {
  it('refuses valor_parcela with more than two decimals in the array form, replacing nothing', async () => {
    const idPed = await newPedido();
    await call('POST', `/pedidos/${idPed}/parcelas`, [{ data_parcela: '2026-07-11', valor_parcela: '37.50' }]);
    const refused = await call('POST', `/pedidos/${idPed}/parcelas`, [
      { data_parcela: '2026-07-11', valor_parcela: '410.3766', forma_pagamento: 'Boleto' },
      { data_parcela: '2026-08-11', valor_parcela: 410.38, forma_pagamento: 'Boleto' },
    ]);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ code: 403, status: 'error', data: ['O formato do campo (valor_parcela) não é válido'] });
    expect((await call('GET', `/pedidos/${idPed}/parcelas`)).body.data.map((p: Record<string, unknown>) => p.valor_parcela)).toEqual(['37.50']);
  });

  it('replaces all parcelas and hides liquidation fields on read', async () => {
    const idPed = await newPedido();
    await call('POST', `/pedidos/${idPed}/parcelas`, [{ data_parcela: '2026-07-11', valor_parcela: '75.00', forma_pagamento: 'Boleto' }]);
    const answer = await call('POST', `/pedidos/${idPed}/parcelas`, [
      { data_parcela: '2026-07-11', valor_parcela: '37.50', forma_pagamento: 'Boleto', observacoes_parcela: '1/2', conta_liquidada: '0' },
      { data_parcela: '2026-08-11', valor_parcela: '37.50', forma_pagamento: 'PIX', conta_liquidada: '1', valor_pago: '37.50', data_pagamento: '2026-08-10' },
    ]);
    expect(answer.body.data[1]).toEqual({ data_parcela: '2026-08-11', valor_parcela: '37.50', forma_pagamento: 'PIX', conta_liquidada: '1', valor_pago: '37.50', data_pagamento: '2026-08-10', id_pedido: idPed });
    const read = await call('GET', `/pedidos/${idPed}/parcelas`);
    expect(read.body.data.map((p: Record<string, unknown>) => Object.keys(p).sort())).toEqual([
      ['data_parcela', 'forma_pagamento', 'id_parcela', 'id_pedido', 'observacoes_parcela', 'valor_parcela'],
      ['data_parcela', 'forma_pagamento', 'id_parcela', 'id_pedido', 'observacoes_parcela', 'valor_parcela'],
    ]);
  });

  it('needs array bodies for items and parcelas', async () => {
    const idPed = await newPedido();
    expect((await call('POST', `/pedidos/${idPed}/produtos`, { id_produto: 70000001, desc_produto: 'x', qtde_produto: 1, valor_unit_produto: '1.00' })).body).toEqual({
      code: 403, status: 'error', data: 'Erro ao cadastrar o produto para o pedido!',
    });
    expect((await call('POST', `/pedidos/${idPed}/parcelas`, { data_parcela: '2026-07-11', valor_parcela: '1.00' })).body.data).toBe('Erro ao cadastrar a parcela para o pedido!');
  });

  it('requires nome_cliente on create and nome_cliente + status_pedido on update', async () => {
    expect((await call('POST', '/pedidos', { obs_pedido: 'x' })).body.data).toEqual(['O campo (nome_cliente) é obrigatório']);
    const idPed = await newPedido();
    expect((await call('PUT', `/pedidos/${idPed}`, { obs_pedido: 'x' })).body.data).toEqual(['O campo (nome_cliente) é obrigatório', 'O campo (status_pedido) é obrigatório']);
    expect((await call('PUT', `/pedidos/${idPed}`, { nome_cliente: 'Y', status_pedido: 'Pago' })).body.data).toEqual(['O valor do campo (status_pedido) não é válido']);
  });

  it('honours situacao (not id_situacao) on status changes', async () => {
    const idPed = await newPedido();
    const situacao = simulator.state.getAccount(TOKENS.accessToken)!.situacoes[1].id_situacao;
    const answer = await call('POST', `/pedidos/${idPed}/status`, { data_status: '2026-06-11', tipo_status: 'Em Andamento', obs_status: 'Pagamento aprovado', situacao });
    expect(answer.body).toEqual({ code: 200, status: 'success', data: { data_status: '2026-06-11', obs_status: 'Pagamento aprovado', tipo_status: 'Em Andamento', id_pedido: idPed } });
    await call('POST', `/pedidos/${idPed}/status`, { data_status: '2026-06-12', tipo_status: 'Atendido', id_situacao: situacao });
    const history = await call('GET', `/pedidos/${idPed}/status`);
    expect(history.body.data.map((h: Record<string, unknown>) => [h.tipo_status, h.situacao])).toEqual([['Em Aberto', null], ['Em Andamento', situacao], ['Atendido', null]]);
  });

  it('answers an invalid JSON body with a 403 text', async () => {
    expect((await call('POST', '/pedidos', '{nope')).body).toEqual({ code: 403, status: 'error', data: 'Formato JSON inválido' });
  });
});

describe('clientes and their documents', () => {
  const ids = (answer: Answer): number[] => (Array.isArray(answer.body.data) ? answer.body.data.map((c: Record<string, unknown>) => c.id_cliente) : []);
  async function newCliente(cnpj: string, tipo: 'PF' | 'PJ' = 'PJ'): Promise<number> {
    const created = await call('POST', '/clientes', { razao_cliente: `Cliente ${cnpj}`, tipo_pessoa: tipo, cnpj_cliente: cnpj });
    expect(created.body).toMatchObject({ code: 200, status: 'success', data: { cnpj_cliente: cnpj, tipo_pessoa: tipo } });
    return created.body.data.id_cliente;
  }

  it('accepts an alphanumeric CNPJ in the official mask (18 characters) and finds it in any case and mask', async () => {
    const id = await newCliente('12.ABC.345/01DE-35');
    for (const searched of ['12.ABC.345/01DE-35', '12ABC34501DE35', '12abc34501de35', '12.abc.345/01de-35']) {
      expect(ids(await call('GET', `/clientes?cnpj_cliente=${encodeURIComponent(searched)}`))).toEqual([id]);
    }
  });

  it('compares letters too: another alphanumeric CNPJ with the same digits is a different cliente', async () => {
    // 12.ABN.345/01DE-35 is valid as well ('C' = 19 and 'N' = 30 weigh the same mod 11) and has the same digits.
    const abn = await newCliente('12.ABN.345/01DE-35');
    expect((await call('GET', `/clientes?cnpj_cliente=${encodeURIComponent('12ABC34501DE35')}`)).body).toEqual({ code: 403, status: 'error', data: 'Nenhum cliente encontrado!' });
    const abc = await newCliente('12ABC34501DE35');
    expect(ids(await call('GET', '/clientes?cnpj_cliente=12abc34501de35'))).toEqual([abc]);
    expect(ids(await call('GET', '/clientes?cnpj_cliente=12.ABN.345%2F01DE-35'))).toEqual([abn]);
  });

  it('keeps numeric CNPJs and CPFs matching with or without their mask', async () => {
    const cnpj = await newCliente('11.444.777/0001-61');
    const cpf = await newCliente('52998224725', 'PF');
    expect(ids(await call('GET', '/clientes?cnpj_cliente=11444777000161'))).toEqual([cnpj]);
    expect(ids(await call('GET', `/clientes?cnpj_cliente=${encodeURIComponent('529.982.247-25')}`))).toEqual([cpf]);
  });

  it('refuses a CPF/CNPJ with wrong check digits or of another shape, naming the field', async () => {
    for (const cnpj of ['12.ABC.345/01DE-36', '12.ABC.345/01DE-3A', '11.444.777/0001-62', '529.982.247-26', '***.982.247-**']) {
      const answer = await call('POST', '/clientes', { razao_cliente: 'X', tipo_pessoa: 'PJ', cnpj_cliente: cnpj });
      expect([answer.status, answer.body]).toEqual([403, { code: 403, status: 'error', data: ['O valor do campo (cnpj_cliente) não é um CPF/CNPJ válido'] }]);
    }
    expect((await admin.getState(TOKENS.accessToken)).clientes).toEqual([]);
  });

  it('with rejectDuplicateCnpj, an alphanumeric CNPJ in another case or mask is the same document', async () => {
    await admin.createAccount(demoAccountSeed(TOKENS, { quirks: { rejectDuplicateCnpj: true } }));
    await newCliente('12.ABC.345/01DE-35');
    expect((await call('POST', '/clientes', { razao_cliente: 'Y', cnpj_cliente: '12abc34501de35' })).body.data).toEqual(['O valor do campo (cnpj_cliente) já está cadastrado']);
    await newCliente('12.ABN.345/01DE-35');
  });
});

describe('paths', () => {
  it('answers HTTP 200 code 404 for an unknown sub-path and 404 for an unknown resource', async () => {
    const sub = await call('GET', '/pedidos/1/anexos');
    expect([sub.status, sub.body.code]).toEqual([200, 404]);
    expect((await call('GET', '/contas_receber')).status).toBe(404);
  });
});

describe('admin state', () => {
  it('exposes the account with sub-resources and counters, never the secret', async () => {
    const idPed = await newPedido();
    await call('POST', `/pedidos/${idPed}/parcelas`, [{ data_parcela: '2026-07-11', valor_parcela: '10.00', conta_liquidada: '1' }]);
    const state = await admin.getState(TOKENS.accessToken);
    expect(state.pedidos[0].parcelas[0]).toMatchObject({ valor_parcela: '10.00', conta_liquidada: '1', valor_pago: '10.00', data_pagamento: '2026-07-11' });
    expect(state.pedidos[0].status.map((s) => s.obs_status)).toEqual(['Pedido cadastrado']);
    expect(state.counters.byRoute).toEqual({ 'POST /pedidos': 1, 'POST /pedidos/{id_ped}/parcelas': 1 });
    expect(state.counters.lastUserAgent).toBe('wire-test/1.0');
    expect(JSON.stringify(state)).not.toContain(TOKENS.secretAccessToken);
  });
});
