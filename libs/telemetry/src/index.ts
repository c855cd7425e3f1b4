export * from './tracing';
export * from './logger';
export * from './metrics';
export * from './redaction';
export * from './prometheus-text';
export * from './cached-gauge';
