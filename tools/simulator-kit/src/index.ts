export { readBoundedBody, listenHttp } from './http-server';
export type { ListeningServer } from './http-server';
export { adminJsonCall } from './admin-call';
export { runStandalone } from './run-standalone';
