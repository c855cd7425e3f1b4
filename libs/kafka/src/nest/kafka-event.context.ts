import { BaseRpcContext } from '@nestjs/microservices';
import type { HandlerControls, InboundMessage } from '../consumer-runner';

/**
 * What a Kafka `@EventPattern` handler can read besides its payload (`@Ctx()`): the whole message
 * (key, headers, partition, offset) and the heartbeat for long work.
 */
export class KafkaEventContext extends BaseRpcContext<[InboundMessage, HandlerControls]> {
  getMessage(): InboundMessage {
    return this.args[0];
  }

  getKey(): string | null {
    return this.args[0].key;
  }

  getHeaders(): Record<string, string> {
    return this.args[0].headers;
  }

  /** Keeps the group membership alive during long work. */
  heartbeat(): Promise<void> {
    return this.args[1].heartbeat();
  }

  /** The message now counts in its lane's room (HandlerControls.roomTaken). */
  roomTaken(): void {
    this.args[1].roomTaken();
  }
}
