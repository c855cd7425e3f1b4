import type { ApiHandler } from './api-context';
import { createCliente, deleteCliente, getCliente, listClientes, updateCliente } from '../handlers/clientes';
import { addNotaFiscalProdutos, createNotaFiscal, emitirNotaFiscal, getNotaFiscal, listNotasFiscais } from '../handlers/notas-fiscais';
import { createNotaServico, deleteNotaServico, emitirNotaServico, getNotaServico, listNotasServico } from '../handlers/notas-servico';
import { addPedidoProdutos, listPedidoProdutos } from '../handlers/pedido-produtos';
import { listPedidoParcelas, replacePedidoParcelas } from '../handlers/pedido-parcelas';
import { appendPedidoStatus, listPedidoStatus } from '../handlers/pedido-status';
import { createPedido, deletePedido, getPedido, listPedidos, updatePedido } from '../handlers/pedidos';
import { getProduto, listProdutos } from '../handlers/produtos';
import { listSituacoes } from '../handlers/situacoes';

interface Route {
  method: string;
  /** Template relative to /v2, e.g. "/pedidos/{id_ped}/parcelas". */
  template: string;
  handler: ApiHandler;
}

const ROUTES: Route[] = [
  { method: 'GET', template: '/clientes', handler: listClientes },
  { method: 'POST', template: '/clientes', handler: createCliente },
  { method: 'GET', template: '/clientes/{id_cliente}', handler: getCliente },
  { method: 'PUT', template: '/clientes/{id_cliente}', handler: updateCliente },
  { method: 'DELETE', template: '/clientes/{id_cliente}', handler: deleteCliente },
  { method: 'GET', template: '/produtos', handler: listProdutos },
  { method: 'GET', template: '/produtos/{id_produto}', handler: getProduto },
  { method: 'GET', template: '/pedidos', handler: listPedidos },
  { method: 'POST', template: '/pedidos', handler: createPedido },
  { method: 'GET', template: '/pedidos/{id_ped}', handler: getPedido },
  { method: 'PUT', template: '/pedidos/{id_ped}', handler: updatePedido },
  { method: 'DELETE', template: '/pedidos/{id_ped}', handler: deletePedido },
  { method: 'GET', template: '/pedidos/{id_ped}/produtos', handler: listPedidoProdutos },
  { method: 'POST', template: '/pedidos/{id_ped}/produtos', handler: addPedidoProdutos },
  { method: 'GET', template: '/pedidos/{id_ped}/parcelas', handler: listPedidoParcelas },
  { method: 'POST', template: '/pedidos/{id_ped}/parcelas', handler: replacePedidoParcelas },
  { method: 'GET', template: '/pedidos/{id_ped}/status', handler: listPedidoStatus },
  { method: 'POST', template: '/pedidos/{id_ped}/status', handler: appendPedidoStatus },
  { method: 'GET', template: '/situacoes', handler: listSituacoes },
  { method: 'GET', template: '/notas-fiscais', handler: listNotasFiscais },
  { method: 'POST', template: '/notas-fiscais', handler: createNotaFiscal },
  { method: 'GET', template: '/notas-fiscais/{id_venda}', handler: getNotaFiscal },
  { method: 'POST', template: '/notas-fiscais/{id_venda}/produtos', handler: addNotaFiscalProdutos },
  { method: 'POST', template: '/notas-fiscais/{id_venda}/emitir', handler: emitirNotaFiscal },
  { method: 'GET', template: '/notas-servico', handler: listNotasServico },
  { method: 'POST', template: '/notas-servico', handler: createNotaServico },
  { method: 'GET', template: '/notas-servico/{id_servico}', handler: getNotaServico },
  { method: 'DELETE', template: '/notas-servico/{id_servico}', handler: deleteNotaServico },
  { method: 'POST', template: '/notas-servico/{id_servico}/emitir', handler: emitirNotaServico },
];

const TOP_LEVEL = new Set(ROUTES.map((route) => route.template.split('/')[1]));

export type RouteMatch =
  | { kind: 'route'; template: string; params: Record<string, string>; handler: ApiHandler }
  /** A resource Vhsys does not have: a plain HTTP 404. */
  | { kind: 'unknown-resource' }
  /** An unknown sub-path of a known resource: Vhsys answers HTTP 200 with `code: 404`. */
  | { kind: 'unknown-subpath' };

/** Matches "/pedidos/123/parcelas" (path relative to /v2, no query). */
export function matchRoute(method: string, path: string): RouteMatch {
  const segments = path.split('/').filter((s) => s !== '');
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const parts = route.template.split('/').filter((s) => s !== '');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < parts.length && matched; i += 1) {
      if (parts[i].startsWith('{')) params[parts[i].slice(1, -1)] = decodeURIComponent(segments[i]);
      else matched = parts[i] === segments[i];
    }
    if (matched) return { kind: 'route', template: route.template, params, handler: route.handler };
  }
  return TOP_LEVEL.has(segments[0] ?? '') ? { kind: 'unknown-subpath' } : { kind: 'unknown-resource' };
}
