export * from './load-config';
export * from './grpc-tls';
export * from './ops-http';
export * from './kafka-security';
