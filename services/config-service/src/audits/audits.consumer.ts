import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AUDIT_RESULT, AuditResult, AuditResultSchema, TOPICS } from '@gv/contracts';
import { ContractPipe } from '@gv/kafka';
import { AuditsService } from './audits-service';

/**
 * The audit read model's Kafka input (consumer group config-service-audits): the dispatcher's
 * answers. Values reach the handler validated against their contract (bounded before parsing); a
 * violation is dead-lettered with the field it names.
 */
@Controller()
export class AuditsConsumer {
  constructor(@Inject(AuditsService) private readonly audits: AuditsService) {}

  @EventPattern(TOPICS.auditResults)
  async result(@Payload(new ContractPipe(AUDIT_RESULT, AuditResultSchema)) result: AuditResult): Promise<void> {
    await this.audits.applyResult(result);
  }
}
