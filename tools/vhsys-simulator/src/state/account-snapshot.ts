import type { FaultConfig } from '../faults/fault-config';
import type { AccountQuirks } from './account-quirks';
import type { RequestCounters } from './request-counters';
import {
  renderCliente, renderNotaFiscal, renderNotaFiscalItem, renderNotaServico, renderParcela, renderPedido, renderPedidoItem,
  renderProduto, renderSituacao, renderStatus,
} from './render';
import { formatDecimal } from '../wire/decimal';
import type { VhsysAccount } from './vhsys-account';

type Row = Record<string, unknown>;

/**
 * `GET /__admin/accounts/{accessToken}/state`: everything in wire shape (what the API would return),
 * plus what the API hides (parcela liquidation fields, soft-deleted rows) and the request counters.
 * Never includes the secret token.
 */
export interface AccountSnapshot {
  idEmpresa: number;
  clientes: Row[];
  produtos: Row[];
  pedidos: Array<Row & { produtos: Row[]; parcelas: Row[]; status: Row[] }>;
  notasFiscais: Array<Row & { produtos: Row[] }>;
  notasServico: Row[];
  situacoes: Row[];
  counters: RequestCounters;
  faults: FaultConfig;
  quirks: AccountQuirks;
  /** Whether the account's valid tokens are being refused (PUT /__admin/accounts/{accessToken}/tokens). */
  tokensRejected: boolean;
}

export function snapshotAccount(account: VhsysAccount): AccountSnapshot {
  return {
    idEmpresa: account.idEmpresa,
    clientes: [...account.clientes.values()].map((c) => renderCliente(account, c)),
    produtos: [...account.produtos.values()].map((p) => renderProduto(account, p)),
    pedidos: [...account.pedidos.values()].map((pedido) => ({
      ...renderPedido(account, pedido),
      produtos: pedido.items.map((item) => renderPedidoItem(pedido, item)),
      parcelas: pedido.parcelas.map((parcela) => ({
        ...renderParcela(pedido, parcela),
        conta_liquidada: parcela.conta_liquidada,
        valor_pago: parcela.valor_pago === null ? null : formatDecimal(parcela.valor_pago, 2),
        data_pagamento: parcela.data_pagamento,
      })),
      status: pedido.statusHistory.map((status) => renderStatus(pedido, status)),
    })),
    notasFiscais: [...account.notasFiscais.values()].map((nota) => ({
      ...renderNotaFiscal(account, nota),
      produtos: nota.items.map((item) => renderNotaFiscalItem(nota, item)),
    })),
    notasServico: [...account.notasServico.values()].map((nota) => renderNotaServico(account, nota)),
    situacoes: account.situacoes.map((s) => renderSituacao(account, s, false)),
    counters: structuredClone(account.counters),
    faults: structuredClone(account.faults.faults),
    quirks: { ...account.quirks },
    tokensRejected: account.tokensRejected,
  };
}
