import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import type {
  GrpcAuditDetail, GrpcAuditFindingReply, GrpcAuditFindingRequest, GrpcAuditSummary, GrpcGetAuditRequest, GrpcListAuditsReply, GrpcListAuditsRequest,
  GrpcStartAuditReply, GrpcStartAuditRequest,
} from '@gv/contracts';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import type { Caller } from '../settings/settings-service';
import { AuditsService } from '../audits/audits-service';
import type { AuditDetail, AuditSummary } from '../audits/audits-view';

/** Service name of @GrpcMethod, relative to the proto package (CONFIG_SALES_AUDIT_SERVICE fully qualified). */
const AUDIT = 'SalesAudit';

/** Audit messages: proto "" / 0 / unset stand for null (the HTTP shapes' nulls). */
function summaryMessage(a: AuditSummary): GrpcAuditSummary {
  return {
    auditId: a.auditId, status: a.status, from: a.from, to: a.to, requestedBy: a.requestedBy, requestedAt: a.requestedAt,
    startedAt: a.startedAt ?? '', finishedAt: a.finishedAt ?? '', error: a.error ?? '', counts: a.counts,
  };
}

function detailMessage(d: AuditDetail): GrpcAuditDetail {
  const { findings, findingsTotal, ...audit } = d;
  return {
    audit: summaryMessage(audit),
    findingsTotal,
    findings: findings.map((f) => ({
      findingId: f.findingId, kind: f.kind, guruTransactionId: f.guruTransactionId ?? '', ...(f.idPed === null ? {} : { idPed: f.idPed }),
      expectedJson: f.expected === null ? '' : JSON.stringify(f.expected), foundJson: f.found === null ? '' : JSON.stringify(f.found),
      resolution: f.resolution, resolvedBy: f.resolvedBy ?? '', resolvedAt: f.resolvedAt ?? '', note: f.note ?? '', repairable: f.repairable,
      pendingRequest: f.pendingRequest ?? '', refusal: f.refusal ?? '',
    })),
  };
}

/** The audits over gRPC: the same operations, validation and tenant rule as HTTP. */
@Controller()
@ServiceTokenAuth({ tokens: 'admin', tenant: true })
export class AuditsGrpcController {
  constructor(@Inject(AuditsService) private readonly audits: AuditsService) {}

  @GrpcMethod(AUDIT, 'StartAudit')
  startAudit(@Payload() r: GrpcStartAuditRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcStartAuditReply> {
    return this.audits.start(caller, r.accountId, { from: r.from, to: r.to });
  }

  @GrpcMethod(AUDIT, 'ListAudits')
  async listAudits(@Payload() r: GrpcListAuditsRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcListAuditsReply> {
    const page = await this.audits.list(caller, r.accountId, { limit: r.limit });
    return { items: page.items.map(summaryMessage) };
  }

  @GrpcMethod(AUDIT, 'GetAudit')
  async getAudit(@Payload() r: GrpcGetAuditRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcAuditDetail> {
    return detailMessage(await this.audits.get(caller, r.accountId, r.auditId));
  }

  @GrpcMethod(AUDIT, 'RepairFinding')
  repairFinding(@Payload() r: GrpcAuditFindingRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcAuditFindingReply> {
    return this.audits.resolve(caller, r.accountId, r.auditId, r.findingId, 'repair');
  }

  @GrpcMethod(AUDIT, 'AcceptFinding')
  acceptFinding(@Payload() r: GrpcAuditFindingRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcAuditFindingReply> {
    return this.audits.resolve(caller, r.accountId, r.auditId, r.findingId, 'accept');
  }
}
