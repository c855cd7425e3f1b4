import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DISPATCH_RESULT, DispatchResult, DispatchResultSchema, SALE_ORDER, SaleOrder, SaleOrderSchema, TOPICS } from '@gv/contracts';
import { ContractPipe } from '@gv/kafka';
import { SalesHistoryService } from './sales-history-service';

/**
 * The sales history's Kafka input (consumer group config-service-sales-history): the sale orders
 * (Guru status, buyer, total of each revision) and every result (outcome, Vhsys ids, steps).
 * Values reach the handlers validated against their contracts (bounded before parsing); a
 * violation is dead-lettered with the field it names and the partition goes on.
 */
@Controller()
export class SalesHistoryConsumer {
  constructor(@Inject(SalesHistoryService) private readonly history: SalesHistoryService) {}

  @EventPattern(TOPICS.saleOrders)
  async saleOrder(@Payload(new ContractPipe(SALE_ORDER, SaleOrderSchema)) order: SaleOrder): Promise<void> {
    await this.history.applySaleOrder(order);
  }

  @EventPattern(TOPICS.dispatchResults)
  async result(@Payload(new ContractPipe(DISPATCH_RESULT, DispatchResultSchema)) result: DispatchResult): Promise<void> {
    await this.history.applyResult(result);
  }
}
