export * from './data-source';
export * from './outbox.entity';
export * from './outbox';
export * from './outbox-prune';
export * from './prepared-statements';
export * from './pg-crash-guard';
export * from './advisory-lock-key';
export * from './nest/service-database.module';
