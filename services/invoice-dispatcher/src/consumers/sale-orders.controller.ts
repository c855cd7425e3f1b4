import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SALE_ORDER, SALE_REPROCESS, SaleOrder, SaleOrderSchema, SaleReprocessRequest, SaleReprocessRequestSchema, TOPICS } from '@gv/contracts';
import { ContractPipe, JsonLimits, KafkaEventContext } from '@gv/kafka';
import { DispatchService } from '../dispatch/dispatch-service';

/**
 * A reprocess request is a few hundred bytes of flat JSON: anything far bigger or nested is no
 * request (room is left for additive fields).
 */
const REPROCESS_JSON_LIMITS: JsonLimits = { maxBytes: 16 * 1024, maxDepth: 4 };

/**
 * The dispatcher's Kafka input: sale orders and reprocess requests (main consumer group) and the
 * sale orders' wake-ups on the retry topic (retry group, delivered no earlier than their not-before
 * header). The payload reaches the handler validated against its contract; a violation is
 * dead-lettered with its field.
 */
@Controller()
export class SaleOrdersController {
  constructor(private readonly dispatch: DispatchService) {}

  @EventPattern(TOPICS.saleOrders)
  async saleOrder(@Payload(new ContractPipe(SALE_ORDER, SaleOrderSchema)) sale: SaleOrder, @Ctx() ctx: KafkaEventContext): Promise<void> {
    await this.dispatch.handleSaleOrder(sale, ctx.getMessage(), () => ctx.roomTaken());
  }

  @EventPattern(TOPICS.saleOrdersRetry)
  async retry(@Payload(new ContractPipe(SALE_ORDER, SaleOrderSchema)) sale: SaleOrder, @Ctx() ctx: KafkaEventContext): Promise<void> {
    await this.dispatch.handleRetry(sale, ctx.getMessage(), () => ctx.roomTaken());
  }

  /** The sales history's Reprocessar: a request naming one sale (no sale data). */
  @EventPattern(TOPICS.saleReprocess)
  async reprocess(
    @Payload(new ContractPipe(SALE_REPROCESS, SaleReprocessRequestSchema, REPROCESS_JSON_LIMITS)) request: SaleReprocessRequest,
    @Ctx() ctx: KafkaEventContext,
  ): Promise<void> {
    await this.dispatch.handleReprocess(request, ctx.getMessage());
  }
}
