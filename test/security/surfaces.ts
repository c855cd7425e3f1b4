/**
 * What the route matrix knows about the product beyond what the services enumerate themselves:
 * the routes that may answer without a token (each with its reason), and which gRPC methods take
 * internal rather than admin tokens. Everything else is derived from the running services and the
 * proto, so a new route or method is covered (and must refuse anonymous callers) without an edit.
 * docs/security.md explains each entry.
 */

/** HTTP routes any caller may reach without a token, per service (`METHOD /path/{param}`). */
export const OPEN_ROUTES: Record<string, Record<string, string>> = {
  'config-service': {
    'GET /health/live': 'liveness probe of the orchestrator; answers {status: ok}, nothing else',
    'GET /health/ready': 'readiness probe; names the checks (database, kafka, kafka_producer) and their state, no addresses or values',
    'GET /metrics': 'Prometheus scrape; counters and gauges labelled by outcome and caller name, never account data or tokens',
  },
  'mapping-service': {
    'GET /health/live': 'liveness probe',
    'GET /health/ready': 'readiness probe',
    'GET /metrics': 'Prometheus scrape',
  },
  'invoice-dispatcher': {
    'GET /health/live': 'liveness probe',
    'GET /health/ready': 'readiness probe',
    'GET /metrics': 'Prometheus scrape',
  },
};

/**
 * Express routes of config-service outside Nest's route table, open by design: the API's own
 * description (no data of any account). Checked to answer without a token.
 */
export const OPEN_DOC_ROUTES = ['GET /docs', 'GET /docs/openapi.json'];

/**
 * Routes that answer without a token TODAY but must not: they wait for the HTTP hardening change
 * (a token, or loopback only). The suite asserts each is still open, so when the hardening lands
 * this fails until the entry is deleted here, and from then on the route must answer 401.
 */
export const OPEN_PENDING_HARDENING: Record<string, Record<string, string>> = {
  'mapping-service': {
    'GET /config-view/{accountId}': "an account's settings version, switches and product codes, to anyone who can reach the port",
  },
};

/**
 * gRPC methods that take an INTERNAL_API_TOKENS token (callers are services, not the admin
 * backend). Every other method of the proto is an admin method: it must refuse internal tokens and
 * answer PERMISSION_DENIED to an admin token on an account it may not use.
 */
export const INTERNAL_GRPC_METHODS = new Set(['/guru.vhsys.config.v1.VhsysCredentials/GetCredentials']);
