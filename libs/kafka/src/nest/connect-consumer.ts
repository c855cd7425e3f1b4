import type { INestApplication } from '@nestjs/common';
import { ConsumerErrorsFilter } from './consumer-errors.filter';
import { KafkaConsumerServer } from './kafka-consumer.server';

/** Connects a consumer group to the application; it starts with `app.startAllMicroservices()`. */
export function connectKafkaConsumer(app: INestApplication, server: KafkaConsumerServer): void {
  app.connectMicroservice({ strategy: server }).useGlobalFilters(new ConsumerErrorsFilter());
}
