import { trace } from '@opentelemetry/api';
import { DataSource, EntityManager } from 'typeorm';
import { GURU_STATUS_GROUPS, HEADERS, INTEGRATION_CONFIG, MAX_PRODUCTS_PER_ACCOUNT, ProductBilling } from '@gv/contracts';
import { enqueueOutbox } from '@gv/db';
import { inSpan, Logger } from '@gv/telemetry';
import { SecretBox, SecretBoxError } from '../security/secret-box';
import { mayAccess, Principal } from '../security/service-tokens';
import type { GuruTokenChecks } from '../guru/guru-token-checks';
import { VhsysProductPage, VhsysSettingsChecks, VhsysSituacao, VhsysTokens } from '../vhsys/vhsys-settings-checks';
import { ConfigMetrics } from '../metrics';
import { ErrorDetail, forbidden, ServiceError } from './errors';
import {
  DetalhePatchSchema, DetalhePutSchema, GuruApiPutSchema, InvoicePolicyPatchSchema, InvoicePolicyPutSchema, PaymentMethodsPatchSchema,
  PaymentMethodsPutSchema, ProductPutSchema, RepublishSchema, StatusMapPatchSchema, StatusMapPutSchema, validate,
  validateAccountId, validateProductCode,
} from './sections';
import { AuditRecord, Loaded, SettingsStore } from './settings-store';
import {
  diffStates, FieldChange, IntegrationState, newIntegrationState, SettingsView, StoredGuruToken, toSnapshot, toView,
} from './settings-state';

export type Via = 'http' | 'grpc';

/** Bounds of the Vhsys product picker (listVhsysProducts). */
export const VHSYS_PRODUCT_PAGE_SIZE = 20;
export const VHSYS_PRODUCT_PAGE_MAX = 50;
export const VHSYS_PRODUCT_SEARCH_MAX = 60;

export interface Caller {
  principal: Principal;
  via: Via;
}

/**
 * Optimistic concurrency precondition of a write: the settings version last read, "absent"
 * (create: no integration may exist), or missing (refused: a write must say what it overwrites).
 */
export type Precondition = { kind: 'version'; version: number } | { kind: 'absent' } | { kind: 'missing' };

export type WriteMode = 'put' | 'patch';

export interface WriteResult {
  /** What the admin shows. */
  message: string;
  settings: SettingsView;
  changed: boolean;
}

export const MESSAGES = {
  active: 'Integração ativa',
  saved: 'Configurações salvas',
  unchanged: 'Nada mudou',
  deleted: 'Integração excluída',
} as const;

interface Plan {
  next: IntegrationState;
  /** Runs after the no-op check, outside the transaction (Vhsys calls). */
  check?: () => Promise<void>;
  message: (next: IntegrationState) => string;
}

export interface SettingsServiceDeps {
  dataSource: DataSource;
  store: SettingsStore;
  box: SecretBox;
  vhsys: VhsysSettingsChecks;
  /** Checks the Guru API user token with Guru before it is saved. */
  guru: GuruTokenChecks;
  logger: Logger;
  metrics: ConfigMetrics;
  /** Postgres NOTIFY channel the outbox publisher listens on. */
  outboxChannel: string;
  /** The settings topic (`prefixedTopics(KAFKA_TOPIC_PREFIX).integrationConfig`). */
  topic: string;
  /** Called after every commit that wrote an outbox row (publishes sooner than the poll). */
  onCommitted: () => void;
  clock?: () => Date;
}

/**
 * The settings operations, the same for HTTP and gRPC: authorisation per account, validation,
 * Vhsys checks, optimistic concurrency, and one transaction per change writing the settings, the
 * audit entry and the outbox row with the full snapshot.
 */
export class SettingsService {
  private readonly now: () => Date;

  constructor(private readonly deps: SettingsServiceDeps) {
    this.now = deps.clock ?? (() => new Date());
  }

  // ---- reads -------------------------------------------------------------------------------

  async get(caller: Caller, accountId: string): Promise<SettingsView> {
    return this.traced('get', caller, accountId, async () => toView(await this.requirePresent(accountId)));
  }

  async listSituacoes(caller: Caller, accountId: string): Promise<VhsysSituacao[]> {
    return this.traced('list_situacoes', caller, accountId, async () => {
      const state = await this.requirePresent(accountId);
      return this.deps.vhsys.listSituacoes(this.requireTokens(state));
    });
  }

