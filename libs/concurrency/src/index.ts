export * from './semaphore';
export * from './periodic-task';
