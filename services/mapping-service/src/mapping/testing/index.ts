// Test entry of mapping-service (`@gv/mapping-service/testing`): the fixtures the tests of tools,
// bench and the system tests may use (the through-Kafka fuzz draws its hostile messages, with the
// field and reason mapping-service gives each, from the mapping's own fuzz). Test files only
// (eslint.config.mjs); like everything under src/**/testing/ it is not built into dist/.
export { hostileMessages } from './mapping-fuzz';
export type { HostileMessage } from './mapping-fuzz';
