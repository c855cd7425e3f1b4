import {
  DISPATCH_RESULT, DispatchResult, DispatchResultSchema, parseContract, SALE_ORDER, SaleOrder, SaleOrderSchema,
  saleHeaders, saleKey, TOPICS,
} from '@gv/contracts';
import { KafkaPublisher } from '@gv/kafka';

/** Publishes mapping-service's two outputs, validated against their contracts on the way out. */
export class SaleOutputs {
  constructor(private readonly publisher: KafkaPublisher) {}

  async publishOrder(order: SaleOrder): Promise<void> {
    await this.publish(TOPICS.saleOrders, SALE_ORDER, parseContract(SALE_ORDER, SaleOrderSchema, order));
  }

  async publishResult(result: DispatchResult): Promise<void> {
    await this.publish(TOPICS.dispatchResults, DISPATCH_RESULT, parseContract(DISPATCH_RESULT, DispatchResultSchema, result));
  }

  private async publish(topic: string, contract: string, value: SaleOrder | DispatchResult): Promise<void> {
    await this.publisher.publish(topic, [
      { key: saleKey(value.accountId, value.guruTransactionId), value, contract, headers: saleHeaders(value) },
    ]);
  }
}
