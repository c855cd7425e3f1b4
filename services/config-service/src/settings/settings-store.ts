import { DataSource, EntityManager } from 'typeorm';
import { GURU_MAPPED_PAYMENT_METHODS, GURU_STATUS_GROUPS, ProductBilling } from '@gv/contracts';
import { FieldChange, IntegrationState, StoredCredentials, StoredGuruToken } from './settings-state';

interface IntegrationRow {
  account_id: string;
  version: number;
  deleted_at: Date | null;
  active: boolean;
  criar_venda_com_juros: boolean;
  enviar_parcelas: boolean;
  access_token_sealed: string | null;
  secret_access_token_sealed: string | null;
  credentials_key_id: string | null;
  access_token_last4: string | null;
  secret_access_token_last4: string | null;
  credentials_set_at: Date | null;
  credentials_version: number;
  guru_token_sealed: string | null;
  guru_token_key_id: string | null;
  guru_token_last4: string | null;
  guru_token_set_at: Date | null;
  payment_methods: IntegrationState['paymentMethods'];
  status_map: IntegrationState['statusMap'];
  invoice_policy: IntegrationState['invoicePolicy'];
  created_at: Date;
  updated_at: Date;
}

/** What the table holds for an account: nothing, a deleted integration (its counters), or one. */
export type Loaded =
  | { kind: 'absent' }
  | { kind: 'deleted'; version: number; credentialsVersion: number }
  | { kind: 'present'; state: IntegrationState };

export interface AuditRecord {
  id: string;
  at: Date;
  actor: string;
  via: string;
  action: string;
  version: number;
  changes: FieldChange[];
  traceId: string | null;
}

/** SQL of the config tables (explicitly schema-qualified; parameters only, never values in SQL text). */
export class SettingsStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  private t(table: string): string {
    return `"${this.schema}"."${table}"`;
  }

  async load(manager: EntityManager | null, accountId: string, forUpdate = false): Promise<Loaded> {
    const m = manager ?? this.dataSource.manager;
    const rows = (await m.query(`SELECT * FROM ${this.t('integration')} WHERE account_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [accountId])) as IntegrationRow[];
    const row = rows[0];
    if (!row) return { kind: 'absent' };
    if (row.deleted_at) return { kind: 'deleted', version: row.version, credentialsVersion: row.credentials_version };
    const productRows = (await m.query(
      `SELECT settings FROM ${this.t('product_billing')} WHERE account_id = $1 ORDER BY guru_product_code`,
      [accountId],
    )) as { settings: ProductBilling }[];
    return { kind: 'present', state: fromRow(row, productRows.map((r) => r.settings)) };
  }

  /**
   * Writes the integration row: a plain INSERT when no row existed (a concurrent creation then
   * fails on the primary key instead of overwriting), an UPDATE of the locked row otherwise.
   * Product rows are brought in line with `state.products`.
   */
  async save(manager: EntityManager, state: IntegrationState, previousProducts: ProductBilling[], rowExists: boolean): Promise<void> {
    const c = state.credentials;
    const g = state.guruToken;
    const values = [
      state.accountId, state.version, state.active, state.criarVendaComJuros, state.enviarParcelas,
      c?.accessTokenSealed ?? null, c?.secretAccessTokenSealed ?? null, c?.keyId ?? null,
      c?.accessTokenLast4 ?? null, c?.secretAccessTokenLast4 ?? null, c?.setAt ?? null,
      state.credentialsVersion, JSON.stringify(state.paymentMethods), JSON.stringify(state.statusMap),
      JSON.stringify(state.invoicePolicy), state.createdAt, state.updatedAt,
      g?.sealed ?? null, g?.keyId ?? null, g?.last4 ?? null, g?.setAt ?? null,
    ];
    if (!rowExists) {
      await manager.query(
        `INSERT INTO ${this.t('integration')} (
           account_id, version, deleted_at, active, criar_venda_com_juros, enviar_parcelas,
           access_token_sealed, secret_access_token_sealed, credentials_key_id, access_token_last4, secret_access_token_last4,
           credentials_set_at, credentials_version, payment_methods, status_map, invoice_policy, created_at, updated_at,
           guru_token_sealed, guru_token_key_id, guru_token_last4, guru_token_set_at)
         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
        values,
      );
    } else {
      await manager.query(
        `UPDATE ${this.t('integration')} SET
           version = $2, deleted_at = NULL, active = $3, criar_venda_com_juros = $4, enviar_parcelas = $5,
           access_token_sealed = $6, secret_access_token_sealed = $7, credentials_key_id = $8, access_token_last4 = $9,
           secret_access_token_last4 = $10, credentials_set_at = $11, credentials_version = $12, payment_methods = $13,
           status_map = $14, invoice_policy = $15, created_at = $16, updated_at = $17,
           guru_token_sealed = $18, guru_token_key_id = $19, guru_token_last4 = $20, guru_token_set_at = $21
         WHERE account_id = $1`,
        values,
      );
    }
    const now = new Set(state.products.map((p) => p.guruProductCode));
    const before = new Map(previousProducts.map((p) => [p.guruProductCode, JSON.stringify(p)]));
    for (const code of before.keys()) {
      if (!now.has(code)) {
        await manager.query(`DELETE FROM ${this.t('product_billing')} WHERE account_id = $1 AND guru_product_code = $2`, [state.accountId, code]);
      }
    }
    for (const product of state.products) {
      if (before.get(product.guruProductCode) === JSON.stringify(product)) continue;
      await manager.query(
        `INSERT INTO ${this.t('product_billing')} (account_id, guru_product_code, settings, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id, guru_product_code) DO UPDATE SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at`,
        [state.accountId, product.guruProductCode, JSON.stringify(product), state.updatedAt],
      );
    }
  }

  /**
   * Every account with a row (integration present or deleted), locked FOR UPDATE in account order
   * (so two callers locking many rows never deadlock), for a republish of all accounts.
   */
  async lockAllAccounts(manager: EntityManager): Promise<string[]> {
    const rows = (await manager.query(`SELECT account_id FROM ${this.t('integration')} ORDER BY account_id FOR UPDATE`)) as { account_id: string }[];
    return rows.map((r) => r.account_id);
  }

  /** Deletion keeps only the counters (so versions keep increasing if the account comes back). */
  async markDeleted(manager: EntityManager, accountId: string, version: number, credentialsVersion: number, at: Date): Promise<void> {
    await manager.query(`DELETE FROM ${this.t('product_billing')} WHERE account_id = $1`, [accountId]);
    await manager.query(
      `UPDATE ${this.t('integration')} SET
         version = $2, credentials_version = $3, deleted_at = $4, updated_at = $4, active = false,
         criar_venda_com_juros = false, enviar_parcelas = false,
         access_token_sealed = NULL, secret_access_token_sealed = NULL, credentials_key_id = NULL,
         access_token_last4 = NULL, secret_access_token_last4 = NULL, credentials_set_at = NULL,
         guru_token_sealed = NULL, guru_token_key_id = NULL, guru_token_last4 = NULL, guru_token_set_at = NULL
       WHERE account_id = $1`,
      [accountId, version, credentialsVersion, at],
    );
  }

  async insertAudit(manager: EntityManager, entry: Omit<AuditRecord, 'id' | 'at'> & { accountId: string; at: Date }): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t('audit_log')} (account_id, at, actor, via, action, version, changes, trace_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [entry.accountId, entry.at, entry.actor, entry.via, entry.action, entry.version, JSON.stringify(entry.changes), entry.traceId],
    );
  }

  async listAudit(accountId: string, limit: number, beforeId: string | null): Promise<AuditRecord[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, at, actor, via, action, version, changes, trace_id FROM ${this.t('audit_log')}
       WHERE account_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3`,
      [accountId, beforeId, limit],
    )) as { id: string; at: Date; actor: string; via: string; action: string; version: number; changes: FieldChange[]; trace_id: string | null }[];
    return rows.map((r) => ({ id: String(r.id), at: r.at, actor: r.actor, via: r.via, action: r.action, version: r.version, changes: r.changes, traceId: r.trace_id }));
  }

  /** Accounts with a token (Vhsys pair or Guru token) sealed with a key other than `activeKeyId` (key rotation progress). */
  async countSealedWithOtherKeys(activeKeyId: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ${this.t('integration')} WHERE ${SEALED_WITH_OTHER_KEY}`,
      [activeKeyId],
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  }
}

