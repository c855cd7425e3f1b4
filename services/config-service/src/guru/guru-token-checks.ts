import { GuruApiClient, GuruApiError } from '@gv/guru-client';
import type { Logger } from '@gv/telemetry';
import { ServiceError } from '../settings/errors';

/** The check config-service makes with Guru while saving the seller's Guru API user token. */
export interface GuruTokenChecks {
  /** Resolves when Guru accepts the token; throws guru_token_rejected or guru_unavailable. */
  verifyUserToken(userToken: string): Promise<void>;
}

export interface GuruTokenChecksOptions {
  /** Guru's API base including /api/v2 (GURU_API_BASE_URL). */
  baseUrl: string;
  /** Deadline of each HTTP attempt (GURU_API_TIMEOUT_MS). */
  timeoutMs: number;
  logger: Logger;
}

export const GURU_TOKEN_REJECTED_MESSAGE =
  'O Guru recusou o token de usuário informado. Gere um novo token em Meu Perfil > Tokens API no Guru e copie o valor completo.';

/**
 * Asks Guru whether the token is accepted (GuruApiClient.checkToken: one listing of today's orders,
 * one row). A save waits for the answer, so the retries are few and Guru's rate limit is not
 * waited out: a busy or unreachable Guru is guru_unavailable and nothing is saved. Logs carry the
 * kind and status of a failure, never the token.
 */
export function createGuruTokenChecks(options: GuruTokenChecksOptions): GuruTokenChecks {
  return {
    async verifyUserToken(userToken) {
      const client = new GuruApiClient({
        baseUrl: options.baseUrl,
        userToken,
        timeoutMs: options.timeoutMs,
        retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRateLimitRetries: 0, maxRateLimitWaitMs: 0 },
      });
      let result: Awaited<ReturnType<GuruApiClient['checkToken']>>;
      try {
        result = await client.checkToken();
      } catch (error) {
        const kind = error instanceof GuruApiError ? error.kind : 'unexpected';
        const httpStatus = error instanceof GuruApiError ? error.httpStatus : null;
        options.logger.warn({ guru: { operation: 'check_token', kind, httpStatus } }, 'Guru call failed while saving the Guru API token');
        throw new ServiceError('guru_unavailable', `Guru could not answer (${kind}); nothing was saved, try again`);
      }
      if (!result.valid) {
        options.logger.warn({ guru: { operation: 'check_token', kind: 'auth', httpStatus: result.httpStatus } }, 'Guru refused the Guru API token being saved');
        throw new ServiceError('guru_token_rejected', GURU_TOKEN_REJECTED_MESSAGE, [{ path: 'userToken', message: `was refused by Guru (HTTP ${result.httpStatus})` }]);
      }
    },
  };
}
