/**
 * JSON logs (pino) carrying the active trace and span ids. Secrets are redacted by key wherever
 * they appear, as a second line of defence: code must not log them in the first place.
 *
 * Two layers: pino's path redaction for the known keys down to four levels, then a deep pass
 * (redaction.ts) over every logged object, error and child binding that censors secret-named keys
 * at any depth, turns errors into plain { type, message, stack, ... } with their own fields
 * censored, and scrubs `Bearer ...` / `access-token: ...` patterns from every string, the message
 * included.
 */
import pino, { Logger } from 'pino';
import { trace } from '@opentelemetry/api';
import { redactSecrets, scrubSecretsInText } from './redaction';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line. */
export const SECRET_KEYS = [
  'accessToken',
  'secretAccessToken',
  'access-token',
  'secret-access-token',
  'access_token',
  'secret_access_token',
  'authorization',
  'Authorization',
  'password',
  'token',
  'tokens',
  'api_token',
  'apiToken',
  'userToken',
  'user_token',
  'encryptionKey',
];

const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`].map((p) => (/[^a-zA-Z0-9_]/.test(k) ? p.replace(k, `["${k}"]`) : p)));

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'message',
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redactSecrets(bindings),
        log: (object) => redactSecrets(object),
      },
      serializers: {
        // Errors were already turned into redacted plain objects by formatters.log; keep them as they are.
        err: (value: unknown) => (value instanceof Error ? pino.stdSerializers.err(value) : value),
        // The message key: interpolated text may carry a secret the caller did not mean to log.
        message: (value: unknown) => (typeof value === 'string' ? scrubSecretsInText(value) : value),
      },
      redact: { paths: redactPaths, censor: '[redacted]' },
      mixin() {
        const span = trace.getActiveSpan();
        if (!span) return {};
        const ctx = span.spanContext();
        return { trace_id: ctx.traceId, span_id: ctx.spanId };
      },
    },
    destination,
  );
}

/** Error fields safe to log: name, message and stack, nothing attached to it. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return { err: { type: error.name, message: scrubSecretsInText(error.message), stack: error.stack && scrubSecretsInText(error.stack) } };
  }
  return { err: { message: scrubSecretsInText(String(error)) } };
}
