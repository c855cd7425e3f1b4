import type { DataSource } from 'typeorm';
import type { AuditFindingRequest, AuditRequest, AuditResult, AuditRunRequest } from '@gv/contracts';
import { enqueueOutbox } from '@gv/db';
import type { Logger } from '@gv/telemetry';
import { AuditEngine, AuditInputError } from './audit-engine';
import { auditResultEntry, findingResult, runResults } from './audit-results';
import type { AuditFinding, AuditStore } from './audit-store';

export interface AuditRequestsDeps {
  dataSource: DataSource;
  engine: AuditEngine;
  store: AuditStore;
  /** `prefixedTopics(KAFKA_TOPIC_PREFIX).auditResults`. */
  resultsTopic: string;
  logger: Logger;
  clock?: () => Date;
}

/**
 * The dispatcher's side of `vhsys.audit-requests.v1`: runs audits and repairs / accepts findings
 * with the AuditEngine, and answers on `vhsys.audit-results.v1` through the outbox (rows committed
 * in their own transaction after the engine's writes, so an answer is published only after what
 * it reports is committed; a crash in between is answered by the redelivery, which re-publishes).
 */
export class AuditRequests {
  private readonly now: () => Date;

  constructor(private readonly deps: AuditRequestsDeps) {
    this.now = deps.clock ?? (() => new Date());
  }

  async handle(request: AuditRequest): Promise<void> {
    // Repairs of this account that concluded since are answered first (docs: "repairing" ends).
    await this.settle(request.accountId);
    if (request.kind === 'run') await this.run(request);
    else await this.onFinding(request);
  }

  /** Concludes finished repairs (of one account, or of all) and publishes each change. */
  async settle(accountId: string | null): Promise<number> {
    return this.deps.engine.settleRepairs(accountId, async (finding, outcome, note) => {
      await this.deps.dataSource.transaction(async (manager) => {
        const concluded = await this.deps.store.concludeIfRepairing(manager, finding.id, outcome, note);
        const run = concluded ? await this.deps.store.run(concluded.runId) : null;
        if (concluded && run) await enqueueOutbox(manager, auditResultEntry(this.deps.resultsTopic, findingResult(run, concluded, this.now())));
      });
    });
  }

  /** A run: done or failed already (a redelivery) → its answer again; otherwise audit, then answer. */
  private async run(request: AuditRunRequest): Promise<void> {
    const existing = await this.deps.store.run(request.auditId);
    if (existing && existing.accountId !== request.accountId) {
      this.deps.logger.warn({ auditId: request.auditId, accountId: request.accountId }, 'audit request names a run of another account: ignored');
      return;
    }
    const finished = existing && existing.status !== 'running'
      ? existing
      : await this.deps.engine.auditAccount(request.accountId, { from: request.from, to: request.to }, request.requestedBy, request.auditId,
        (started) => this.publish(runResults(started, [], this.now())));
    await this.publish(runResults(finished, await this.deps.store.findings(finished.id), this.now()));
    this.deps.logger.info({ auditId: finished.id, accountId: finished.accountId, status: finished.status, findings: finished.findings }, 'audit run answered');
  }

  private async onFinding(request: AuditFindingRequest): Promise<void> {
    const finding = await this.deps.store.finding(request.findingId);
    const run = finding ? await this.deps.store.run(finding.runId) : null;
    if (!finding || !run || finding.accountId !== request.accountId || run.id !== request.auditId) {
      // Nothing to answer about: config-service only asks about findings it was told of.
      this.deps.logger.warn({ auditId: request.auditId, findingId: request.findingId, accountId: request.accountId }, 'audit request names no finding of this account and audit: ignored');
      return;
    }
    let changed: AuditFinding;
    try {
      changed = request.kind === 'repair'
        ? await this.deps.engine.repairFinding(finding.id, request.requestedBy)
        : await this.deps.engine.acceptFinding(finding.id, request.requestedBy);
    } catch (error) {
      if (!(error instanceof AuditInputError)) throw error;
      const current = (await this.deps.store.finding(finding.id)) ?? finding;
      await this.publish([findingResult(run, current, this.now(), { findingId: finding.id, kind: request.kind, reason: error.message.slice(0, 500) })]);
      return;
    }
    await this.publish([findingResult((await this.deps.store.run(run.id)) ?? run, changed, this.now())]);
  }

  private async publish(results: AuditResult[]): Promise<void> {
    await this.deps.dataSource.transaction(async (manager) => {
      for (const result of results) await enqueueOutbox(manager, auditResultEntry(this.deps.resultsTopic, result));
    });
  }
}

