export * from './semaphore';
