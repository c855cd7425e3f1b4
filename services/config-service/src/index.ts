// Public entry of config-service (`@gv/config-service`): what tools, bench and system tests may use
// to run the service in their own process. Other services never import it (eslint.config.mjs);
// anything not exported here is internal to the service.
export { RunningConfigService, startConfigService } from './start-config-service';
export { loadConfigServiceConfig } from './config-service.config';
export { reencryptCredentials } from './reencrypt/reencrypt-credentials';
export type { ReencryptOptions, ReencryptReport } from './reencrypt/reencrypt-credentials';
export { SalesHistoryKeys } from './sales-history/sales-query';
