export * from './kafka-event.context';
export * from './consumer-errors.filter';
export * from './contract.pipe';
export * from './kafka-consumer.server';
export * from './kafka.module';
export * from './connect-consumer';
