import {
  DISPATCH_RESULT, DispatchResult, DispatchResultSchema, HEADERS, parseContract, SALE_ORDER, SaleOrder,
  SaleOrderSchema, saleKey, TOPICS,
} from '@gv/contracts';
import { KafkaPublisher } from '@gv/kafka';

/** Publishes mapping-service's two outputs, validated against their contracts on the way out. */
export class SaleOutputs {
  constructor(private readonly publisher: KafkaPublisher) {}

  async publishOrder(order: SaleOrder): Promise<void> {
    const value = parseContract(SALE_ORDER, SaleOrderSchema, order);
    await this.publisher.publish(TOPICS.saleOrders, [
      {
        key: saleKey(value.accountId, value.guruTransactionId),
        value,
        contract: SALE_ORDER,
        headers: {
          [HEADERS.accountId]: value.accountId,
          [HEADERS.saleId]: value.guruTransactionId,
          [HEADERS.revision]: String(value.revision),
        },
      },
    ]);
  }

  async publishResult(result: DispatchResult): Promise<void> {
    const value = parseContract(DISPATCH_RESULT, DispatchResultSchema, result);
    await this.publisher.publish(TOPICS.dispatchResults, [
      {
        key: saleKey(value.accountId, value.guruTransactionId),
        value,
        contract: DISPATCH_RESULT,
        headers: {
          [HEADERS.accountId]: value.accountId,
          [HEADERS.saleId]: value.guruTransactionId,
          [HEADERS.revision]: String(value.revision),
        },
      },
    ]);
  }
}
