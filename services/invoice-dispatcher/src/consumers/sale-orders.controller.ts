import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SALE_ORDER, SaleOrder, SaleOrderSchema, TOPICS } from '@gv/contracts';
import { ContractPipe, KafkaEventContext } from '@gv/kafka';
import { DispatchService } from '../dispatch/dispatch-service';

/**
 * The dispatcher's Kafka input: sale orders (main consumer group) and their wake-ups on the retry
 * topic (retry group, delivered no earlier than their not-before header). The payload reaches the
 * handler validated against the sale-order contract; a violation is dead-lettered with its field.
 */
@Controller()
export class SaleOrdersController {
  constructor(private readonly dispatch: DispatchService) {}

  @EventPattern(TOPICS.saleOrders)
  async saleOrder(@Payload(new ContractPipe(SALE_ORDER, SaleOrderSchema)) sale: SaleOrder, @Ctx() ctx: KafkaEventContext): Promise<void> {
    await this.dispatch.handleSaleOrder(sale, ctx.getMessage());
  }

  @EventPattern(TOPICS.saleOrdersRetry)
  async retry(@Payload(new ContractPipe(SALE_ORDER, SaleOrderSchema)) sale: SaleOrder, @Ctx() ctx: KafkaEventContext): Promise<void> {
    await this.dispatch.handleRetry(sale, ctx.getMessage());
  }
}
