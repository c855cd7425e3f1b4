import type { INestApplication } from '@nestjs/common';
import { NestMicroservice } from '@nestjs/microservices';
import { ConsumerErrorsFilter } from './consumer-errors.filter';
import { KafkaConsumerServer } from './kafka-consumer.server';

/**
 * Connects a consumer group to the application; it starts with `app.startAllMicroservices()`.
 *
 * Nest binds a microservice's global filters when it registers its handlers, which
 * `connectMicroservice` does at once. So registration is deferred, the filter added, and then the
 * same three steps Nest takes for a non-deferred microservice are taken (handlers registered, the
 * application's own init hooks not run a second time).
 */
export function connectKafkaConsumer(app: INestApplication, server: KafkaConsumerServer): void {
  const microservice = app.connectMicroservice({ strategy: server }, { deferInitialization: true }) as NestMicroservice;
  microservice.useGlobalFilters(new ConsumerErrorsFilter());
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
}
