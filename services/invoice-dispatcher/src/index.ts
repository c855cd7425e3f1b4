// Public entry of invoice-dispatcher (`@gv/invoice-dispatcher`): what tools, bench and system tests
// may use. Other services never import it (eslint.config.mjs); anything not exported here is
// internal. The bench drives the dispatcher's own Reconciler and Vhsys gateway with an in-memory
// ledger; the ops test creates the dispatcher's ledger schema with its first migration.
export type { LedgerPatch, LedgerRow, MarkerSearchProgress, StepName, StepRow } from './ledger/ledger-types';
export { Reconciler } from './reconcile/reconciler';
export type { StepJournal } from './reconcile/reconciler';
export { VhsysClientGateway } from './vhsys/vhsys-client-adapter';
export { VhsysCredentialPair } from './vhsys/vhsys-port';
export { DispatcherLedger1767312000000 } from './ledger/migrations/1767312000000-dispatcher-ledger';
