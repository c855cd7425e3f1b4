import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AUDIT_REQUEST, AuditRequest, AuditRequestSchema, TOPICS } from '@gv/contracts';
import { ContractPipe, JsonLimits } from '@gv/kafka';
import { AuditRequests } from './audit-requests';

/** An audit request is a few hundred bytes of flat JSON: anything far bigger or nested is no request. */
const AUDIT_REQUEST_JSON_LIMITS: JsonLimits = { maxBytes: 16 * 1024, maxDepth: 4 };

/**
 * The dispatcher's audit input (consumer group invoice-dispatcher-audit, apart from the sale
 * orders' group so a long audit never holds up a sale): run, repair, accept. The payload reaches
 * the handler validated against its contract; a violation is dead-lettered with its field.
 */
@Controller()
export class AuditRequestsController {
  constructor(@Inject(AuditRequests) private readonly requests: AuditRequests) {}

  @EventPattern(TOPICS.auditRequests)
  async request(@Payload(new ContractPipe(AUDIT_REQUEST, AuditRequestSchema, AUDIT_REQUEST_JSON_LIMITS)) request: AuditRequest): Promise<void> {
    await this.requests.handle(request);
  }
}
