import { normalizeDocument, parseDocument } from '@gv/brazil';
import type { ApiContext, ApiReply } from '../api/api-context';
import { FieldChecks, isPlainObject } from '../api/field-checks';
import { containsIgnoringCase, lixeiraMatches, listPage, onOrAfter, pathId } from '../api/list-page';
import { invalid, refused, success } from '../api/replies';
import { CLIENTE_FIELD_LIMITS, CLIENTE_FIELDS } from '../state/cliente-fields';
import type { ClienteRecord } from '../state/records';
import { renderCliente } from '../state/render';
import type { VhsysAccount } from '../state/vhsys-account';

const NOT_FOUND = 'Nenhum cliente encontrado!';

/**
 * The `cnpj_cliente` filter: by default the unformatted documents are compared (punctuation
 * ignored, letters of an alphanumeric CNPJ compared case-insensitively, never dropped);
 * `quirks.cnpjFilter: 'exact'` compares the stored text as is.
 */
function cnpjMatches(account: VhsysAccount, stored: string, wanted: string | null): boolean {
  if (wanted === null || wanted === '') return true;
  if (account.quirks.cnpjFilter === 'exact') return stored === wanted;
  return normalizeDocument(wanted) !== '' && normalizeDocument(stored) === normalizeDocument(wanted);
}

/** GET /clientes: tipo_pessoa, cnpj_cliente, razao_cliente, fantasia_cliente, lixeira, data_modificacao, data_cadastro. */
export function listClientes({ account, query }: ApiContext): ApiReply {
  const rows = [...account.clientes.values()]
    .filter((c) => lixeiraMatches(c.lixeira, query, account.quirks))
    .filter((c) => !query.get('tipo_pessoa') || (c.fields.tipo_pessoa ?? 'PJ') === query.get('tipo_pessoa'))
    .filter((c) => cnpjMatches(account, c.fields.cnpj_cliente ?? '', query.get('cnpj_cliente')))
    .filter((c) => containsIgnoringCase(c.fields.razao_cliente ?? '', query.get('razao_cliente')))
    .filter((c) => containsIgnoringCase(c.fields.fantasia_cliente ?? '', query.get('fantasia_cliente')))
    .filter((c) => onOrAfter(c.data_mod_cliente, query, 'data_modificacao'))
    .filter((c) => onOrAfter(c.data_cad_cliente, query, 'data_cadastro'))
    .map((c) => renderCliente(account, c));
  return listPage(rows, query, NOT_FOUND);
}

export function getCliente({ account, params }: ApiContext): ApiReply {
  const cliente = account.clientes.get(pathId(params.id_cliente) ?? -1);
  return cliente ? success(renderCliente(account, cliente)) : refused(NOT_FOUND);
}

/** Checks and collects the accepted fields; `creating` makes razao_cliente required. */
function readClienteFields(body: Record<string, unknown>, creating: boolean): { fields: Record<string, string>; errors: string[] } {
  const checks = new FieldChecks(body);
  const fields: Record<string, string> = {};
  for (const name of CLIENTE_FIELDS) {
    const value = checks.text(name, { required: creating && name === 'razao_cliente', max: CLIENTE_FIELD_LIMITS[name] ?? undefined });
    if (value !== undefined) fields[name] = value;
  }
  if (!creating && body.razao_cliente !== undefined && !checks.has('razao_cliente')) {
    checks.messages.push('O campo (razao_cliente) é obrigatório');
  }
  checks.oneOf('tipo_pessoa', ['PF', 'PJ'] as const);
  checks.oneOf('tipo_cadastro', ['Cliente', 'Fornecedor', 'Ambos'] as const);
  checks.oneOf('situacao_cliente', ['Ativo', 'Inativo'] as const);
  checks.date('data_nasc_cliente');
  // A CPF or CNPJ (numeric or alphanumeric, any case and mask) with valid check digits. Whether the
  // real API checks it is not documented; the simulator does, so that a wrong document surfaces in tests.
  if (fields.cnpj_cliente !== undefined && !parseDocument(fields.cnpj_cliente).ok) {
    checks.messages.push('O valor do campo (cnpj_cliente) não é um CPF/CNPJ válido');
  }
  return { fields, errors: checks.messages };
}

export function createCliente({ account, state, body, nowText }: ApiContext): ApiReply {
  if (!isPlainObject(body)) return refused('Erro ao cadastrar o cliente!');
  const { fields, errors } = readClienteFields(body, true);
  if (errors.length > 0) return invalid(errors);
  if (account.quirks.rejectDuplicateCnpj && fields.cnpj_cliente) {
    const taken = [...account.clientes.values()].some((c) => c.lixeira === 'Nao' && normalizeDocument(c.fields.cnpj_cliente ?? '') === normalizeDocument(fields.cnpj_cliente));
    if (taken) return invalid(['O valor do campo (cnpj_cliente) já está cadastrado']);
  }
  const cliente: ClienteRecord = {
    id_cliente: state.ids.take('id_cliente'),
    fields,
    data_cad_cliente: nowText,
    data_mod_cliente: nowText,
    lixeira: 'Nao',
  };
  account.clientes.set(cliente.id_cliente, cliente);
  return success(renderCliente(account, cliente));
}

/** PUT /clientes/{id}: partial update. */
export function updateCliente({ account, params, body, nowText }: ApiContext): ApiReply {
  const cliente = account.clientes.get(pathId(params.id_cliente) ?? -1);
  if (!cliente) return refused(NOT_FOUND);
  if (!isPlainObject(body)) return refused('Erro ao atualizar o cliente!');
  const { fields, errors } = readClienteFields(body, false);
  if (errors.length > 0) return invalid(errors);
  Object.assign(cliente.fields, fields);
  cliente.data_mod_cliente = nowText;
  return success(renderCliente(account, cliente));
}

export function deleteCliente({ account, params, nowText }: ApiContext): ApiReply {
  const cliente = account.clientes.get(pathId(params.id_cliente) ?? -1);
  if (!cliente) return refused(NOT_FOUND);
  cliente.lixeira = 'Sim';
  cliente.data_mod_cliente = nowText;
  return success({ id_cliente: cliente.id_cliente });
}
