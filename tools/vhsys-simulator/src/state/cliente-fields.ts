/** Fields POST/PUT /clientes accept, with the documented maximum lengths (null: no limit known). */
export const CLIENTE_FIELD_LIMITS: Record<string, number | null> = {
  razao_cliente: 255,
  tipo_pessoa: 2,
  tipo_cadastro: null,
  cnpj_cliente: 18,
  fantasia_cliente: 255,
  endereco_cliente: 255,
  numero_cliente: 7,
  complemento_cliente: 45,
  bairro_cliente: 45,
  cep_cliente: 10,
  cidade_cliente: 255,
  uf_cliente: 2,
  contato_cliente: 255,
  fone_cliente: 20,
  celular_cliente: 20,
  email_cliente: 255,
  insc_estadual_cliente: 30,
  insc_municipal_cliente: 30,
  situacao_cliente: null,
  vendedor_cliente: 255,
  vendedor_cliente_id: null,
  data_nasc_cliente: null,
  observacoes_cliente: null,
};

export const CLIENTE_FIELDS = Object.keys(CLIENTE_FIELD_LIMITS);