  /**
   * One page of the account's Vhsys products, read live with the stored tokens (the Faturamento
   * tab's picker). Bounded: `search` up to VHSYS_PRODUCT_SEARCH_MAX printable characters, `page`
   * 1..VHSYS_PRODUCT_PAGE_MAX of VHSYS_PRODUCT_PAGE_SIZE products.
   */
  async listVhsysProducts(caller: Caller, accountId: string, query: { search?: string | null; page?: number }): Promise<VhsysProductPage & { page: number; pageSize: number }> {
    return this.traced('list_vhsys_products', caller, accountId, async () => {
      const search = (query.search ?? '').trim();
      const page = query.page ?? 1;
      const problems: ErrorDetail[] = [];
      if (search.length > VHSYS_PRODUCT_SEARCH_MAX || /[\u0000-\u001f\u007f]/.test(search)) {
        problems.push({ path: 'search', message: `must be at most ${VHSYS_PRODUCT_SEARCH_MAX} printable characters` });
      }
      if (!Number.isInteger(page) || page < 1 || page > VHSYS_PRODUCT_PAGE_MAX) problems.push({ path: 'page', message: `must be an integer from 1 to ${VHSYS_PRODUCT_PAGE_MAX}` });
      if (problems.length > 0) throw new ServiceError('validation_failed', 'invalid product query', problems);
      const state = await this.requirePresent(accountId);
      const found = await this.deps.vhsys.listProdutos(this.requireTokens(state), {
        search: search === '' ? null : search,
        offset: (page - 1) * VHSYS_PRODUCT_PAGE_SIZE,
        limit: VHSYS_PRODUCT_PAGE_SIZE,
      });
      return { ...found, page, pageSize: VHSYS_PRODUCT_PAGE_SIZE };
    });
  }

