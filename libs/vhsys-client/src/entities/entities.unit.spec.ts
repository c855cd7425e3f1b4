import { clienteFromWire, clienteToWire } from './clientes';
import { lineItemFromWire, lineItemToWire } from './line-items';
import { notaServicoFromWire, notaServicoToWire } from './notas-servico';
import { parcelaToWire } from './pedido-parcelas';
import { statusToWire } from './pedido-status';
import { pedidoFromWire, pedidoToWire } from './pedidos';
import { situacoesFromWire } from './situacoes';

describe('pedidos', () => {
  it('reads the create echo: id_pedido "" and the 6-decimal total', () => {
    const pedido = pedidoFromWire({
      id_ped: 15579150, id_pedido: '', id_cliente: 123456, nome_cliente: 'CLIENTE', valor_total_produtos: '282.40',
      desconto_pedido: '0.00', frete_pedido: '15.00', valor_total_nota: '63.300000', status_pedido: 'Em Aberto',
      referencia_pedido: 'gv:1', obs_pedido: 'obs', estoque_pedido: 0, contas_pedido: '1', lixeira: 'Nao',
      data_pedido: '2026-06-11', data_mod_pedido: '2026-06-11 10:00:00', situacao: null,
    });
    expect(pedido).toMatchObject({
      idPed: 15579150, idPedido: null, idCliente: 123456, valorTotalProdutosCents: 28240, freteCents: 1500,
      valorTotalNotaCents: 6330, computedTotalCents: 29740, referenciaPedido: 'gv:1', contasPedido: true, estoquePedido: false,
      lixeira: false, situacao: null, dataModificacao: '2026-06-11 10:00:00',
    });
  });
  it('writes money as 2-decimal strings and flags as 0/1', () => {
    expect(pedidoToWire({ nomeCliente: 'X', descontoCents: 5, freteCents: 1500, contasPedido: false, statusPedido: 'Em Aberto' })).toEqual({
      nome_cliente: 'X', desconto_pedido: '0.05', frete_pedido: '15.00', contas_pedido: 0, status_pedido: 'Em Aberto',
    });
  });
});

describe('items, parcelas, status', () => {
  it('round-trips an item; the POST echo total is a number', () => {
    expect(lineItemToWire({ idProduto: 65971505, descProduto: 'Bucha', quantidade: 3, valorUnitCents: 1500 })).toEqual({
      id_produto: 65971505, desc_produto: 'Bucha', qtde_produto: '3.00', valor_unit_produto: '15.00',
    });
    expect(
      lineItemFromWire({ qtde_produto: '3.00', id_produto: 65971505, valor_unit_produto: '15.00', desc_produto: 'Bucha', desconto_produto: 0, valor_total_produto: 45, id_pedido: 15579150, id_ped_produto: 217211087 }, 'id_ped_produto', 'id_pedido'),
    ).toMatchObject({ idItem: 217211087, parentId: 15579150, quantidade: 3, valorUnitCents: 1500, descontoCents: 0, valorTotalCents: 4500 });
  });
  it('sends liquidation fields only for paid parcelas', () => {
    expect(parcelaToWire({ dataParcela: '2026-07-11', valorCents: 3750, formaPagamento: 'Boleto', observacoes: '1/2' })).toEqual({
      data_parcela: '2026-07-11', valor_parcela: '37.50', forma_pagamento: 'Boleto', observacoes_parcela: '1/2', conta_liquidada: '0',
    });
    expect(parcelaToWire({ dataParcela: '2026-08-11', valorCents: 3750, formaPagamento: 'PIX', liquidada: true, valorPagoCents: 3750, dataPagamento: '2026-08-10' })).toEqual({
      data_parcela: '2026-08-11', valor_parcela: '37.50', forma_pagamento: 'PIX', conta_liquidada: '1', valor_pago: '37.50', data_pagamento: '2026-08-10',
    });
  });
  it('sends situacao (not id_situacao) only when set', () => {
    expect(statusToWire({ dataStatus: '2026-06-11', tipoStatus: 'Em Andamento', obsStatus: 'ok', situacao: 857 })).toEqual({
      data_status: '2026-06-11', tipo_status: 'Em Andamento', obs_status: 'ok', situacao: 857,
    });
    expect(statusToWire({ dataStatus: '2026-06-11', tipoStatus: 'Cancelado', situacao: null })).toEqual({
      data_status: '2026-06-11', tipo_status: 'Cancelado', obs_status: '',
    });
  });
});

describe('clientes', () => {
  it('formats the document unless told to send it unformatted', () => {
    const input = { tipoPessoa: 'PJ' as const, razao: 'ACME LTDA', documento: '11444777000161', fone: '41999998888' };
    expect(clienteToWire(input, { documentFormat: 'formatted' })).toEqual({
      razao_cliente: 'ACME LTDA', tipo_pessoa: 'PJ', tipo_cadastro: 'Cliente', cnpj_cliente: '11.444.777/0001-61', fone_cliente: '(41) 99999-8888',
    });
    expect(clienteToWire(input, { documentFormat: 'unformatted' }).cnpj_cliente).toBe('11444777000161');
    const alnum = { ...input, documento: '12abc34501de35' };
    expect(clienteToWire(alnum, { documentFormat: 'formatted' }).cnpj_cliente).toBe('12.ABC.345/01DE-35');
    expect(clienteToWire(alnum, { documentFormat: 'unformatted' }).cnpj_cliente).toBe('12ABC34501DE35');
  });

  it('reads the stored cnpj_cliente as is and normalised', () => {
    const row = { id_cliente: 7, razao_cliente: 'ALFA LTDA', tipo_pessoa: 'PJ', cnpj_cliente: '12.abc.345/01DE-35', lixeira: 'Nao' };
    expect(clienteFromWire(row)).toMatchObject({ idCliente: 7, cnpj: '12.abc.345/01DE-35', documento: '12ABC34501DE35' });
  });
});

describe('notas de serviço and situações', () => {
  it('sends the service code under both names seen in working code', () => {
    const wire = notaServicoToWire({ nomeCliente: 'X', serieNota: 1, naturezaPedido: 1, descServicos: 'Curso', valorTotalServicosCents: 19990, ambiente: 2, codigoServico: '8.02', valorAliquota: '2.00' });
    expect(wire).toMatchObject({ valor_total_servicos: '199.90', itemLista_servico: '8.02', atividade: '8.02', valor_aliquota: '2.00', ambiente: 2 });
  });
  it('reads NumeroNFS when that is the name used', () => {
    expect(notaServicoFromWire({ id_servico: 1, NumeroNFS: '77' })).toMatchObject({ numeroNfse: '77', emitida: true });
  });
  it('groups situações and repairs their names', () => {
    const result = situacoesFromWire({ Pedidos: [{ id_situacao: 857, tipo_pedido: 1, tipo_status: 'Em Andamento', nome_situacao: 'Em separaÃ§Ã£o', ordem: 2, lixeira: 'Nao' }] });
    expect(result.pedidos[0]).toMatchObject({ idSituacao: 857, nomeSituacao: 'Em separação', nomeSituacaoRaw: 'Em separaÃ§Ã£o' });
    expect(result.orcamentos).toEqual([]);
    expect(result.ordemServico).toEqual([]);
  });
});
