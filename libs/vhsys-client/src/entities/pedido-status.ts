import type { VhsysOrderStatus } from '@gv/contracts';
import { readDate, readId, readText } from '../wire-values';

type Row = Record<string, unknown>;

/** POST /pedidos/{id_ped}/status. */
export interface StatusInput {
  /** YYYY-MM-DD. */
  dataStatus: string;
  tipoStatus: VhsysOrderStatus;
  /** At most 255 characters. */
  obsStatus?: string;
  /** Custom situação id (undocumented but honoured; `id_situacao` is ignored by Vhsys). */
  situacao?: number | null;
}

export interface VhsysStatusEntry {
  /** Null in the POST answer, which has no id_status. */
  idStatus: number | null;
  /** The id_ped (Vhsys names it id_pedido). */
  idPed: number | null;
  dataStatus: string | null;
  tipoStatus: string;
  obsStatus: string;
  situacao: number | null;
  idUsuario: number | null;
  nomeUsuario: string;
  raw: Row;
}

export function statusToWire(status: StatusInput): Row {
  const wire: Row = { data_status: status.dataStatus, tipo_status: status.tipoStatus, obs_status: status.obsStatus ?? '' };
  if (status.situacao) wire.situacao = status.situacao;
  return wire;
}

export function statusFromWire(row: Row): VhsysStatusEntry {
  return {
    idStatus: readId(row, 'id_status'),
    idPed: readId(row, 'id_pedido'),
    dataStatus: readDate(row, 'data_status'),
    tipoStatus: readText(row, 'tipo_status'),
    obsStatus: readText(row, 'obs_status'),
    situacao: readId(row, 'situacao'),
    idUsuario: readId(row, 'id_usuario'),
    nomeUsuario: readText(row, 'nome_usuario'),
    raw: row,
  };
}
