export * from './free-port';
export * from './stack';
export * from './account-setup';
