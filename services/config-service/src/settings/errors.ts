/**
 * The one error type of the settings operations, with the code both transports translate:
 *
 * | code                        | HTTP | gRPC                |
 * |-----------------------------|------|---------------------|
 * | invalid_request             | 400  | INVALID_ARGUMENT    |
 * | validation_failed           | 422  | INVALID_ARGUMENT    |
 * | vhsys_credentials_rejected  | 422  | INVALID_ARGUMENT    |
 * | vhsys_product_not_found     | 422  | INVALID_ARGUMENT    |
 * | guru_token_rejected         | 422  | INVALID_ARGUMENT    |
 * | unauthenticated             | 401  | UNAUTHENTICATED     |
 * | forbidden                   | 403  | PERMISSION_DENIED   |
 * | not_found                   | 404  | NOT_FOUND           |
 * | credentials_not_set         | 409  | FAILED_PRECONDITION |
 * | guru_token_not_set          | 409  | FAILED_PRECONDITION |
 * | reprocess_refused           | 409  | FAILED_PRECONDITION |
 * | audit_refused               | 409  | FAILED_PRECONDITION |
 * | import_already_running      | 409  | ALREADY_EXISTS      |
 * | version_conflict            | 412  | ABORTED             |
 * | precondition_required       | 428  | FAILED_PRECONDITION |
 * | vhsys_unavailable           | 502  | UNAVAILABLE         |
 * | guru_unavailable            | 502  | UNAVAILABLE         |
 * | operations_unavailable      | 503  | UNAVAILABLE         |
 * | internal                    | 500  | INTERNAL            |
 *
 * Messages and details never contain submitted values (they may be tokens).
 */
export type ServiceErrorCode =
  | 'invalid_request'
  | 'validation_failed'
  | 'vhsys_credentials_rejected'
  | 'vhsys_product_not_found'
  | 'guru_token_rejected'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'credentials_not_set'
  | 'guru_token_not_set'
  | 'reprocess_refused'
  | 'audit_refused'
  | 'import_already_running'
  | 'version_conflict'
  | 'precondition_required'
  | 'vhsys_unavailable'
  | 'guru_unavailable'
  | 'operations_unavailable'
  | 'internal';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly extra: { currentVersion?: number } = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const HTTP_STATUS: Record<ServiceErrorCode, number> = {
  invalid_request: 400,
  validation_failed: 422,
  vhsys_credentials_rejected: 422,
  vhsys_product_not_found: 422,
  guru_token_rejected: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  credentials_not_set: 409,
  guru_token_not_set: 409,
  reprocess_refused: 409,
  audit_refused: 409,
  import_already_running: 409,
  version_conflict: 412,
  precondition_required: 428,
  vhsys_unavailable: 502,
  guru_unavailable: 502,
  operations_unavailable: 503,
  internal: 500,
};

/** The same 403 for every account a token may not use, whether or not the account exists. */
export const forbidden = () => new ServiceError('forbidden', 'this token may not access this account');
