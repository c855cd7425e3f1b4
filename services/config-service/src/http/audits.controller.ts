import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import type { Caller } from '../settings/settings-service';
import { AuditsService } from '../audits/audits-service';
import { AuditAcceptedSchema, AuditDetailSchema, AuditsPageSchema, FindingAcceptedSchema, StartAuditBodySchema } from '../audits/audits-view';
import { AdminOperation } from './openapi';

const AUDIT_PARAM = { name: 'auditId', description: 'The audit id (uuid)' };
const FINDING_PARAMS = [AUDIT_PARAM, { name: 'findingId', description: 'The finding id (uuid)' }];
const RESOLVE_ERRORS: [number, string][] = [
  [404, 'no such finding in this audit of this account'],
  [409, 'audit_refused: the finding is not open, a request for it is pending, or (repair) its kind cannot be repaired'],
  [422, 'validation_failed (details name each field)'],
];

/** "Conferir com o Vhsys" of one Guru account: audits run by the dispatcher, their findings, repair and accept. */
@ApiTags('audits')
@Controller('v1/accounts/:accountId/audits')
@ServiceTokenAuth({ tokens: 'admin', tenant: true })
export class AuditsController {
  constructor(@Inject(AuditsService) private readonly audits: AuditsService) {}

  @Post()
  @HttpCode(202)
  @AdminOperation({
    summary: 'Start an audit of the account against Vhsys over a period',
    description: 'Recorded in the audit log (action audit_start) and sent after commit on vhsys.audit-requests.v1; the dispatcher only reads Vhsys. One audit of an account at a time.',
    body: StartAuditBodySchema, response: AuditAcceptedSchema, status: 202,
    errors: [[409, 'audit_refused: an audit of this account is still requested or running'], [422, 'validation_failed (details name each field)']],
  })
  start(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Body() body: unknown) {
    return this.audits.start(caller, accountId, body);
  }

  @Get()
  @AdminOperation({
    summary: 'Audits of the account, newest first (at most limit, default 20, max 50)',
    response: AuditsPageSchema, queries: [{ name: 'limit', description: '1-50, default 20' }], errors: [[422, 'validation_failed (details name each field)']],
  })
  list(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Query() query: Record<string, unknown>) {
    return this.audits.list(caller, accountId, query);
  }

  @Get(':auditId')
  @AdminOperation({
    summary: 'One audit: status, counts and findings (expected / found, resolution)',
    response: AuditDetailSchema, extraParams: [AUDIT_PARAM], errors: [[404, 'no such audit of this account'], [422, 'validation_failed']],
  })
  get(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Param('auditId') auditId: string) {
    return this.audits.get(caller, accountId, auditId);
  }

  @Post(':auditId/findings/:findingId/repair')
  @HttpCode(202)
  @AdminOperation({
    summary: 'Repair one finding: the dispatcher re-dispatches the sale to its desired state',
    description: 'Emitted invoices are never emitted again; a pedido in the lixeira is never restored. Recorded in the audit log (action audit_repair).',
    response: FindingAcceptedSchema, extraParams: FINDING_PARAMS, status: 202, errors: RESOLVE_ERRORS,
  })
  repair(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Param('auditId') auditId: string, @Param('findingId') findingId: string) {
    return this.audits.resolve(caller, accountId, auditId, findingId, 'repair');
  }

  @Post(':auditId/findings/:findingId/accept')
  @HttpCode(202)
  @AdminOperation({
    summary: 'Accept one finding as it is (nothing is written to Vhsys)',
    description: 'Recorded in the audit log (action audit_accept) and by the dispatcher (who, when).',
    response: FindingAcceptedSchema, extraParams: FINDING_PARAMS, status: 202, errors: RESOLVE_ERRORS,
  })
  accept(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Param('auditId') auditId: string, @Param('findingId') findingId: string) {
    return this.audits.resolve(caller, accountId, auditId, findingId, 'accept');
  }
}