  async listAudit(caller: Caller, accountId: string, options: { limit?: number; beforeId?: string | null }): Promise<AuditRecord[]> {
    return this.traced('list_audit', caller, accountId, async () => {
      const limit = options.limit ?? 50;
      const problems: ErrorDetail[] = [];
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) problems.push({ path: 'limit', message: 'must be an integer from 1 to 200' });
      if (options.beforeId != null && !/^[1-9]\d{0,18}$/.test(options.beforeId)) problems.push({ path: 'before', message: 'must be an audit entry id' });
      if (problems.length > 0) throw new ServiceError('validation_failed', 'invalid audit query', problems);
      return this.deps.store.listAudit(accountId, limit, options.beforeId ?? null);
    });
  }

  /** Internal (invoice-dispatcher): the decrypted token pair. The caller was authenticated by the transport. */
  async getCredentials(callerName: string, accountId: string): Promise<{ tokens: VhsysTokens; state: IntegrationState }> {
    return inSpan('config.get_credentials', { 'guru.account_id': accountId, 'config.caller': callerName }, async () => {
      validateAccountId(accountId);
      const state = await this.requirePresent(accountId);
      const tokens = this.requireTokens(state);
      this.deps.metrics.credentialsServed.add(1, { caller: callerName });
      this.deps.logger.info({ accountId, caller: callerName, credentialsVersion: state.credentialsVersion }, 'credentials served');
      return { tokens, state };
    });
  }

  /**
   * Internal (the import of past sales; no network route): the account's Guru API user token,
   * decrypted. guru_token_not_set when the seller has not saved one. Logged as served, never the token.
   */
  async getGuruUserToken(callerName: string, accountId: string): Promise<string> {
    return inSpan('config.get_guru_token', { 'guru.account_id': accountId, 'config.caller': callerName }, async () => {
      validateAccountId(accountId);
      const state = await this.requirePresent(accountId);
      if (!state.guruToken) throw new ServiceError('guru_token_not_set', 'set the Guru API user token (API do Guru) first');
      const token = this.openGuruToken(state.accountId, state.guruToken);
      this.deps.logger.info({ accountId, caller: callerName, keyId: state.guruToken.keyId }, 'Guru API token served');
      return token;
    });
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * Sets or replaces the Guru API user token, after Guru accepted it (guru_token_rejected or
   * guru_unavailable otherwise, and nothing saved). The same token again changes nothing.
   */
  async putGuruApiToken(caller: Caller, accountId: string, pre: Precondition, body: unknown): Promise<WriteResult> {
    return this.write(caller, accountId, pre, 'guru_api.put', false, () => validate(GuruApiPutSchema, body), async (current, input) => {
      const next = structuredClone(current);
      if (current.guruToken && this.tryOpenGuruToken(accountId, current.guruToken) === input.userToken) return { next, message: savedOrActive };
      next.guruToken = this.sealGuruToken(accountId, input.userToken, this.now());
      return { next, check: () => this.deps.guru.verifyUserToken(input.userToken), message: savedOrActive };
    });
  }

  /** Removes the Guru API user token (not_found when none is set). */
  async deleteGuruApiToken(caller: Caller, accountId: string, pre: Precondition): Promise<WriteResult> {
    return this.write(caller, accountId, pre, 'guru_api.delete', true, () => undefined, async (current) => {
      if (!current.guruToken) throw new ServiceError('not_found', 'no Guru API user token is set for this account');
      const next = structuredClone(current);
      next.guruToken = null;
      return { next, message: savedOrActive };
    });
  }

  async updateDetalhe(caller: Caller, accountId: string, pre: Precondition, body: unknown, mode: WriteMode): Promise<WriteResult> {
    const parse = () => validate(mode === 'put' ? DetalhePutSchema : DetalhePatchSchema, body);
    return this.write(caller, accountId, pre, `detalhe.${mode}`, false, parse, async (current, input) => {
      const next = structuredClone(current);
      next.criarVendaComJuros = input.criarVendaComJuros ?? current.criarVendaComJuros;
      next.enviarParcelas = input.enviarParcelas ?? current.enviarParcelas;
      next.active = input.ativo ?? current.active;
      let tokensChanged = false;
      let newTokens: VhsysTokens | null = null;
      if (input.accessToken !== undefined && input.secretAccessToken !== undefined) {
        newTokens = { accessToken: input.accessToken, secretAccessToken: input.secretAccessToken };
        // Tokens sealed with a key that is no longer configured cannot be compared: treat as changed.
        const stored = current.credentials ? this.tryOpenTokens(current) : null;
        tokensChanged = !stored || stored.accessToken !== newTokens.accessToken || stored.secretAccessToken !== newTokens.secretAccessToken;
        if (tokensChanged) {
          next.credentials = this.sealTokens(accountId, newTokens, this.now());
          next.credentialsVersion = current.credentialsVersion + 1;
        }
      }
      if (next.active && !next.credentials) {
        throw new ServiceError('validation_failed', 'to activate the integration, send the Access-Token and Secret-Access-Token', [
          { path: 'accessToken', message: 'is required to activate the integration' },
          { path: 'secretAccessToken', message: 'is required to activate the integration' },
        ]);
      }
      const verify = next.active && (!current.active || tokensChanged);
      return {
        next,
        check: verify ? () => this.deps.vhsys.verifyCredentials(newTokens ?? this.openTokens(current)) : undefined,
        message: (n) => (n.active ? MESSAGES.active : MESSAGES.saved),
      };
    });
  }

  async updatePaymentMethods(caller: Caller, accountId: string, pre: Precondition, body: unknown, mode: WriteMode): Promise<WriteResult> {
    const parse = () => validate(mode === 'put' ? PaymentMethodsPutSchema : PaymentMethodsPatchSchema, body);
    return this.write(caller, accountId, pre, `payment_methods.${mode}`, false, parse, async (current, input) => {
      const next = structuredClone(current);
      next.paymentMethods = { ...current.paymentMethods, ...stripUndefined(input) };
      return { next, message: savedOrActive };
    });
  }

  async updateStatusMap(caller: Caller, accountId: string, pre: Precondition, body: unknown, mode: WriteMode): Promise<WriteResult> {
    const parse = () => validate(mode === 'put' ? StatusMapPutSchema : StatusMapPatchSchema, body);
    return this.write(caller, accountId, pre, `status_map.${mode}`, false, parse, async (current, input) => {
      const next = structuredClone(current);
      next.statusMap = { ...current.statusMap, ...stripUndefined(input) };
      const wanted = GURU_STATUS_GROUPS.map((group) => [group, next.statusMap[group]] as const).filter(
        ([group, target]) => target.situacaoId !== null && JSON.stringify(target) !== JSON.stringify(current.statusMap[group]),
      );
      const check = wanted.length === 0 ? undefined : async () => {
        const situacoes = await this.deps.vhsys.listSituacoes(this.requireTokens(current));
        const byId = new Map(situacoes.map((s) => [s.id, s]));
        const problems: ErrorDetail[] = [];
        for (const [group, target] of wanted) {
          const situacao = byId.get(target.situacaoId!);
          if (!situacao) problems.push({ path: `${group}.situacaoId`, message: `is not a situação de pedido of this Vhsys account (see GET /situacoes)` });
          else if (situacao.status !== target.status) {
            problems.push({ path: `${group}.situacaoId`, message: `situação ${situacao.id} belongs to status "${situacao.status}", not "${target.status}"` });
          }
        }
        if (problems.length > 0) throw new ServiceError('validation_failed', 'unknown or mismatched situações', problems);
      };
      return { next, check, message: savedOrActive };
    });
  }

  async updateInvoicePolicy(caller: Caller, accountId: string, pre: Precondition, body: unknown, mode: WriteMode): Promise<WriteResult> {
    const parse = () => validate(mode === 'put' ? InvoicePolicyPutSchema : InvoicePolicyPatchSchema, body);
    return this.write(caller, accountId, pre, `invoice_policy.${mode}`, false, parse, async (current, input) => {
      const next = structuredClone(current);
      next.invoicePolicy = { ...current.invoicePolicy, ...stripUndefined(input) };
      return { next, message: savedOrActive };
    });
  }

  async putProduct(caller: Caller, accountId: string, guruProductCode: string, pre: Precondition, body: unknown): Promise<WriteResult> {
    const parse = () => {
      validateProductCode(guruProductCode);
      return validate(ProductPutSchema, body);
    };
    return this.write(caller, accountId, pre, 'product.put', false, parse, async (current, input) => {
      const product: ProductBilling = { guruProductCode, ...input };
      // The snapshot carries every product: bounded so it always fits the topic (a new product
      // only; an account already at the limit may still change or delete its products).
      if (current.products.length >= MAX_PRODUCTS_PER_ACCOUNT && !current.products.some((p) => p.guruProductCode === guruProductCode)) {
        throw productLimitReached();
      }
      const next = structuredClone(current);
      next.products = [...current.products.filter((p) => p.guruProductCode !== guruProductCode), product].sort(byCode);
      const check = async () => {
        const lookup = await this.deps.vhsys.getProduto(this.requireTokens(current), input.vhsysProductId);
        if (!lookup.found || lookup.trashed) {
          throw new ServiceError(
            'vhsys_product_not_found',
            `produto ${input.vhsysProductId} ${lookup.found ? 'está na lixeira' : 'não encontrado'} na Vhsys: cadastre o produto na Vhsys antes de configurar o faturamento`,
            [{ path: 'vhsysProductId', message: lookup.found ? 'is in the Vhsys lixeira (trash)' : 'is not a product of this Vhsys account' }],
          );
        }
      };
      return { next, check, message: savedOrActive };
    });
  }

  async deleteProduct(caller: Caller, accountId: string, guruProductCode: string, pre: Precondition): Promise<WriteResult> {
    return this.write(caller, accountId, pre, 'product.delete', true, () => validateProductCode(guruProductCode), async (current) => {
      if (!current.products.some((p) => p.guruProductCode === guruProductCode)) {
        throw new ServiceError('not_found', 'this product has no Faturamento settings');
      }
      const next = structuredClone(current);
      next.products = current.products.filter((p) => p.guruProductCode !== guruProductCode);
      return { next, message: savedOrActive };
    });
  }

  /** Wipes the tokens and settings, keeps the counters and the audit log, publishes a tombstone. */
  async deleteIntegration(caller: Caller, accountId: string, pre: Precondition): Promise<{ message: string; version: number }> {
    return this.traced('integration.delete', caller, accountId, async () => {
      this.requirePrecondition(pre);
      const loaded = await this.deps.store.load(null, accountId);
      if (loaded.kind !== 'present') throw new ServiceError('not_found', 'no Vhsys integration for this account');
      checkPrecondition(pre, loaded);
      const at = this.now();
      const version = await this.commit(accountId, pre, async (manager, locked) => {
        if (locked.kind !== 'present') throw conflict(locked);
        const before = locked.state;
        const version = before.version + 1;
        const credentialsVersion = before.credentialsVersion + (before.credentials ? 1 : 0);
        await this.deps.store.markDeleted(manager, accountId, version, credentialsVersion, at);
        await this.audit(manager, caller, accountId, 'integration.delete', version, diffStates(before, null), at);
        await this.enqueueSnapshot(manager, accountId, version, null);
        return version;
      });
      this.afterCommit(caller, accountId, 'integration.delete', version, ['(integration)']);
      return { message: MESSAGES.deleted, version };
    });
  }

  /**
   * Publishes again, unchanged, the current snapshot of one account (`accountId`) or of every
   * account (`body` without it; only for tokens allowed on all accounts): a deleted integration
   * gets its tombstone again. For when the compacted topic lost a key (re-created topic, broker
   * data loss) or a consumer's view must be rebuilt. One transaction writes, per account, the
   * outbox row and an audit entry (action `republish`, no changes, the current version), with the
   * rows locked so no concurrent change can be published before its older snapshot. Versions do
   * not move: consumers that already hold the snapshot ignore the copy.
   */
  async republish(caller: Caller, body: unknown): Promise<{ republished: number }> {
    const accountId = validate(RepublishSchema, body ?? {}).accountId ?? null;
    return inSpan('config.republish', { 'guru.account_id': accountId ?? '*', 'config.via': caller.via, 'config.actor': caller.principal.name }, async () => {
      // Authorisation before the account id is looked at, as for every account operation; "every
      // account" needs a token allowed on all of them.
      if (accountId !== null && !mayAccess(caller.principal, accountId)) throw forbidden();
      if (accountId === null && caller.principal.accounts !== '*') {
        throw new ServiceError('forbidden', 'republishing every account needs a token allowed on all accounts (*); send {"accountId": "…"} for one');
      }
      if (accountId !== null) validateAccountId(accountId);
      const at = this.now();
      const republished = await this.deps.dataSource.transaction(async (manager) => {
        const accounts = accountId !== null ? [accountId] : await this.deps.store.lockAllAccounts(manager);
        let count = 0;
        for (const id of accounts) {
          const loaded = await this.deps.store.load(manager, id, accountId !== null);
          if (loaded.kind === 'absent') continue;
          const version = loaded.kind === 'present' ? loaded.state.version : loaded.version;
          await this.audit(manager, caller, id, 'republish', version, [], at);
          await this.enqueueSnapshot(manager, id, version, loaded.kind === 'present' ? toSnapshot(loaded.state) : null);
          count += 1;
        }
        if (accountId !== null && count === 0) throw new ServiceError('not_found', 'no Vhsys integration for this account');
        if (count > 0) await manager.query('SELECT pg_notify($1, $2)', [this.deps.outboxChannel, accountId ?? '*']);
        return count;
      });
      this.deps.metrics.republished.add(republished, { via: caller.via });
      this.deps.logger.info({ accountId: accountId ?? '*', republished, actor: caller.principal.name, via: caller.via }, 'settings snapshots republished');
      if (republished > 0) this.deps.onCommitted();
      return { republished };
    });
  }

  // ---- the write path ------------------------------------------------------------------------

  private async write<I>(
    caller: Caller,
    accountId: string,
    pre: Precondition,
    action: string,
    requiresExisting: boolean,
    parse: () => I,
    plan: (current: IntegrationState, input: I) => Promise<Plan>,
  ): Promise<WriteResult> {
    return this.traced(action, caller, accountId, async () => {
      this.requirePrecondition(pre);
      const input = parse();
      const loaded = await this.deps.store.load(null, accountId);
      if (requiresExisting && loaded.kind !== 'present') throw new ServiceError('not_found', 'no Vhsys integration for this account');
      checkPrecondition(pre, loaded);
      const creating = loaded.kind !== 'present';
      const at = this.now();
      const base =
        loaded.kind === 'present'
          ? loaded.state
          : newIntegrationState(accountId, loaded.kind === 'deleted' ? loaded.version : 0, loaded.kind === 'deleted' ? loaded.credentialsVersion : 0, at);
      const { next, check, message } = await plan(base, input);
      const changes = diffStates(creating ? null : base, next);
      if (!creating && changes.length === 0) {
        return { message: message(base) === MESSAGES.active ? MESSAGES.active : MESSAGES.unchanged, settings: toView(base), changed: false };
      }
      if (check) await check();
      next.version = base.version + 1;
      next.updatedAt = at;
      if (creating) next.createdAt = at;
      const snapshot = toSnapshot(next);
      await this.commit(accountId, pre, async (manager) => {
        await this.deps.store.save(manager, next, creating ? [] : base.products, loaded.kind !== 'absent');
        await this.audit(manager, caller, accountId, action, next.version, changes, at);
        await this.enqueueSnapshot(manager, accountId, next.version, snapshot);
        return next.version;
      });
      this.afterCommit(caller, accountId, action, next.version, changes.map((c) => c.path));
      return { message: message(next), settings: toView(next), changed: true };
    });
  }

  /**
   * One transaction: lock the account's row, re-check the precondition against what is now
   * committed (the loser of a race sees the winner's version), then write. A concurrent creation
   * surfaces as a primary-key violation, which is the same conflict.
   */
  private async commit<T>(
    accountId: string,
    pre: Precondition,
    work: (manager: EntityManager, locked: Loaded) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.deps.dataSource.transaction(async (manager) => {
        const locked = await this.deps.store.load(manager, accountId, true);
        checkPrecondition(pre, locked);
        const result = await work(manager, locked);
        await manager.query('SELECT pg_notify($1, $2)', [this.deps.outboxChannel, accountId]);
        return result;
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505' || (error as { driverError?: { code?: string } }).driverError?.code === '23505') {
        const now = await this.deps.store.load(null, accountId);
        throw conflict(now);
      }
      throw error;
    }
  }

  /** The outbox row of one account's snapshot (null: the tombstone of a deleted integration). */
  private async enqueueSnapshot(manager: EntityManager, accountId: string, version: number, snapshot: ReturnType<typeof toSnapshot> | null): Promise<void> {
    await enqueueOutbox(manager, {
      topic: this.deps.topic,
      key: accountId,
      value: snapshot,
      contract: INTEGRATION_CONFIG,
      headers: { [HEADERS.accountId]: accountId, 'x-config-version': String(version) },
    });
  }

  private async audit(manager: EntityManager, caller: Caller, accountId: string, action: string, version: number, changes: FieldChange[], at: Date): Promise<void> {
    const traceId = trace.getActiveSpan()?.spanContext().traceId ?? null;
    await this.deps.store.insertAudit(manager, { accountId, at, actor: caller.principal.name, via: caller.via, action, version, changes, traceId });
  }

  private afterCommit(caller: Caller, accountId: string, action: string, version: number, fields: string[]): void {
    this.deps.metrics.changes.add(1, { action, via: caller.via });
    // Field paths only: never values (a path names a token field at most).
    this.deps.logger.info({ accountId, action, version, actor: caller.principal.name, via: caller.via, fields }, 'settings changed');
    this.deps.onCommitted();
  }

  private async traced<T>(action: string, caller: Caller, accountId: string, work: () => Promise<T>): Promise<T> {
    return inSpan(`config.${action}`, { 'guru.account_id': accountId, 'config.via': caller.via, 'config.actor': caller.principal.name }, async () => {
      // Authorisation before anything else: a token limited to other accounts learns nothing,
      // not even whether this account exists or whether its id is well-formed.
      if (!mayAccess(caller.principal, accountId)) throw forbidden();
      validateAccountId(accountId);
      return work();
    });
  }

  private requirePrecondition(pre: Precondition): void {
    if (pre.kind === 'missing') {
      throw new ServiceError(
        'precondition_required',
        'writes must say which version they change: send If-Match: "<version>" (from GET or the last write), or If-None-Match: * to create the integration',
      );
    }
  }

  private async requirePresent(accountId: string): Promise<IntegrationState> {
    const loaded = await this.deps.store.load(null, accountId);
    if (loaded.kind !== 'present') throw new ServiceError('not_found', 'no Vhsys integration for this account');
    return loaded.state;
  }

  private requireTokens(state: IntegrationState): VhsysTokens {
    if (!state.credentials) {
      throw new ServiceError('credentials_not_set', 'set the Access-Token and Secret-Access-Token (aba Detalhe) first');
    }
    return this.openTokens(state);
  }

  private openTokens(state: IntegrationState): VhsysTokens {
    const c = state.credentials!;
    try {
      return {
        accessToken: this.deps.box.open(c.accessTokenSealed, aad(state.accountId, 'access_token')),
        secretAccessToken: this.deps.box.open(c.secretAccessTokenSealed, aad(state.accountId, 'secret_access_token')),
      };
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      this.deps.logger.error({ accountId: state.accountId, keyId: c.keyId, reason: error.message }, 'stored tokens cannot be decrypted');
      throw new ServiceError('internal', `the stored tokens cannot be decrypted (sealed with key ${c.keyId}); restore that key or save the tokens again`);
    }
  }

  private openGuruToken(accountId: string, stored: StoredGuruToken): string {
    try {
      return this.deps.box.open(stored.sealed, aad(accountId, 'guru_token'));
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      this.deps.logger.error({ accountId, keyId: stored.keyId, reason: error.message }, 'stored Guru API token cannot be decrypted');
      throw new ServiceError('internal', `the stored Guru API token cannot be decrypted (sealed with key ${stored.keyId}); restore that key or save the token again`);
    }
  }

  private tryOpenGuruToken(accountId: string, stored: StoredGuruToken): string | null {
    try {
      return this.openGuruToken(accountId, stored);
    } catch {
      return null;
    }
  }

  private sealGuruToken(accountId: string, userToken: string, at: Date): StoredGuruToken {
    return { sealed: this.deps.box.seal(userToken, aad(accountId, 'guru_token')), keyId: this.deps.box.activeKeyId, last4: userToken.slice(-4), setAt: at };
  }

  private tryOpenTokens(state: IntegrationState): VhsysTokens | null {
    try {
      return this.openTokens(state);
    } catch {
      return null;
    }
  }

  private sealTokens(accountId: string, tokens: VhsysTokens, at: Date): NonNullable<IntegrationState['credentials']> {
    return {
      accessTokenSealed: this.deps.box.seal(tokens.accessToken, aad(accountId, 'access_token')),
      secretAccessTokenSealed: this.deps.box.seal(tokens.secretAccessToken, aad(accountId, 'secret_access_token')),
      keyId: this.deps.box.activeKeyId,
      accessTokenLast4: tokens.accessToken.slice(-4),
      secretAccessTokenLast4: tokens.secretAccessToken.slice(-4),
      setAt: at,
    };
  }
}

