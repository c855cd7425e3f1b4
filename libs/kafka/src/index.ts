export * from './errors';
export * from './kafka-client';
export * from './serialization';
export * from './publisher';
export * from './consumer-runner';
export * from './topics-admin';
export * from './group-offsets';
