import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { errorFields, Logger } from '@gv/telemetry';
import { HTTP_STATUS, ServiceError } from '../settings/errors';

/** Every error as `{ error, message, details: [{ path, message }] }`; unexpected ones logged without request data. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
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
      const code = status === 404 ? 'not_found' : status === 405 ? 'method_not_allowed' : status < 500 ? 'invalid_request' : 'internal';
      res.status(status).json({ error: code, message: status === 404 ? 'no such endpoint' : exception.message, details: [] });
      return;
    }
    this.logger.error({ ...errorFields(exception) }, 'request failed');
    res.status(500).json({ error: 'internal', message: 'internal error; see the service log', details: [] });
  }
}
