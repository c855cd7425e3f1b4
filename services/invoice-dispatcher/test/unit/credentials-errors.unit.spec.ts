import { deadLetterReason, isInfrastructureError } from '@gv/kafka';
import { CredentialsMissingError, CredentialsUnavailableError } from '../../src/credentials/credentials-provider';

/**
 * config-service unreachable is our own infrastructure: the consumer runner must retry the sale in
 * place (isInfrastructureError), never dead-letter or park it. A missing pair is not: it parks.
 */
describe('credentials errors as the consumer runner sees them', () => {
  it('config-service unavailable is retried in place, directly or as the cause of another error', () => {
    const unavailable = new CredentialsUnavailableError('config-service GetCredentials failed: code 14 UNAVAILABLE');
    expect(isInfrastructureError(unavailable)).toBe(true);
    expect(isInfrastructureError(new Error('reconcile failed', { cause: unavailable }))).toBe(true);
    expect(unavailable.name).toBe('CredentialsUnavailableError');
    expect(deadLetterReason(unavailable)).toEqual({ reason: 'CredentialsUnavailableError: config-service GetCredentials failed: code 14 UNAVAILABLE', field: null });
  });

  it('missing credentials are not infrastructure', () => {
    expect(isInfrastructureError(new CredentialsMissingError('acct_1', 'no_tokens'))).toBe(false);
  });
});
