/**
 * Behaviours where the sources disagree or say nothing (see docs/vhsys.md, "open questions").
 * Defaults are the choice documented there; tests flip them to prove the client copes either way.
 */
export interface AccountQuirks {
  /**
   * `cnpj_cliente` filter compares the unformatted documents ('unformatted': punctuation ignored,
   * letters case-insensitive) or the stored text exactly ('exact').
   */
  cnpjFilter: 'unformatted' | 'exact';
  /** Lists called without `lixeira` include soft-deleted rows. */
  listsIncludeLixeira: boolean;
  /** POST /clientes refuses a CNPJ/CPF that already exists. */
  rejectDuplicateCnpj: boolean;
  /** `order=data_mod_pedido&sort=Asc` answers an HTML error page (what rigel saw). */
  htmlErrorOnOrderByDataMod: boolean;
  /** Requests without User-Agent are refused (403). */
  requireUserAgent: boolean;
  /** Pedido lists/gets show `id_pedido: 0` (rigel's account) instead of the sequential number. */
  idPedidoZero: boolean;
}

export const DEFAULT_QUIRKS: AccountQuirks = {
  cnpjFilter: 'unformatted',
  listsIncludeLixeira: true,
  rejectDuplicateCnpj: false,
  htmlErrorOnOrderByDataMod: false,
  requireUserAgent: false,
  idPedidoZero: false,
};

export function normaliseQuirks(input: Partial<AccountQuirks> = {}): AccountQuirks {
  for (const key of Object.keys(input)) {
    if (!(key in DEFAULT_QUIRKS)) throw new Error(`unknown quirk "${key}"`);
  }
  return { ...DEFAULT_QUIRKS, ...input };
}
