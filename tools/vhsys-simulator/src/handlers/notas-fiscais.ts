import type { ApiContext, ApiReply } from '../api/api-context';
import { FieldChecks, isPlainObject } from '../api/field-checks';
import { containsIgnoringCase, lixeiraMatches, listPage, onOrAfter, pathId } from '../api/list-page';
import { invalid, refused, success } from '../api/replies';
import type { NotaFiscalRecord } from '../state/records';
import { renderNotaFiscal, renderNotaFiscalItem } from '../state/render';
import { buildNfeKey } from '../wire/nfe-key';
import { readLineItems } from './line-items';

const NOT_FOUND = 'Nenhuma nota fiscal encontrada!';
export const NOTA_FISCAL_ALREADY_EMITTED = 'Nota fiscal já emitida!';

function findNota({ account, params }: ApiContext): NotaFiscalRecord | undefined {
  return account.notasFiscais.get(pathId(params.id_venda) ?? -1);
}

/** GET /notas-fiscais: nome_cliente, status, lixeira, data_modificacao (others are ignored, like nota_chave). */
export function listNotasFiscais({ account, query }: ApiContext): ApiReply {
  const status = query.get('status');
  const rows = [...account.notasFiscais.values()]
    .filter((n) => lixeiraMatches(n.lixeira, query, account.quirks))
    .filter((n) => containsIgnoringCase(n.nome_cliente, query.get('nome_cliente')))
    .filter((n) => !status || n.status_pedido === status)
    .filter((n) => onOrAfter(n.data_mod_pedido, query, 'data_modificacao'))
    .map((n) => renderNotaFiscal(account, n));
  return listPage(rows, query, NOT_FOUND);
}

export function getNotaFiscal(ctx: ApiContext): ApiReply {
  const nota = findNota(ctx);
  return nota ? success(renderNotaFiscal(ctx.account, nota)) : refused(NOT_FOUND);
}

/** POST /notas-fiscais creates a draft (`nota_emitida` 0); `data.id_venda` is its key. */
export function createNotaFiscal({ account, state, body, nowText }: ApiContext): ApiReply {
  if (!isPlainObject(body)) return refused('Erro ao cadastrar a nota fiscal!');
  const checks = new FieldChecks(body);
  const nome = checks.text('nome_cliente', { required: true, max: 255 });
  const idCliente = checks.integer('id_cliente') ?? 0;
  const serie = checks.integer('serie_nota') ?? 1;
  const natureza = checks.text('natureza_pedido', { max: 120 }) ?? 'Venda de mercadoria';
  const cfop = checks.text('cfop_pedido', { max: 4 }) ?? '5102';
  if (!/^\d{4}$/.test(cfop)) checks.messages.push('O formato do campo (cfop_pedido) não é válido');
  const finalidade = checks.oneOf('finalidade_nfe', [1, 2, 3, 4] as const) ?? 1;
  const frete = checks.oneOf('frete_por_pedido', [0, 1, 2, 3, 4, 9] as const) ?? 9;
  const ambiente = checks.oneOf('ambiente', [1, 2] as const, { required: true });
  const dataPedido = checks.date('data_pedido') ?? nowText.slice(0, 10);
  const obs = checks.text('obs_pedido') ?? '';
  const obsInterno = checks.text('obs_interno_pedido') ?? '';
  const idPedidoRef = checks.integer('id_pedido_ref') ?? 0;
  const desconto = checks.decimal('desconto_pedido', { maxPlaces: 2 }) ?? 0n;
  const fretePedido = checks.decimal('frete_pedido', { maxPlaces: 2 }) ?? 0n;
  const status = checks.text('status_pedido') ?? 'Em Aberto';
  if (!checks.ok || nome === undefined || ambiente === undefined) return invalid(checks.messages);
  const nota: NotaFiscalRecord = {
    id_venda: state.ids.take('id_venda'),
    id_pedido: account.takeNumero('nfe'),
    id_cliente: idCliente,
    nome_cliente: nome,
    serie_nota: serie,
    natureza_pedido: natureza,
    cfop_pedido: cfop,
    finalidade_nfe: finalidade,
    frete_por_pedido: frete,
    ambiente,
    data_pedido: dataPedido,
    obs_pedido: obs,
    obs_interno_pedido: obsInterno,
    status_pedido: status,
    id_pedido_ref: idPedidoRef,
    desconto_pedido: desconto,
    frete_pedido: fretePedido,
    items: [],
    nota_emitida: 0,
    nota_chave: '',
    nota_protocolo: '',
    nota_recibo: '',
    nota_data_autorizacao: '',
    data_emissao: '',
    data_cad_pedido: nowText,
    data_mod_pedido: nowText,
    lixeira: 'Nao',
  };
  account.notasFiscais.set(nota.id_venda, nota);
  return success(renderNotaFiscal(account, nota));
}

/** POST /notas-fiscais/{id_venda}/produtos: JSON array, like pedido items; refused once emitted. */
export function addNotaFiscalProdutos(ctx: ApiContext): ApiReply {
  const nota = findNota(ctx);
  if (!nota) return refused(NOT_FOUND);
  if (nota.nota_emitida === 1) return refused(NOTA_FISCAL_ALREADY_EMITTED);
  if (!Array.isArray(ctx.body)) return refused('Erro ao cadastrar o produto para a nota fiscal!');
  const { items, errors } = readLineItems(ctx.account, ctx.state, ctx.body, 'id_venda_produto');
  if (errors.length > 0) return invalid(errors);
  nota.items.push(...items);
  nota.data_mod_pedido = ctx.nowText;
  return success(items.map((item) => ({ ...item.posted, ...renderNotaFiscalItem(nota, item) })));
}

/**
 * POST /notas-fiscais/{id_venda}/emitir: synchronous authorisation in the simulator. Sets
 * `nota_emitida`, a well-formed 44-digit key, protocol and authorisation time; answers `data.Danfe`.
 */
export function emitirNotaFiscal(ctx: ApiContext): ApiReply {
  const nota = findNota(ctx);
  if (!nota) return refused(NOT_FOUND);
  if (nota.nota_emitida === 1) return refused(NOTA_FISCAL_ALREADY_EMITTED);
  if (nota.items.length === 0) return refused('Não é possível emitir a nota fiscal sem produtos.');
  const { account, now, nowText } = ctx;
  nota.nota_chave = buildNfeKey({
    ufCode: account.ufCode,
    issuedAt: now,
    cnpjEmitente: account.cnpjEmpresa,
    serie: nota.serie_nota,
    numero: nota.id_pedido,
    codigoNumerico: nota.id_venda % 100_000_000,
  });
  // Protocol: 1 digit environment + 2 digits UF + 2 digits year + 10 digits sequence (15 digits).
  nota.nota_protocolo = `${nota.ambiente}${String(account.ufCode).padStart(2, '0')}${nowText.slice(2, 4)}${String(nota.id_venda).padStart(10, '0')}`;
  nota.nota_recibo = `${String(account.ufCode).padStart(2, '0')}${String(nota.id_venda).padStart(13, '0')}`;
  nota.nota_data_autorizacao = nowText;
  nota.data_emissao = nowText;
  nota.nota_emitida = 1;
  nota.data_mod_pedido = nowText;
  return success({ Danfe: `https://app.vhsys.com.br/danfe/${nota.nota_chave}.pdf?ambiente=${nota.ambiente}` });
}
