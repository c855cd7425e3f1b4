import type { INestApplication } from '@nestjs/common';
import type { NestMicroservice } from '@nestjs/microservices';
import { ConsumerErrorsFilter } from './consumer-errors.filter';
import { KafkaConsumerServer } from './kafka-consumer.server';

/** Connects a consumer group to the application; it starts with `app.startAllMicroservices()`. */
export function connectKafkaConsumer(app: INestApplication, server: KafkaConsumerServer): void {
  // Nest builds each handler's exception zone when it registers the listeners, with the global
  // filters known then; connectMicroservice registers them at once unless deferred, and a filter
  // added afterwards is ignored (Nest only warns). So: defer, add the filter, then register
  // exactly as connectMicroservice does (marking init hooks as called: app.init() runs them once).
  const microservice = app.connectMicroservice({ strategy: server }, { deferInitialization: true }) as NestMicroservice;
  microservice.useGlobalFilters(new ConsumerErrorsFilter());
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
}
