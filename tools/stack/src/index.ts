export * from './free-port';
export * from './stack';
