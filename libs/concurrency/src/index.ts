export * from './semaphore';
export * from './periodic-task';
export * from './batcher';
export * from './keyed-counts';