/** SQL condition: the row holds a token sealed with a key other than $1 (the active key id). */
export const SEALED_WITH_OTHER_KEY =
  '((credentials_key_id IS NOT NULL AND credentials_key_id <> $1) OR (guru_token_key_id IS NOT NULL AND guru_token_key_id <> $1))';

function fromRow(row: IntegrationRow, products: ProductBilling[]): IntegrationState {
  const credentials: StoredCredentials | null =
    row.access_token_sealed && row.secret_access_token_sealed
      ? {
          accessTokenSealed: row.access_token_sealed,
          secretAccessTokenSealed: row.secret_access_token_sealed,
          keyId: row.credentials_key_id ?? '',
          accessTokenLast4: row.access_token_last4 ?? '',
          secretAccessTokenLast4: row.secret_access_token_last4 ?? '',
          setAt: new Date(row.credentials_set_at ?? row.updated_at),
        }
      : null;
  const guruToken: StoredGuruToken | null = row.guru_token_sealed
    ? {
        sealed: row.guru_token_sealed,
        keyId: row.guru_token_key_id ?? '',
        last4: row.guru_token_last4 ?? '',
        setAt: new Date(row.guru_token_set_at ?? row.updated_at),
      }
    : null;
  return {
    accountId: row.account_id,
    version: row.version,
    active: row.active,
    criarVendaComJuros: row.criar_venda_com_juros,
    enviarParcelas: row.enviar_parcelas,
    credentials,
    credentialsVersion: row.credentials_version,
    guruToken,
    // jsonb stores keys in its own order; answers and snapshots use the contract's.
    paymentMethods: ordered(row.payment_methods, GURU_MAPPED_PAYMENT_METHODS),
    statusMap: ordered(row.status_map, GURU_STATUS_GROUPS),
    invoicePolicy: ordered(row.invoice_policy, ['ambiente', 'issueWhen', 'onRefundAfterInvoice'] as const),
    products: products.map(orderedProduct),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function ordered<T extends object>(value: T, keys: readonly (keyof T)[]): T {
  const out = {} as T;
  for (const key of keys) out[key] = (value as T)[key];
  return out;
}

const PRODUCT_KEYS = ['guruProductCode', 'vhsysProductId', 'description', 'kind', 'issueInvoice', 'active', 'nfe', 'nfse'] as const;
const NFE_KEYS = ['naturezaOperacao', 'cfop', 'serie'] as const;
const NFSE_KEYS = ['serie', 'naturezaOperacao', 'codigoServico', 'aliquotaIss', 'regime', 'descricaoServico'] as const;

function orderedProduct(product: ProductBilling): ProductBilling {
  const out = ordered(product, PRODUCT_KEYS);
  if (out.nfe) out.nfe = ordered(out.nfe, NFE_KEYS);
  if (out.nfse) out.nfse = ordered(out.nfse, NFSE_KEYS);
  return out;
}
