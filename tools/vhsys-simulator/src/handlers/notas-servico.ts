import type { ApiContext, ApiReply } from '../api/api-context';
import { FieldChecks, isPlainObject } from '../api/field-checks';
import { containsIgnoringCase, lixeiraMatches, listPage, onOrAfter, pathId } from '../api/list-page';
import { invalid, refused, success } from '../api/replies';
import type { NotaServicoRecord } from '../state/records';
import { renderNotaServico } from '../state/render';

const NOT_FOUND = 'Nenhuma nota de serviço encontrada!';
export const NOTA_SERVICO_ALREADY_EMITTED = 'Nota de serviço já emitida!';

function findNota({ account, params }: ApiContext): NotaServicoRecord | undefined {
  return account.notasServico.get(pathId(params.id_servico) ?? -1);
}

export function listNotasServico({ account, query }: ApiContext): ApiReply {
  const rows = [...account.notasServico.values()]
    .filter((n) => lixeiraMatches(n.lixeira, query, account.quirks))
    .filter((n) => containsIgnoringCase(n.nome_cliente, query.get('nome_cliente')))
    .filter((n) => onOrAfter(n.data_mod_pedido, query, 'data_modificacao'))
    .map((n) => renderNotaServico(account, n));
  return listPage(rows, query, NOT_FOUND);
}

export function getNotaServico(ctx: ApiContext): ApiReply {
  const nota = findNota(ctx);
  return nota ? success(renderNotaServico(ctx.account, nota)) : refused(NOT_FOUND);
}

/**
 * POST /notas-servico. Required, following rigel's summary and Fonotrade's working client:
 * nome_cliente, desc_servicos, valor_total_servicos, natureza_pedido (1–5), ambiente.
 */
export function createNotaServico({ account, state, body, nowText }: ApiContext): ApiReply {
  if (!isPlainObject(body)) return refused('Erro ao cadastrar a nota de serviço!');
  const checks = new FieldChecks(body);
  const nome = checks.text('nome_cliente', { required: true, max: 255 });
  const desc = checks.text('desc_servicos', { required: true, max: 255 });
  const valorServicos = checks.decimal('valor_total_servicos', { required: true, maxPlaces: 2 });
  const natureza = checks.oneOf('natureza_pedido', [1, 2, 3, 4, 5] as const, { required: true });
  const ambiente = checks.oneOf('ambiente', [1, 2] as const, { required: true });
  const serie = checks.oneOf('serie_nota', [1, 2, 3, 4, 5, 6, 7, 8, 9] as const) ?? 1;
  const baseCalculo = checks.decimal('valor_base_calculo', { maxPlaces: 2 });
  const aliquota = checks.decimal('valor_aliquota', { maxPlaces: 4 }) ?? 0n;
  const imposto = checks.decimal('valor_imposto', { maxPlaces: 2 }) ?? 0n;
  const totalNota = checks.decimal('valor_total_nota', { maxPlaces: 2 });
  const reterIss = checks.flag('reter_iss') ?? 0;
  const regime = checks.oneOf('regime_pedido', [1, 2] as const) ?? 1;
  const local = checks.oneOf('local_prestacao', [0, 1, 2, 9] as const) ?? 0;
  const codigo = checks.text('itemLista_servico', { max: 20 }) ?? checks.text('atividade', { max: 20 }) ?? '';
  const idCliente = checks.integer('id_cliente') ?? 0;
  const vendedorId = checks.integer('vendedor_pedido_id') ?? 0;
  const vendedor = checks.text('vendedor_pedido', { max: 255 }) ?? '';
  const obs = checks.text('obs_pedido') ?? '';
  const obsInterno = checks.text('obs_interno_pedido') ?? '';
  const idPedidoRef = checks.integer('id_pedido_ref') ?? 0;
  const status = checks.text('status_pedido') ?? 'Em Aberto';
  if (!checks.ok || nome === undefined || desc === undefined || valorServicos === undefined || natureza === undefined || ambiente === undefined) {
    return invalid(checks.messages);
  }
  const nota: NotaServicoRecord = {
    id_servico: state.ids.take('id_servico'),
    id_pedido: account.takeNumero('nfse'),
    id_cliente: idCliente,
    nome_cliente: nome,
    vendedor_pedido: vendedor,
    vendedor_pedido_id: vendedorId,
    serie_nota: serie,
    natureza_pedido: natureza,
    desc_servicos: desc,
    valor_total_servicos: valorServicos,
    valor_base_calculo: baseCalculo ?? valorServicos,
    valor_aliquota: aliquota,
    valor_imposto: imposto,
    valor_total_nota: totalNota ?? valorServicos,
    reter_iss: reterIss,
    regime_pedido: regime,
    local_prestacao: local,
    codigo_servico: codigo,
    ambiente,
    obs_pedido: obs,
    obs_interno_pedido: obsInterno,
    status_pedido: status,
    id_pedido_ref: idPedidoRef,
    nota_emitida: 0,
    numero_nfse: '',
    data_emissao: '',
    data_cad_pedido: nowText,
    data_mod_pedido: nowText,
    lixeira: 'Nao',
  };
  account.notasServico.set(nota.id_servico, nota);
  return success(renderNotaServico(account, nota));
}

/**
 * DELETE /notas-servico/{id_servico}: soft delete into the lixeira, like DELETE /pedidos (the
 * reference lists DELETE on /notas-servico; whether Vhsys refuses an emitted nota is unknown, so
 * the simulator does not, and a test can delete an issued NFS-e "by hand").
 */
export function deleteNotaServico(ctx: ApiContext): ApiReply {
  const nota = findNota(ctx);
  if (!nota) return refused(NOT_FOUND);
  nota.lixeira = 'Sim';
  nota.data_mod_pedido = ctx.nowText;
  return success({ id_servico: nota.id_servico });
}

/**
 * Undoes an emission as if the city hall had rejected it after `emitir` answered (whether Vhsys
 * emits synchronously is an open question, reference §9 q2): the nota reads as not emitted again,
 * without its number. The admin route behind SimulatorAdmin.rejectNotaServicoEmission.
 */
export function rejectNotaServicoEmission(nota: NotaServicoRecord, nowText: string): void {
  nota.nota_emitida = 0;
  nota.numero_nfse = '';
  nota.data_emissao = '';
  nota.data_mod_pedido = nowText;
}

/** POST /notas-servico/{id_servico}/emitir (no body) → `data.NumeroNFS`. */
export function emitirNotaServico(ctx: ApiContext): ApiReply {
  const nota = findNota(ctx);
  if (!nota) return refused(NOT_FOUND);
  if (nota.nota_emitida === 1) return refused(NOTA_SERVICO_ALREADY_EMITTED);
  nota.numero_nfse = String(ctx.account.takeNumero('numeroNfs'));
  nota.nota_emitida = 1;
  nota.data_emissao = ctx.nowText;
  nota.data_mod_pedido = ctx.nowText;
  return success({ NumeroNFS: nota.numero_nfse });
}
