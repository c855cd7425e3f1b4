import { CustomTransportStrategy, MessageHandler as NestMessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { ConsumerRunner, ConsumerRunnerOptions, HandlerControls, InboundMessage } from '../consumer-runner';
import { KafkaEventContext } from './kafka-event.context';

export interface KafkaConsumerServerOptions extends Omit<ConsumerRunnerOptions, 'handler' | 'topics'> {
  /**
   * The topics this consumer group reads, by their unprefixed names (`TOPICS.*`): the names the
   * `@EventPattern`s use. The group subscribes to `topicPrefix + name`.
   */
  patterns: string[];
  /** The deployment's KAFKA_TOPIC_PREFIX. */
  topicPrefix: string;
}

/**
 * One Kafka consumer group as a Nest microservice server (`app.connectMicroservice({ strategy })`).
 *
 * Nest registers every `@EventPattern(topic)` method with it; `listen` starts a ConsumerRunner on
 * the topics it was given and routes each message to its topic's handler, through Nest's pipes,
 * guards, interceptors and filters. The runner keeps what kafkajs and Nest's own Kafka transport
 * do not give (docs/kafka.md): per-key concurrency inside a partition, contiguous offset commits,
 * rebalance epochs, the dead-letter topic, in-place retry of infrastructure errors and the
 * crash-loop breaker. A handler's error is its verdict: it reaches the runner unchanged
 * (ConsumerErrorsFilter), which retries or dead-letters it.
 *
 * `listen` runs after the application's `onApplicationBootstrap` hooks (the bootstrap calls
 * `app.init()` before `startAllMicroservices()`), so whatever must be ready before the first
 * message (the settings view) is ready; `close` runs before any `onApplicationShutdown` hook, so
 * the database, the publisher and the outbox outlive the consumers.
 */
export class KafkaConsumerServer extends Server implements CustomTransportStrategy {
  private runner: ConsumerRunner | null = null;

  constructor(private readonly options: KafkaConsumerServerOptions) {
    super();
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /** True once the group has assigned this instance its partitions (readiness). */
  get isJoined(): boolean {
    return this.runner?.isJoined ?? false;
  }

  async waitUntilJoined(timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.runner) {
      if (Date.now() > deadline) throw new Error(`consumer group ${this.options.groupId} was not started within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.runner.waitUntilJoined(Math.max(1, deadline - Date.now()));
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { patterns, topicPrefix, ...runnerOptions } = this.options;
      const routes = new Map<string, NestMessageHandler>();
      for (const pattern of patterns) {
        const handler = this.getHandlerByPattern(pattern);
        if (!handler) throw new Error(`no @EventPattern('${pattern}') handler for consumer group ${runnerOptions.groupId}`);
        routes.set(`${topicPrefix}${pattern}`, handler);
      }
      this.runner = new ConsumerRunner({
        ...runnerOptions,
        topics: [...routes.keys()],
        handler: (message, controls) => this.dispatch(routes, message, controls),
      });
      await this.runner.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.runner?.stop();
  }

  on(): never {
    throw new Error('KafkaConsumerServer has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.runner as T;
  }

  private async dispatch(routes: Map<string, NestMessageHandler>, message: InboundMessage, controls: HandlerControls): Promise<void> {
    const handler = routes.get(message.topic);
    if (!handler) throw new Error(`no handler for topic ${message.topic}`);
    const result = await handler(message.value, new KafkaEventContext([message, controls]));
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}
