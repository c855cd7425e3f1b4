/**
 * Primary keys are global across accounts (one Vhsys database), so an id from one account never
 * resolves in another. Starting values look like the ones in real captures.
 */
const STARTS = {
  id_empresa: 850486,
  id_cliente: 1000021056,
  id_produto: 65971505,
  id_ped: 15579150,
  id_ped_produto: 217211087,
  id_parcela: 48213370,
  id_status: 9137420,
  id_venda: 3312870,
  id_venda_produto: 7741200,
  id_servico: 881230,
  id_situacao: 857,
} as const;

export type IdKind = keyof typeof STARTS;

export class IdSequences {
  private readonly next: Record<IdKind, number> = { ...STARTS };

  take(kind: IdKind): number {
    const id = this.next[kind];
    this.next[kind] = id + 1;
    return id;
  }

  /** Seeds may bring their own ids; keep later ids above them. */
  reserve(kind: IdKind, id: number): void {
    if (id >= this.next[kind]) this.next[kind] = id + 1;
  }
}
