export * from './rng';
export * from './catalog';
export * from './installment-plan';
export * from './generate-sale';
export * from './status-change';
export * from './integration-config';
export * from './guru-producer';
