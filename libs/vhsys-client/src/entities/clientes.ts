import { normalizeDocument } from '@gv/brazil';
import {
  formatCep, formatDocumento, formatPhone, readId, readNullableText, readRequiredId, readSimNao, readText, readTimestamp,
} from '../wire-values';

type Row = Record<string, unknown>;

export interface EnderecoInput {
  logradouro: string;
  /** At most 7 characters in Vhsys. */
  numero: string;
  complemento?: string;
  /** At most 45 characters. */
  bairro: string;
  cidade: string;
  uf: string;
  /** 8 digits; sent formatted "00.000-000" like the spec example. */
  cep: string;
}

/** POST /clientes. `documento` is a CPF (11 digits) or a CNPJ (14 characters, maybe alphanumeric), in any case and mask. */
export interface ClienteInput {
  tipoPessoa: 'PF' | 'PJ';
  razao: string;
  documento: string;
  fantasia?: string;
  email?: string | null;
  /** Digits with area code, sent formatted "(41) 99999-8888". */
  fone?: string | null;
  celular?: string | null;
  endereco?: EnderecoInput | null;
  tipoCadastro?: 'Cliente' | 'Fornecedor' | 'Ambos';
  situacao?: 'Ativo' | 'Inativo';
  observacoes?: string;
}

/** PUT /clientes/{id_cliente} is a partial update. */
export type ClienteUpdate = Partial<ClienteInput>;

export interface VhsysCliente {
  idCliente: number;
  idEmpresa: number | null;
  tipoPessoa: string;
  razao: string;
  fantasia: string | null;
  /** `cnpj_cliente` as stored (formatted or not). */
  cnpj: string;
  /** `cnpj_cliente` normalised (normalizeDocument: no punctuation, upper case): what searches compare. */
  documento: string;
  email: string | null;
  fone: string | null;
  celular: string | null;
  endereco: {
    logradouro: string | null;
    numero: string | null;
    complemento: string | null;
    bairro: string | null;
    cidade: string | null;
    uf: string | null;
    cep: string | null;
  };
  situacao: string | null;
  lixeira: boolean;
  dataCadastro: string | null;
  dataModificacao: string | null;
  raw: Row;
}

export interface ClienteWireOptions {
  /** Send CPF/CNPJ formatted (default, as the spec examples) or unformatted (no punctuation, upper case). */
  documentFormat: 'formatted' | 'unformatted';
}

export function clienteToWire(input: ClienteUpdate, options: ClienteWireOptions): Row {
  const wire: Row = {};
  const put = (field: string, value: string | null | undefined): void => {
    if (value !== undefined && value !== null) wire[field] = value;
  };
  put('razao_cliente', input.razao);
  put('tipo_pessoa', input.tipoPessoa);
  put('tipo_cadastro', input.tipoCadastro ?? (input.razao !== undefined ? 'Cliente' : undefined));
  if (input.documento !== undefined) {
    wire.cnpj_cliente = options.documentFormat === 'formatted' ? formatDocumento(input.documento) : normalizeDocument(input.documento);
  }
  put('fantasia_cliente', input.fantasia);
  put('email_cliente', input.email);
  put('fone_cliente', input.fone ? formatPhone(input.fone) : input.fone);
  put('celular_cliente', input.celular ? formatPhone(input.celular) : input.celular);
  if (input.endereco) {
    wire.endereco_cliente = input.endereco.logradouro;
    wire.numero_cliente = input.endereco.numero;
    wire.complemento_cliente = input.endereco.complemento ?? '';
    wire.bairro_cliente = input.endereco.bairro;
    wire.cidade_cliente = input.endereco.cidade;
    wire.uf_cliente = input.endereco.uf;
    wire.cep_cliente = formatCep(input.endereco.cep);
  }
  put('situacao_cliente', input.situacao);
  put('observacoes_cliente', input.observacoes);
  return wire;
}

export function clienteFromWire(row: Row): VhsysCliente {
  const cnpj = readText(row, 'cnpj_cliente');
  return {
    idCliente: readRequiredId(row, 'id_cliente'),
    idEmpresa: readId(row, 'id_empresa'),
    tipoPessoa: readText(row, 'tipo_pessoa'),
    razao: readText(row, 'razao_cliente'),
    fantasia: readNullableText(row, 'fantasia_cliente'),
    cnpj,
    documento: normalizeDocument(cnpj),
    email: readNullableText(row, 'email_cliente'),
    fone: readNullableText(row, 'fone_cliente'),
    celular: readNullableText(row, 'celular_cliente'),
    endereco: {
      logradouro: readNullableText(row, 'endereco_cliente'),
      numero: readNullableText(row, 'numero_cliente'),
      complemento: readNullableText(row, 'complemento_cliente'),
      bairro: readNullableText(row, 'bairro_cliente'),
      cidade: readNullableText(row, 'cidade_cliente'),
      uf: readNullableText(row, 'uf_cliente'),
      cep: readNullableText(row, 'cep_cliente'),
    },
    situacao: readNullableText(row, 'situacao_cliente'),
    lixeira: readSimNao(row, 'lixeira'),
    dataCadastro: readTimestamp(row, 'data_cad_cliente'),
    dataModificacao: readTimestamp(row, 'data_mod_cliente'),
    raw: row,
  };
}
