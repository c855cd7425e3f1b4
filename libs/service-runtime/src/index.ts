export * from './health';
export * from './ops-controller';
export * from './nest-logger';
export * from './shutdown';
export * from './checks';
