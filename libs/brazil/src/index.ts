export * from './money';
export * from './documents';
export * from './dates';
export * from './phone';
export * from './address';
