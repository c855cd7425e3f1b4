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
    'GET /health/live': 'liveness probe of the orchestrator (probes cannot always carry a secret); answers {status: ok}, nothing else',
    'GET /health/ready': 'readiness probe; names the checks (database, kafka, kafka_producer) and their state, no addresses or values',
  },
  'mapping-service': {
    'GET /health/live': 'liveness probe',
    'GET /health/ready': 'readiness probe',
  },
  'invoice-dispatcher': {
    'GET /health/live': 'liveness probe',
    'GET /health/ready': 'readiness probe',
  },
};

/**
 * Operators' routes, behind OPS_HTTP_TOKEN (a bearer token of their own: neither an admin nor an
 * internal token opens them, and the ops token opens nothing else).
 */
export const OPS_ROUTES: Record<string, Record<string, string>> = {
  'config-service': {
    'GET /metrics': 'Prometheus scrape; counters and gauges labelled by outcome and caller name, never account data or tokens',
  },
  'mapping-service': {
    'GET /metrics': 'Prometheus scrape',
    'GET /config-view/{accountId}': "the settings view mapping-service keeps of an account (versions, switches, product codes; never tokens)",
  },
  'invoice-dispatcher': {
    'GET /metrics': 'Prometheus scrape',
  },
};

/**
 * Express routes of config-service outside Nest's route table: the API's own description (no data
 * of any account), behind OPS_HTTP_TOKEN like the other operators' routes.
 */
export const OPS_DOC_ROUTES = ['GET /docs', 'GET /docs/openapi.json'];

/**
 * gRPC methods that take an INTERNAL_API_TOKENS token (callers are services, not the admin
 * backend). Every other method of the proto is an admin method: it must refuse internal tokens and
 * answer PERMISSION_DENIED to an admin token on an account it may not use.
 */
export const INTERNAL_GRPC_METHODS = new Set(['/guru.vhsys.config.v1.VhsysCredentials/GetCredentials']);
