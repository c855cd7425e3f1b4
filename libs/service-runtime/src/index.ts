export * from './health';
export * from './ops-controller';
export * from './nest-logger';
export * from './shutdown';
export * from './checks';
export * from './service-runtime.module';
export * from './start-service';
export * from './ops-token.guard';
