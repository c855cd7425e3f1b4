export * from './topics/topics';
export * from './headers/headers';
export * from './validation';
export * from './guru-transaction/guru-transaction-event';
export * from './integration-config/integration-config';
export * from './sale-order/sale-order';
export * from './dispatch-result/dispatch-result';
export * from './grpc';
