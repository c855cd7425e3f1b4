import type { FaultConfigInput } from '../faults/fault-config';
import type { AccountQuirks } from './account-quirks';

/** Body of `POST /__admin/accounts` and items of `startVhsysSimulator({ accounts })`. */
export interface AccountSeed {
  accessToken: string;
  secretAccessToken: string;
  /** Company id shown in records; a fresh one when absent. */
  idEmpresa?: number;
  /** Issuer CNPJ (digits) used in NF-e keys. */
  cnpjEmpresa?: string;
  /** IBGE state code used in NF-e keys (41 = PR). */
  ufCode?: number;
  produtos?: ProdutoSeed[];
  /** Custom situações; a small default set when absent. */
  situacoes?: SituacaoSeed[];
  /** Existing clientes, as Vhsys wire fields (razao_cliente, cnpj_cliente, …). */
  clientes?: Array<Record<string, string | number>>;
  faults?: FaultConfigInput;
  quirks?: Partial<AccountQuirks>;
}

export interface ProdutoSeed {
  idProduto?: number;
  codProduto: string;
  descProduto: string;
  /** Dot-decimal reais, e.g. "19.90". */
  valorProduto: string;
  unidadeProduto?: string;
  /** "Produto" or "Servico". */
  tipoProduto?: string;
  ncmProduto?: string;
  estoqueProduto?: string;
  lixeira?: boolean;
}

export interface SituacaoSeed {
  idSituacao?: number;
  /** 1 pedido (default), 2 orçamento, 3 ordem de serviço. */
  tipoPedido?: 1 | 2 | 3;
  tipoStatus: 'Em Aberto' | 'Em Andamento' | 'Atendido' | 'Cancelado';
  nomeSituacao: string;
  ordem?: number;
}

export const DEFAULT_SITUACOES: SituacaoSeed[] = [
  { tipoPedido: 1, tipoStatus: 'Em Aberto', nomeSituacao: 'Aguardando pagamento', ordem: 1 },
  { tipoPedido: 1, tipoStatus: 'Em Andamento', nomeSituacao: 'Em separação', ordem: 2 },
  { tipoPedido: 1, tipoStatus: 'Atendido', nomeSituacao: 'Entregue', ordem: 3 },
  { tipoPedido: 1, tipoStatus: 'Cancelado', nomeSituacao: 'Estornado', ordem: 4 },
  { tipoPedido: 2, tipoStatus: 'Em Aberto', nomeSituacao: 'Orçamento enviado', ordem: 1 },
];
