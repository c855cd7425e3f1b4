export * from './sql-identifier';
export * from './dead-letters/dead-letters';
export * from './dead-letters/dlq-reader';
export * from './dead-letters/replay-journal';
export * from './dead-letters/dead-letter-operations';
export * from './consumer-lag';
export * from './database-reads';
