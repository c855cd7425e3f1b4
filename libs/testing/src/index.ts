export * from './test-environment';
export * from './kafka-probe';
export * from './otlp-collector';
export * from './service-process';
export * from './free-port';
export * from './test-certificates';
export * from './kafka-security';
