import {
  DISPATCH_RESULT, DispatchResult, DispatchResultSchema, parseContract, SALE_ORDER, SaleOrder, SaleOrderSchema,
  saleHeaders, saleKey, TopicNames,
} from '@gv/contracts';
import { KafkaPublisher } from '@gv/kafka';

/** Publishes mapping-service's two outputs, validated against their contracts on the way out. */
export class SaleOutputs {
  constructor(
    private readonly publisher: KafkaPublisher,
    /** The deployment's topic names (`prefixedTopics(KAFKA_TOPIC_PREFIX)`). */
    private readonly topics: TopicNames,
  ) {}

  async publishOrder(order: SaleOrder): Promise<void> {
    await this.publish(this.topics.saleOrders, SALE_ORDER, parseContract(SALE_ORDER, SaleOrderSchema, order));
  }

  async publishResult(result: DispatchResult): Promise<void> {
    await this.publish(this.topics.dispatchResults, DISPATCH_RESULT, parseContract(DISPATCH_RESULT, DispatchResultSchema, result));
  }

  private async publish(topic: string, contract: string, value: SaleOrder | DispatchResult): Promise<void> {
    await this.publisher.publish(topic, [
      { key: saleKey(value.accountId, value.guruTransactionId), value, contract, headers: saleHeaders(value) },
    ]);
  }
}
