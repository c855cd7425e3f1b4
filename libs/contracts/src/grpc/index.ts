export * from './config-service-proto';
export * from './status-details';
export * from './credentials-client';
