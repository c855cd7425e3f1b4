/**
 * The read-only view of Vhsys an audit needs (nothing here writes). Implemented over
 * `@gv/vhsys-client` by VhsysClientPort, so every HTTP request takes the account's shared rate
 * limit token like a dispatch's (the gateway's beforeRequest).
 */
export interface AuditPedido {
  idPed: number;
  status: string;
  situacao: number | null;
  /** Products − discount + freight, in centavos (recomputed from the row, not the stale valor_total_nota). */
  totalCents: number;
  inLixeira: boolean;
  referencia: string;
  /** data_pedido (YYYY-MM-DD), when Vhsys gave one. */
  dataPedido: string | null;
}

export interface AuditItem {
  idProduto: number;
  quantity: number;
  totalCents: number | null;
}

export interface AuditNotaFiscal {
  idVenda: number;
  idPedidoRef: number | null;
  emitted: boolean;
  inLixeira: boolean;
  obs: string;
}

/** An NFS-e as the audit reads it (GET /notas-servico[/{id_servico}]). */
export interface AuditNotaServico {
  idServico: number;
  /** id_pedido_ref: the dispatcher sends the sale's id_ped (an undocumented field on NFS-e, so it may be 0/absent). */
  idPedidoRef: number | null;
  emitted: boolean;
  inLixeira: boolean;
  /** obs_pedido: the dispatcher writes the sale's marker there (`Guru: <marker>`). */
  obs: string;
}

export interface AuditPage<T> {
  rows: T[];
  /** Offset of the next page, or null when this was the last. */
  nextOffset: number | null;
}

export interface VhsysAuditPort {
  /** null when Vhsys does not know the id (hard delete, wrong account). */
  auditPedido(idPed: number): Promise<AuditPedido | null>;
  auditPedidoItems(idPed: number): Promise<AuditItem[]>;
  /** null when unknown to Vhsys. */
  auditNotaFiscal(idVenda: number): Promise<AuditNotaFiscal | null>;
  /** Live (not in the lixeira) pedidos modified since `since`, by id_ped, one page from `offset`. */
  listPedidosSince(since: Date, offset: number): Promise<AuditPage<AuditPedido>>;
  /** Live NF-e modified since `since`, by id_venda, one page from `offset`. */
  listNotasFiscaisSince(since: Date, offset: number): Promise<AuditPage<AuditNotaFiscal>>;
  /** null when unknown to Vhsys. */
  auditNotaServico(idServico: number): Promise<AuditNotaServico | null>;
  /** Live NFS-e modified since `since`, by id_servico, one page from `offset`. */
  listNotasServicoSince(since: Date, offset: number): Promise<AuditPage<AuditNotaServico>>;
}