/** Binds a sealed token to its account and column. */
export function aad(accountId: string, field: 'access_token' | 'secret_access_token' | 'guru_token'): string {
  return `config-service:${accountId}:${field}`;
}

function savedOrActive(next: IntegrationState): string {
  return next.active ? MESSAGES.active : MESSAGES.saved;
}

const byCode = (a: ProductBilling, b: ProductBilling) => (a.guruProductCode < b.guruProductCode ? -1 : a.guruProductCode > b.guruProductCode ? 1 : 0);

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

export function productLimitReached(): ServiceError {
  const message = `must have at most ${MAX_PRODUCTS_PER_ACCOUNT} products per account (MAX_PRODUCTS_PER_ACCOUNT); delete one before adding another`;
  return new ServiceError('validation_failed', `invalid products: ${message}`, [{ path: 'products', message }]);
}

function currentVersion(loaded: Loaded): number | undefined {
  return loaded.kind === 'present' ? loaded.state.version : undefined;
}

function conflict(loaded: Loaded): ServiceError {
  const version = currentVersion(loaded);
  return new ServiceError(
    'version_conflict',
    version === undefined
      ? 'the integration does not exist (any more): create it with If-None-Match: *'
      : `the settings changed since the version you sent; they are now at version ${version}: read them again and re-apply your change`,
    [],
    version === undefined ? {} : { currentVersion: version },
  );
}

function checkPrecondition(pre: Precondition, loaded: Loaded): void {
  if (pre.kind === 'absent') {
    if (loaded.kind === 'present') throw conflict(loaded);
    return;
  }
  if (pre.kind === 'version' && (loaded.kind !== 'present' || loaded.state.version !== pre.version)) throw conflict(loaded);
}
