import type { Micros } from '../wire/decimal';

/**
 * What the simulator stores per account. Money is held as micros so totals can be recomputed
 * exactly; everything is rendered to the real wire shape (strings with varying precision) on the way
 * out, see render.ts.
 */

export type SimNao = 'Sim' | 'Nao';

export interface ClienteRecord {
  id_cliente: number;
  /** Accepted create/update fields, as sent (after trimming to strings). */
  fields: Record<string, string>;
  data_cad_cliente: string;
  data_mod_cliente: string;
  lixeira: SimNao;
}

export interface ProdutoRecord {
  id_produto: number;
  cod_produto: string;
  desc_produto: string;
  valor_produto: Micros;
  valor_custo_produto: Micros;
  unidade_produto: string;
  estoque_produto: Micros;
  tipo_produto: string;
  ncm_produto: string;
  data_cad_produto: string;
  data_mod_produto: string;
  lixeira: SimNao;
}

export interface LineItemRecord {
  /** id_ped_produto for pedidos, id_venda_produto for NF-e. */
  id_item: number;
  id_produto: number;
  desc_produto: string;
  qtde: Micros;
  valor_unit: Micros;
  desconto: Micros;
  /** qtde × valor_unit − desconto, rounded to centavos (half-up). */
  valor_total: Micros;
  /** The element exactly as posted, for the POST echo. */
  posted: Record<string, unknown>;
}

export interface ParcelaRecord {
  id_parcela: number;
  data_parcela: string;
  valor_parcela: Micros;
  forma_pagamento: string;
  observacoes_parcela: string;
  conta_liquidada: '0' | '1';
  valor_pago: Micros | null;
  data_pagamento: string | null;
  posted: Record<string, unknown>;
}

export interface StatusRecord {
  id_status: number;
  data_status: string;
  obs_status: string;
  tipo_status: string;
  id_usuario: number;
  nome_usuario: string;
  situacao: number | null;
}

export interface PedidoRecord {
  id_ped: number;
  /** Per-account sequential number ("Pedido 3208"). */
  id_pedido: number;
  id_cliente: number;
  nome_cliente: string;
  vendedor_pedido: string;
  vendedor_pedido_id: number;
  data_pedido: string;
  prazo_entrega: string;
  referencia_pedido: string;
  obs_pedido: string;
  obs_interno_pedido: string;
  status_pedido: string;
  situacao: number | null;
  desconto_pedido: Micros;
  frete_pedido: Micros;
  estoque_pedido: 0 | 1;
  contas_pedido: 0 | 1;
  data_cad_pedido: string;
  data_mod_pedido: string;
  lixeira: SimNao;
  items: LineItemRecord[];
  parcelas: ParcelaRecord[];
  statusHistory: StatusRecord[];
}

export interface NotaFiscalRecord {
  id_venda: number;
  /** Sequential NF number of the account. */
  id_pedido: number;
  id_cliente: number;
  nome_cliente: string;
  serie_nota: number;
  natureza_pedido: string;
  cfop_pedido: string;
  finalidade_nfe: number;
  frete_por_pedido: number;
  ambiente: 1 | 2;
  data_pedido: string;
  obs_pedido: string;
  obs_interno_pedido: string;
  status_pedido: string;
  /** id_ped of the source order; 0 means a standalone NF. */
  id_pedido_ref: number;
  desconto_pedido: Micros;
  frete_pedido: Micros;
  items: LineItemRecord[];
  nota_emitida: 0 | 1;
  nota_chave: string;
  nota_protocolo: string;
  nota_recibo: string;
  nota_data_autorizacao: string;
  data_emissao: string;
  data_cad_pedido: string;
  data_mod_pedido: string;
  lixeira: SimNao;
}

export interface NotaServicoRecord {
  id_servico: number;
  id_pedido: number;
  id_cliente: number;
  nome_cliente: string;
  vendedor_pedido: string;
  vendedor_pedido_id: number;
  serie_nota: number;
  natureza_pedido: number;
  desc_servicos: string;
  valor_total_servicos: Micros;
  valor_base_calculo: Micros;
  valor_aliquota: Micros;
  valor_imposto: Micros;
  valor_total_nota: Micros;
  reter_iss: 0 | 1;
  regime_pedido: number;
  local_prestacao: number;
  codigo_servico: string;
  ambiente: 1 | 2;
  obs_pedido: string;
  obs_interno_pedido: string;
  status_pedido: string;
  id_pedido_ref: number;
  nota_emitida: 0 | 1;
  numero_nfse: string;
  data_emissao: string;
  data_cad_pedido: string;
  data_mod_pedido: string;
  lixeira: SimNao;
}

export interface SituacaoRecord {
  id_situacao: number;
  /** 1 pedido, 2 orçamento, 3 ordem de serviço. */
  tipo_pedido: 1 | 2 | 3;
  tipo_status: string;
  nome_situacao: string;
  ordem: number;
  data_cad: string;
  data_mod: string;
  lixeira: SimNao;
}
