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

export type ProductLookup = { found: true; description: string; trashed: boolean } | { found: false };

/**
 * What config-service asks Vhsys while saving. Implementations throw ServiceError
 * `vhsys_credentials_rejected` when Vhsys refuses the tokens and `vhsys_unavailable` when Vhsys
 * cannot answer (timeouts, 5xx, transient errors); they never put a token in an error or a log.
 */
export interface VhsysGateway {
  /** A cheap authenticated call that succeeds only with a valid token pair. */
  verifyCredentials(tokens: VhsysTokens): Promise<void>;
  getProduto(tokens: VhsysTokens, idProduto: number): Promise<ProductLookup>;
  /** The account's situações de pedido (tipo_pedido 1), without the trashed ones. */
  listSituacoes(tokens: VhsysTokens): Promise<VhsysSituacao[]>;
  /** Releases pooled connections (on shutdown). */
  close?(): Promise<void>;
}
