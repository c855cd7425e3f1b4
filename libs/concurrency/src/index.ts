export * from './semaphore';
export * from './periodic-task';
export * from './batcher';
