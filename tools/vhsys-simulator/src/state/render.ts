import { formatDecimal, Micros } from '../wire/decimal';
import { doubleEncodeUtf8 } from '../wire/mojibake';
import type { VhsysAccount } from './vhsys-account';
import type {
  ClienteRecord, LineItemRecord, NotaFiscalRecord, NotaServicoRecord, ParcelaRecord, PedidoRecord, ProdutoRecord,
  SituacaoRecord, StatusRecord,
} from './records';

/**
 * Records → the JSON Vhsys sends. Precision varies by field on purpose, as in real captures:
 * header money with 2 decimals, `valor_total_nota` with 6, quantities with 4, unit prices with 6.
 */
type Row = Record<string, unknown>;

const EMPTY_TIMESTAMP = '0000-00-00 00:00:00';
const money2 = (value: Micros): string => formatDecimal(value, 2);

export function sumItems(items: LineItemRecord[]): Micros {
  return items.reduce((total, item) => total + item.valor_total, 0n);
}

export function renderCliente(account: VhsysAccount, cliente: ClienteRecord): Row {
  const f = cliente.fields;
  return {
    id_cliente: cliente.id_cliente,
    id_empresa: account.idEmpresa,
    id_registro: 0,
    tipo_pessoa: f.tipo_pessoa ?? 'PJ',
    tipo_cadastro: f.tipo_cadastro ?? 'Cliente',
    cnpj_cliente: f.cnpj_cliente ?? '',
    razao_cliente: f.razao_cliente ?? '',
    fantasia_cliente: f.fantasia_cliente ?? '',
    endereco_cliente: f.endereco_cliente ?? '',
    numero_cliente: f.numero_cliente ?? '',
    bairro_cliente: f.bairro_cliente ?? '',
    complemento_cliente: f.complemento_cliente ?? '',
    referencia_cliente: '',
    cep_cliente: f.cep_cliente ?? '',
    cidade_cliente: f.cidade_cliente ?? '',
    cidade_cliente_cod: '0',
    uf_cliente: f.uf_cliente ?? '',
    contato_cliente: f.contato_cliente ?? '',
    fone_cliente: f.fone_cliente ?? '',
    fone_contato_cliente: '',
    celular_cliente: f.celular_cliente ?? '',
    email_cliente: f.email_cliente ?? '',
    email_contato_cliente: '',
    website_cliente: '',
    insc_estadual_cliente: f.insc_estadual_cliente ?? '',
    insc_municipal_cliente: f.insc_municipal_cliente ?? '',
    insc_produtor_cliente: '',
    insc_suframa_cliente: '',
    situacao_cliente: f.situacao_cliente ?? 'Ativo',
    vendedor_cliente: f.vendedor_cliente ?? '',
    vendedor_cliente_id: Number(f.vendedor_cliente_id ?? 0),
    data_nasc_cliente: f.data_nasc_cliente ?? '0000-00-00',
    observacoes_cliente: f.observacoes_cliente ?? '',
    limite_credito: '0.00',
    consumidor_final: '1',
    contribuinte_icms: '9',
    id_categoria: 0,
    categoria: [],
    data_cad_cliente: cliente.data_cad_cliente,
    data_mod_cliente: cliente.data_mod_cliente,
    lixeira: cliente.lixeira,
  };
}

export function renderProduto(account: VhsysAccount, produto: ProdutoRecord): Row {
  return {
    id_produto: produto.id_produto,
    id_registro: 0,
    id_empresa: account.idEmpresa,
    id_categoria: 0,
    cod_produto: produto.cod_produto,
    marca_produto: '',
    desc_produto: produto.desc_produto,
    fornecedor_produto: '',
    fornecedor_produto_id: 0,
    minimo_produto: '0.0000',
    maximo_produto: '0.0000',
    estoque_produto: formatDecimal(produto.estoque_produto, 4),
    unidade_produto: produto.unidade_produto,
    valor_produto: money2(produto.valor_produto),
    valor_custo_produto: money2(produto.valor_custo_produto),
    peso_produto: '0.000',
    peso_liq_produto: '0.000',
    icms_produto: '0.00',
    ipi_produto: '0.00',
    pis_produto: '0.00',
    cofins_produto: '0.00',
    ncm_produto: produto.ncm_produto,
    cest_produto: '',
    origem_produto: 0,
    codigo_barra_produto: '',
    obs_produto: '',
    tipo_produto: produto.tipo_produto,
    kit_produto: 0,
    status_produto: 'Ativo',
    loja_visivel: 0,
    data_cad_produto: produto.data_cad_produto,
    data_mod_produto: produto.data_mod_produto,
    lixeira: produto.lixeira,
    subcategoria: [],
    grades: [],
    variacoes: [],
    imagens: [],
  };
}

