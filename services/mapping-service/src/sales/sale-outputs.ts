import { EntityManager } from 'typeorm';
import {
  DISPATCH_RESULT, DispatchResult, DispatchResultSchema, parseContract, SALE_ORDER, SaleOrder, SaleOrderSchema,
  saleHeaders, saleKey, TopicNames,
} from '@gv/contracts';
import { enqueueOutbox, OutboxPublisher } from '@gv/db';

/** One of mapping-service's two outputs: the desired order, or a result. */
export type SaleOutput = { kind: 'order'; order: SaleOrder } | { kind: 'result'; result: DispatchResult };

interface OutgoingSaleMessage {
  topic: string;
  key: string;
  value: SaleOrder | DispatchResult;
  contract: string;
  headers: Record<string, string>;
}

/**
 * Publishes mapping-service's two outputs, validated against their contracts on the way out:
 * straight to Kafka (`publish`, the Guru-event path, made durable by the consumer's offset), or
 * through the transactional outbox (`enqueue`, inside the caller's transaction; the OutboxRelay
 * publishes it once committed).
 */
export class SaleOutputs {
  constructor(
    /** KafkaPublisher in the service; the same publisher the outbox relay uses. */
    private readonly publisher: OutboxPublisher,
    /** The deployment's topic names (`prefixedTopics(KAFKA_TOPIC_PREFIX)`). */
    private readonly topics: TopicNames,
  ) {}

  async publish(output: SaleOutput): Promise<void> {
    const { topic, ...message } = this.message(output);
    await this.publisher.publish(topic, [message]);
  }

  async enqueue(manager: EntityManager, output: SaleOutput): Promise<void> {
    await enqueueOutbox(manager, this.message(output));
  }

  private message(output: SaleOutput): OutgoingSaleMessage {
    const [topic, contract, value] = output.kind === 'order'
      ? [this.topics.saleOrders, SALE_ORDER, parseContract(SALE_ORDER, SaleOrderSchema, output.order)] as const
      : [this.topics.dispatchResults, DISPATCH_RESULT, parseContract(DISPATCH_RESULT, DispatchResultSchema, output.result)] as const;
    return { topic, key: saleKey(value.accountId, value.guruTransactionId), value, contract, headers: saleHeaders(value) };
  }
}
