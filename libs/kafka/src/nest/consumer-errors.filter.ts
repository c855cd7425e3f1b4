import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Hands every error of a Kafka handler back to the consumer unchanged. Nest's default RPC filter
 * replaces an unknown error by `{ status: 'error', message: 'Internal server error' }`, which
 * would hide what the consumer decides on: an infrastructure error is retried in place, a
 * `PermanentMessageError` or a contract violation is dead-lettered with its field
 * (docs/kafka.md#error-handling).
 */
@Catch()
export class ConsumerErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
