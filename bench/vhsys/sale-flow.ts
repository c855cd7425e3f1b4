import type { VhsysClient } from '@gv/vhsys-client';
import { DEMO_PRODUTOS } from '@gv/vhsys-simulator';

/** The CNPJ every benchmark account knows, so the cliente lookup is one GET. */
export const BENCH_CNPJ = '11444777000161';

/**
 * What the dispatcher does for one approved sale with a known customer: 6 requests, 1 search,
 * 4 writes (2 of them array bodies), 1 read-back.
 */
export const REQUESTS_PER_FLOW = 6;

export async function runSaleFlow(client: VhsysClient, sequence: number): Promise<void> {
  const cliente = await client.findClienteByDocumento(BENCH_CNPJ);
  if (!cliente) throw new Error('benchmark account lost its cliente');
  const marker = `gv:bench-${sequence}`;
  const pedido = await client.createPedido({
    idCliente: cliente.idCliente,
    nomeCliente: cliente.razao,
    dataPedido: '2026-06-11',
    obsPedido: `Venda Guru ${marker}`,
    referenciaPedido: marker,
    statusPedido: 'Em Aberto',
  });
  await client.addPedidoProdutos(pedido.idPed, [
    { idProduto: DEMO_PRODUTOS.curso.idProduto, descProduto: DEMO_PRODUTOS.curso.descProduto, quantidade: 1, valorUnitCents: 19990 },
    { idProduto: DEMO_PRODUTOS.livro.idProduto, descProduto: DEMO_PRODUTOS.livro.descProduto, quantidade: 2, valorUnitCents: 1990 },
  ]);
  await client.replacePedidoParcelas(pedido.idPed, [
    { dataParcela: '2026-07-11', valorCents: 11985, formaPagamento: 'Cartão de Crédito', liquidada: true, valorPagoCents: 11985, dataPagamento: '2026-06-11' },
    { dataParcela: '2026-08-11', valorCents: 11985, formaPagamento: 'Cartão de Crédito' },
  ]);
  await client.appendPedidoStatus(pedido.idPed, { dataStatus: '2026-06-11', tipoStatus: 'Em Andamento', obsStatus: 'Pagamento aprovado' });
  await client.getPedido(pedido.idPed);
}
