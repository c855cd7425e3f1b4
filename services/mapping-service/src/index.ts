// Public entry of mapping-service (`@gv/mapping-service`): what tools, bench and system tests may
// use. Other services never import it (eslint.config.mjs); anything not exported here is internal.
// The bench maps generated sales with the service's own pure mapping.
export { mapSale } from './mapping';
