export * from './semaphore';
export * from './group-commit';
