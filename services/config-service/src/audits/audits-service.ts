import { randomUUID } from 'crypto';
import { trace } from '@opentelemetry/api';
import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_REQUEST, AuditRequest, auditPeriodProblem, AuditResult, HEADERS, isRepairableFinding } from '@gv/contracts';
import { enqueueOutbox } from '@gv/db';
import { inSpan, Logger } from '@gv/telemetry';
import { mayAccess } from '../security/service-tokens';
import { forbidden, ServiceError } from '../settings/errors';
import { validateAccountId } from '../settings/sections';
import type { Caller } from '../settings/settings-service';
import type { SettingsStore } from '../settings/settings-store';
import type { AuditViewStore } from './audit-view-store';
import { AuditDetail, auditFinding, auditSummary, AuditSummary } from './audits-view';

export interface AuditsServiceDeps {
  dataSource: DataSource;
  store: AuditViewStore;
  /** The settings audit log, where audit requests are recorded (actions audit_start / audit_repair / audit_accept). */
  log: Pick<SettingsStore, 'insertAudit'>;
  logger: Logger;
  /** `prefixedTopics(KAFKA_TOPIC_PREFIX).auditRequests`. */
  requestsTopic: string;
  /** Postgres NOTIFY channel the outbox publisher listens on. */
  outboxChannel: string;
  /** Called after a commit that wrote outbox rows. */
  onCommitted: () => void;
  clock?: () => Date;
}

/** Audits listed at most per request (newest first). */
export const AUDITS_LIST_MAX = 50;
/** Findings returned with one audit. */
export const AUDIT_FINDINGS_MAX = 1000;
/** An audit still requested/running blocks a new one of the account for at most this long (a lost dispatcher never blocks for ever). */
const PENDING_AUDIT_BLOCKS_MS = 6 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "Conferir com o Vhsys" from the admin API: requests to the dispatcher (run an audit, repair or
 * accept a finding) go out through the outbox with an entry in the audit log, in one transaction;
 * the dispatcher's answers (`vhsys.audit-results.v1`) are kept in a read model the reads serve.
 * Same tenant rule as the settings.
 */
export class AuditsService {
  private readonly now: () => Date;

  constructor(private readonly deps: AuditsServiceDeps) {
    this.now = deps.clock ?? (() => new Date());
  }

  async applyResult(result: AuditResult): Promise<void> {
    await this.deps.store.apply(result);
  }

