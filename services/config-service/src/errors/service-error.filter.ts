import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { Metadata, status as GrpcStatus, StatusObject } from '@grpc/grpc-js';
import type { Response } from 'express';
import { Observable, throwError } from 'rxjs';
import { encodeStatusDetails, GRPC_ERROR_TRAILERS } from '@gv/contracts';
import { errorFields, Logger } from '@gv/telemetry';
import { SERVICE_LOGGER } from '@gv/service-runtime';
import { HTTP_STATUS, ServiceError, ServiceErrorCode } from '../settings/errors';

export const GRPC_STATUS: Record<ServiceErrorCode, GrpcStatus> = {
  invalid_request: GrpcStatus.INVALID_ARGUMENT,
  validation_failed: GrpcStatus.INVALID_ARGUMENT,
  vhsys_credentials_rejected: GrpcStatus.INVALID_ARGUMENT,
  vhsys_product_not_found: GrpcStatus.INVALID_ARGUMENT,
  guru_token_rejected: GrpcStatus.INVALID_ARGUMENT,
  unauthenticated: GrpcStatus.UNAUTHENTICATED,
  forbidden: GrpcStatus.PERMISSION_DENIED,
  not_found: GrpcStatus.NOT_FOUND,
  credentials_not_set: GrpcStatus.FAILED_PRECONDITION,
  guru_token_not_set: GrpcStatus.FAILED_PRECONDITION,
  reprocess_refused: GrpcStatus.FAILED_PRECONDITION,
  audit_refused: GrpcStatus.FAILED_PRECONDITION,
  import_already_running: GrpcStatus.ALREADY_EXISTS,
  version_conflict: GrpcStatus.ABORTED,
  precondition_required: GrpcStatus.FAILED_PRECONDITION,
  vhsys_unavailable: GrpcStatus.UNAVAILABLE,
  guru_unavailable: GrpcStatus.UNAVAILABLE,
  operations_unavailable: GrpcStatus.UNAVAILABLE,
  internal: GrpcStatus.INTERNAL,
};

/** Metadata values must be printable ASCII: JSON with every other character \u-escaped. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Every error of both transports, from the same ServiceError codes:
 * - HTTP: `{ error, message, details: [{ path, message }] }` with the status of HTTP_STATUS;
 * - gRPC: the status of GRPC_STATUS, the message, and trailers x-error-code, x-error-details,
 *   x-current-version and grpc-status-details-bin (google.rpc.Status with BadRequest).
 * Unexpected errors are logged without request data and answered as `internal`.
 */
@Catch()
export class ServiceErrorFilter implements ExceptionFilter {
  constructor(@Inject(SERVICE_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() === 'rpc') return throwError(() => this.grpcStatus(exception));
    this.reply(exception, host.switchToHttp().getResponse<Response>());
  }

  private reply(exception: unknown, res: Response): void {
    if (res.headersSent) return;
    if (exception instanceof ServiceError) {
      if (exception.extra.currentVersion !== undefined) res.setHeader('ETag', `"${exception.extra.currentVersion}"`);
      if (exception.code === 'unauthenticated') res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(HTTP_STATUS[exception.code]).json({
        error: exception.code,
        message: exception.message,
        details: exception.details,
        ...(exception.extra.currentVersion !== undefined ? { currentVersion: exception.extra.currentVersion } : {}),
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = status === 404 ? 'not_found' : status === 401 ? 'unauthenticated' : status === 405 ? 'method_not_allowed' : status < 500 ? 'invalid_request' : 'internal';
      res.status(status).json({ error: code, message: status === 404 ? 'no such endpoint' : exception.message, details: [] });
      return;
    }
    this.logger.error({ ...errorFields(exception) }, 'request failed');
    res.status(500).json({ error: 'internal', message: 'internal error; see the service log', details: [] });
  }

  private grpcStatus(exception: unknown): Partial<StatusObject> {
    const metadata = new Metadata();
    if (exception instanceof ServiceError) {
      const code = GRPC_STATUS[exception.code];
      metadata.set(GRPC_ERROR_TRAILERS.code, exception.code);
      metadata.set(GRPC_ERROR_TRAILERS.details, asciiJson(exception.details));
      if (exception.extra.currentVersion !== undefined) metadata.set(GRPC_ERROR_TRAILERS.currentVersion, String(exception.extra.currentVersion));
      metadata.set(GRPC_ERROR_TRAILERS.statusDetails, encodeStatusDetails(code, exception.message, exception.details));
      return { code, details: exception.message, metadata };
    }
    this.logger.error({ ...errorFields(exception) }, 'gRPC call failed');
    metadata.set(GRPC_ERROR_TRAILERS.code, 'internal');
    return { code: GrpcStatus.INTERNAL, details: 'internal error; see the service log', metadata };
  }
}
