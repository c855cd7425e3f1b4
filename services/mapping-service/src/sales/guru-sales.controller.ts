import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { GURU_BOUNDS, GURU_TRANSACTION_EVENT, GuruTransactionEvent, GuruTransactionEventSchema, TOPICS } from '@gv/contracts';
import { ContractPipe, KafkaEventContext } from '@gv/kafka';
import { SaleProcessor } from './sale-processor';

/** Guru's sale events, consumed by the `mapping-service` group (SALES_CONSUMER). */
@Controller()
export class GuruSalesController {
  constructor(private readonly processor: SaleProcessor) {}

  /** Size and nesting are refused on the raw bytes, before JSON.parse (docs/mapping.md#bounds). */
  @EventPattern(TOPICS.guruTransactions)
  handleGuruEvent(
    @Payload(new ContractPipe(GURU_TRANSACTION_EVENT, GuruTransactionEventSchema, GURU_BOUNDS)) event: GuruTransactionEvent,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    return this.processor.handleGuruEvent(event, context.getMessage());
  }
}