export function renderPedido(account: VhsysAccount, pedido: PedidoRecord): Row {
  const produtos = sumItems(pedido.items);
  return {
    id_ped: pedido.id_ped,
    id_pedido: account.quirks.idPedidoZero ? 0 : pedido.id_pedido,
    id_empresa: account.idEmpresa,
    id_cliente: pedido.id_cliente,
    nome_cliente: pedido.nome_cliente,
    id_local_retirada: 0,
    id_local_cobranca: 0,
    vendedor_pedido: pedido.vendedor_pedido,
    vendedor_pedido_id: pedido.vendedor_pedido_id,
    listapreco_produtos: 0,
    valor_total_produtos: money2(produtos),
    desconto_pedido: money2(pedido.desconto_pedido),
    desconto_pedido_porc: '0.00',
    peso_total_nota: '0.000',
    peso_total_nota_liq: '0.000',
    frete_pedido: money2(pedido.frete_pedido),
    valor_total_nota: formatDecimal(produtos - pedido.desconto_pedido + pedido.frete_pedido, 6),
    valor_baseICMS: '0.00',
    valor_ICMS: '0.00',
    valor_baseST: '0.00',
    valor_ST: '0.00',
    valor_IPI: '0.00',
    condicao_pagamento_id: 0,
    condicao_pagamento: pedido.parcelas.length,
    frete_por_pedido: 9,
    transportadora_pedido: '',
    id_transportadora: 0,
    data_pedido: pedido.data_pedido,
    prazo_entrega: pedido.prazo_entrega,
    referencia_pedido: pedido.referencia_pedido,
    obs_pedido: pedido.obs_pedido,
    obs_interno_pedido: pedido.obs_interno_pedido,
    status_pedido: pedido.status_pedido,
    contas_pedido: pedido.contas_pedido,
    comissao_pedido: 0,
    estoque_pedido: pedido.estoque_pedido,
    pdv_emitido: 0,
    ordemc_emitido: 0,
    data_cad_pedido: pedido.data_cad_pedido,
    data_mod_pedido: pedido.data_mod_pedido,
    id_aplicativo: 0,
    id_pedido_aplicativo: 0,
    id_almoxarifado: 0,
    pagamento_com_vhpay: 0,
    pagamento_com_conta_integrada: 0,
    link_pgto_gerado: 0,
    situacao: pedido.situacao,
    pagamento_com_pagar_me: 0,
    lixeira: pedido.lixeira,
  };
}

/** GET /pedidos/{id_ped}/produtos row; `id_pedido` holds the id_ped, as in real captures. */
export function renderPedidoItem(pedido: PedidoRecord, item: LineItemRecord): Row {
  return {
    id_ped_produto: item.id_item,
    id_pedido: pedido.id_ped,
    id_produto: item.id_produto,
    desc_produto: item.desc_produto,
    qtde_produto: formatDecimal(item.qtde, 4),
    valor_unit_produto: formatDecimal(item.valor_unit, 6),
    desconto_produto: money2(item.desconto),
    valor_desconto: money2(item.desconto),
    valor_total_produto: money2(item.valor_total),
    valor_custo_produto: '0.00',
    peso_produto: '0.000',
    peso_liq_produto: '0.000',
    icms_produto: '0.00',
    ipi_produto: '0.00',
    id_almoxarifado: 0,
    id_lote: 0,
    info_adicional: '',
    xPed_produto: '',
    nItem_produto: '',
    json_localizacoes: '[]',
  };
}

/** GET …/parcelas row: the liquidation fields are not returned (documented). */
export function renderParcela(pedido: PedidoRecord, parcela: ParcelaRecord): Row {
  return {
    id_parcela: parcela.id_parcela,
    id_pedido: pedido.id_ped,
    data_parcela: parcela.data_parcela,
    valor_parcela: money2(parcela.valor_parcela),
    forma_pagamento: parcela.forma_pagamento,
    observacoes_parcela: parcela.observacoes_parcela,
  };
}

export function renderStatus(pedido: PedidoRecord, status: StatusRecord): Row {
  return {
    id_status: status.id_status,
    id_pedido: pedido.id_ped,
    data_status: status.data_status,
    obs_status: status.obs_status,
    tipo_status: status.tipo_status,
    id_usuario: status.id_usuario,
    nome_usuario: status.nome_usuario,
    situacao: status.situacao,
  };
}

export function renderNotaFiscalItem(nota: NotaFiscalRecord, item: LineItemRecord): Row {
  return {
    id_venda_produto: item.id_item,
    id_venda: nota.id_venda,
    id_produto: item.id_produto,
    desc_produto: item.desc_produto,
    qtde_produto: formatDecimal(item.qtde, 4),
    valor_unit_produto: formatDecimal(item.valor_unit, 6),
    desconto_produto: money2(item.desconto),
    valor_total_produto: money2(item.valor_total),
  };
}

