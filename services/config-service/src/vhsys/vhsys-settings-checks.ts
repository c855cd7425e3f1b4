import type { VhsysOrderStatus } from '@gv/contracts';

export interface VhsysTokens {
  accessToken: string;
  secretAccessToken: string;
}

export interface VhsysSituacao {
  id: number;
  name: string;
  /** The base status it belongs to. */
  status: VhsysOrderStatus;
}

/** One product of the account, as the Faturamento tab's picker lists it. */
export interface VhsysProductChoice {
  id: number;
  description: string;
  code: string;
  unit: string;
  /** From Vhsys's tipo_produto: 'produto', 'servico', or null when Vhsys says neither. */
  kind: 'produto' | 'servico' | null;
}

export interface VhsysProductPage {
  products: VhsysProductChoice[];
  /** All products matching the search (Vhsys's paging.total). */
  total: number;
}

export type ProductLookup = { found: true; description: string; trashed: boolean } | { found: false };

/**
 * The checks config-service makes against Vhsys while saving settings (the tokens work, the
 * product exists) and the situações the admin picks from; it never writes to Vhsys (that is the
 * dispatcher's VhsysGateway). Implementations throw ServiceError
 * `vhsys_credentials_rejected` when Vhsys refuses the tokens and `vhsys_unavailable` when Vhsys
 * cannot answer (timeouts, 5xx, transient errors); they never put a token in an error or a log.
 */
export interface VhsysSettingsChecks {
  /** A cheap authenticated call that succeeds only with a valid token pair. */
  verifyCredentials(tokens: VhsysTokens): Promise<void>;
  getProduto(tokens: VhsysTokens, idProduto: number): Promise<ProductLookup>;
  /** One page of the account's products not in the lixeira, optionally those whose description contains `search`. */
  listProdutos(tokens: VhsysTokens, query: { search: string | null; offset: number; limit: number }): Promise<VhsysProductPage>;
  /** The account's situações de pedido (tipo_pedido 1), without the trashed ones. */
  listSituacoes(tokens: VhsysTokens): Promise<VhsysSituacao[]>;
  /** Releases pooled connections (on shutdown). */
  close?(): Promise<void>;
}
