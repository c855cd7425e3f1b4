export * from './load-config';
export * from './grpc-tls';