export function renderNotaFiscal(account: VhsysAccount, nota: NotaFiscalRecord): Row {
  const produtos = sumItems(nota.items);
  const emitted = nota.nota_emitida === 1;
  return {
    id_venda: nota.id_venda,
    id_empresa: account.idEmpresa,
    tp_nfe: 1,
    serie_nota: nota.serie_nota,
    id_pedido: nota.id_pedido,
    id_cliente: nota.id_cliente,
    nome_cliente: nota.nome_cliente,
    vendedor_pedido: '',
    vendedor_pedido_id: 0,
    valor_total_produtos: money2(produtos),
    desconto_pedido: money2(nota.desconto_pedido),
    frete_pedido: money2(nota.frete_pedido),
    valor_total_nota: money2(produtos - nota.desconto_pedido + nota.frete_pedido),
    valor_baseICMS: '0.00',
    valor_ICMS: '0.00',
    valor_baseST: '0.00',
    valor_ST: '0.00',
    valor_IPI: '0.00',
    valor_vICMSDeson_icms: '0.00',
    condicao_pagamento: 0,
    frete_por_pedido: nota.frete_por_pedido,
    transportadora_pedido: '',
    id_transportadora: 0,
    data_pedido: nota.data_pedido,
    data_pedido_hora: `${nota.data_pedido} 00:00:00`,
    data_emissao: emitted ? nota.data_emissao : EMPTY_TIMESTAMP,
    indPres_pedido: 0,
    natureza_pedido: nota.natureza_pedido,
    cfop_pedido: nota.cfop_pedido,
    finalidade_nfe: nota.finalidade_nfe,
    status_pedido: nota.status_pedido,
    contas_pedido: 0,
    boletos_pedido: 0,
    estoque_pedido: 0,
    nota_emitida: nota.nota_emitida,
    nota_chave: nota.nota_chave,
    nota_protocolo: nota.nota_protocolo,
    nota_recibo: nota.nota_recibo,
    nota_codigov: '',
    nota_data_autorizacao: emitted ? nota.nota_data_autorizacao : EMPTY_TIMESTAMP,
    nota_usuario_autorizacao: emitted ? 'Integração API' : '',
    nota_data_cancelamento: EMPTY_TIMESTAMP,
    nota_usuario_cancelamento: '',
    nota_motivo_cancelamento: '',
    nota_denegada: 0,
    nota_importada: 0,
    nota_scan: 0,
    xml_importado: 0,
    ambiente: nota.ambiente,
    seguro_pedido: '0.00',
    id_pedido_ref: nota.id_pedido_ref,
    obs_pedido: nota.obs_pedido,
    obs_interno_pedido: nota.obs_interno_pedido,
    data_cad_pedido: nota.data_cad_pedido,
    data_mod_pedido: nota.data_mod_pedido,
    lixeira: nota.lixeira,
  };
}

export function renderNotaServico(account: VhsysAccount, nota: NotaServicoRecord): Row {
  const emitted = nota.nota_emitida === 1;
  return {
    id_servico: nota.id_servico,
    id_empresa: account.idEmpresa,
    id_pedido: nota.id_pedido,
    id_cliente: nota.id_cliente,
    nome_cliente: nota.nome_cliente,
    vendedor_pedido: nota.vendedor_pedido,
    vendedor_pedido_id: nota.vendedor_pedido_id,
    serie_nota: nota.serie_nota,
    natureza_pedido: nota.natureza_pedido,
    desc_servicos: nota.desc_servicos,
    valor_total_servicos: money2(nota.valor_total_servicos),
    valor_deducoes: '0.00',
    valor_base_calculo: money2(nota.valor_base_calculo),
    valor_aliquota: formatDecimal(nota.valor_aliquota, 4),
    valor_imposto: money2(nota.valor_imposto),
    valor_total_nota: money2(nota.valor_total_nota),
    reter_iss: nota.reter_iss,
    regime_pedido: nota.regime_pedido,
    local_prestacao: nota.local_prestacao,
    itemLista_servico: nota.codigo_servico,
    ambiente: nota.ambiente,
    obs_pedido: nota.obs_pedido,
    obs_interno_pedido: nota.obs_interno_pedido,
    status_pedido: nota.status_pedido,
    id_pedido_ref: nota.id_pedido_ref,
    nota_emitida: nota.nota_emitida,
    numero_nfse: nota.numero_nfse,
    data_emissao: emitted ? nota.data_emissao : EMPTY_TIMESTAMP,
    data_cad_pedido: nota.data_cad_pedido,
    data_mod_pedido: nota.data_mod_pedido,
    lixeira: nota.lixeira,
  };
}

/** `/situacoes` names arrive double-encoded in the real API; `forWire` reproduces it. */
export function renderSituacao(account: VhsysAccount, situacao: SituacaoRecord, forWire: boolean): Row {
  return {
    id_situacao: situacao.id_situacao,
    id_empresa: account.idEmpresa,
    tipo_pedido: situacao.tipo_pedido,
    tipo_status: situacao.tipo_status,
    nome_situacao: forWire ? doubleEncodeUtf8(situacao.nome_situacao) : situacao.nome_situacao,
    ordem: situacao.ordem,
    data_cad: situacao.data_cad,
    data_mod: situacao.data_mod,
    lixeira: situacao.lixeira,
  };
}