  async start(caller: Caller, accountId: string, body: unknown): Promise<{ auditId: string; requestedBy: string; requestedAt: string }> {
    return this.authorised('start', caller, accountId, async () => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ServiceError('validation_failed', 'invalid audit request: the body must be a JSON object', [{ path: '', message: 'must be an object' }]);
      }
      const raw = body as Record<string, unknown>;
      const unknownFields = Object.keys(raw).filter((k) => k !== 'from' && k !== 'to');
      if (unknownFields.length > 0) {
        throw new ServiceError('validation_failed', 'invalid audit request: unknown fields', unknownFields.slice(0, 10).map((k) => ({ path: k.slice(0, 60), message: 'is not a field of this request' })));
      }
      const problem = auditPeriodProblem({ from: raw.from, to: raw.to });
      if (problem) throw new ServiceError('validation_failed', `invalid ${problem.field}: ${problem.message}`, [{ path: problem.field, message: problem.message }]);
      const from = raw.from as string;
      const to = raw.to as string;
      const at = this.now();
      const request: AuditRequest = { kind: 'run', auditId: randomUUID(), accountId, from, to, requestedBy: requester(caller), requestedAt: at.toISOString() };
      await this.deps.dataSource.transaction(async (manager) => {
        // One audit of an account at a time: serialised on the account's newest audits.
        if (await this.deps.store.lockPending(manager, accountId, new Date(at.getTime() - PENDING_AUDIT_BLOCKS_MS))) throw new ServiceError('audit_refused', 'an audit of this account is still requested or running: wait for it to finish');
        await this.deps.store.insertRequested(manager, { auditId: request.auditId, accountId, from: new Date(from), to: new Date(to), requestedBy: request.requestedBy, requestedAt: at });
        await this.send(manager, caller, request, [{ path: 'auditId', to: request.auditId }, { path: 'from', to: from }, { path: 'to', to: to }]);
      });
      this.committed(caller, request);
      return { auditId: request.auditId, requestedBy: request.requestedBy, requestedAt: request.requestedAt };
    });
  }

  async list(caller: Caller, accountId: string, query: { limit?: unknown }): Promise<{ items: AuditSummary[] }> {
    return this.authorised('list', caller, accountId, async () => {
      const limit = parseLimit(query.limit);
      return { items: (await this.deps.store.list(accountId, limit)).map(auditSummary) };
    });
  }

  async get(caller: Caller, accountId: string, auditId: string): Promise<AuditDetail> {
    return this.authorised('get', caller, accountId, async () => {
      validateUuid('auditId', auditId);
      const audit = await this.deps.store.get(accountId, auditId);
      if (!audit) throw new ServiceError('not_found', 'no such audit of this account');
      const { rows, total } = await this.deps.store.findings(auditId, AUDIT_FINDINGS_MAX);
      return { ...auditSummary(audit), findings: rows.map((r) => auditFinding(r, isRepairableFinding(r))), findingsTotal: total };
    });
  }

  /**
   * Asks the dispatcher to repair (`repair`) or accept (`accept`) one open finding. Refused here
   * (409 audit_refused) when the finding is not open, a request for it is pending, or (repair)
   * its kind cannot be repaired; the dispatcher checks again (its answer may be a refusal).
   */
  async resolve(caller: Caller, accountId: string, auditId: string, findingId: string, kind: 'repair' | 'accept') {
    return this.authorised(kind, caller, accountId, async () => {
      validateUuid('auditId', auditId);
      validateUuid('findingId', findingId);
      const at = this.now();
      const request: AuditRequest = { kind, auditId, findingId, accountId, requestedBy: requester(caller), requestedAt: at.toISOString() };
      await this.deps.dataSource.transaction(async (manager) => {
        const finding = await this.deps.store.lockFinding(manager, accountId, auditId, findingId);
        if (!finding) throw new ServiceError('not_found', 'no such finding in this audit of this account');
        if (finding.requested !== null) throw new ServiceError('audit_refused', `a ${finding.requested} of this finding is pending: wait for the dispatcher's answer`);
        if (finding.resolution !== 'open') throw new ServiceError('audit_refused', `the finding is ${finding.resolution}, not open`);
        if (kind === 'repair' && !isRepairableFinding(finding)) {
          throw new ServiceError('audit_refused', `this ${finding.kind} finding cannot be repaired by the dispatcher: accept it, or fix it in Vhsys by hand`);
        }
        await this.deps.store.markRequested(manager, findingId, kind);
        await this.send(manager, caller, request, [{ path: 'auditId', to: auditId }, { path: 'findingId', to: findingId }]);
      });
      this.committed(caller, request);
      return { auditId, findingId, requested: kind, requestedBy: request.requestedBy, requestedAt: request.requestedAt };
    });
  }

  private async send(manager: EntityManager, caller: Caller, request: AuditRequest, changes: { path: string; to: string }[]): Promise<void> {
    const traceId = trace.getActiveSpan()?.spanContext().traceId ?? null;
    await this.deps.log.insertAudit(manager, {
      accountId: request.accountId, at: new Date(request.requestedAt), actor: caller.principal.name, via: caller.via, action: `audit_${request.kind === 'run' ? 'start' : request.kind}`,
      version: 0, traceId, changes,
    });
    await enqueueOutbox(manager, { topic: this.deps.requestsTopic, key: request.accountId, value: request, contract: AUDIT_REQUEST, headers: { [HEADERS.accountId]: request.accountId } });
    await manager.query('SELECT pg_notify($1, $2)', [this.deps.outboxChannel, request.accountId]);
  }

  private committed(caller: Caller, request: AuditRequest): void {
    this.deps.logger.info({ accountId: request.accountId, actor: caller.principal.name, via: caller.via, kind: request.kind, auditId: request.auditId }, 'audit requested');
    this.deps.onCommitted();
  }

  private authorised<T>(action: string, caller: Caller, accountId: string, work: () => Promise<T>): Promise<T> {
    return inSpan(`config.audits.${action}`, { 'guru.account_id': accountId, 'config.via': caller.via, 'config.actor': caller.principal.name }, async () => {
      // Authorisation first: a token limited to other accounts learns nothing about this one.
      if (!mayAccess(caller.principal, accountId)) throw forbidden();
      validateAccountId(accountId);
      return work();
    });
  }
}

function requester(caller: Caller): string {
  return caller.principal.name.slice(0, 100);
}


function validateUuid(field: string, value: string): void {
  if (typeof value !== 'string' || !UUID.test(value)) throw new ServiceError('validation_failed', `invalid ${field}: must be a uuid`, [{ path: field, message: 'must be a uuid' }]);
}

/** `limit` of the list: 1–AUDITS_LIST_MAX, default 20. */
export function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '' || raw === 0) return 20;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > AUDITS_LIST_MAX) {
    throw new ServiceError('validation_failed', `invalid limit: must be an integer from 1 to ${AUDITS_LIST_MAX}`, [{ path: 'limit', message: `must be an integer from 1 to ${AUDITS_LIST_MAX}` }]);
  }
  return n;
}
