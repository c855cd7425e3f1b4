import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSRequestTimeoutError } from 'kafkajs';
import { InfrastructureUnavailableError, isInfrastructureError, PERMANENT_PUBLISH_ERROR_TYPES, PermanentMessageError, permanentPublishFailure } from './errors';

/** kafkajs's protocol error for a broker error code, as its produce path throws it. */
const protocolError = (type: string, code: number, retriable: boolean, message: string) =>
  new KafkaJSProtocolError({ type, code, retriable, message } as never);

describe('permanentPublishFailure', () => {
  it('names the broker error of a message that can never be written', () => {
    expect(permanentPublishFailure(protocolError('MESSAGE_TOO_LARGE', 10, false, 'too large'))).toEqual({ reason: 'MESSAGE_TOO_LARGE: too large', wholeTopic: false });
    expect(permanentPublishFailure(protocolError('RECORD_LIST_TOO_LARGE', 18, false, 'batch too large'))).toEqual({ reason: 'RECORD_LIST_TOO_LARGE: batch too large', wholeTopic: false });
    expect(permanentPublishFailure(protocolError('INVALID_RECORD', 87, false, 'invalid'))).toEqual({ reason: 'INVALID_RECORD: invalid', wholeTopic: false });
    expect(permanentPublishFailure(protocolError('INVALID_TOPIC_EXCEPTION', 17, false, 'bad topic'))).toEqual({ reason: 'INVALID_TOPIC_EXCEPTION: bad topic', wholeTopic: true });
    expect(permanentPublishFailure(protocolError('TOPIC_AUTHORIZATION_FAILED', 29, false, 'no'))).toEqual({ reason: 'TOPIC_AUTHORIZATION_FAILED: no', wholeTopic: true });
  });

  it('looks through kafkajs retry wrappers (an unknown topic fails after the client retried it)', () => {
    const unknown = protocolError('UNKNOWN_TOPIC_OR_PARTITION', 3, true, 'This server does not host this topic-partition');
    const wrapped = new KafkaJSNumberOfRetriesExceeded(unknown, { retryCount: 8, retryTime: 1000 } as never);
    expect(permanentPublishFailure(wrapped)).toEqual({ reason: 'UNKNOWN_TOPIC_OR_PARTITION: This server does not host this topic-partition', wholeTopic: true });
  });

  it('leaves every failure that may pass to a retry', () => {
    expect(permanentPublishFailure(new KafkaJSConnectionError('Connection error: ECONNREFUSED'))).toBeNull();
    expect(permanentPublishFailure(new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out'))).toBeNull();
    expect(permanentPublishFailure(new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('gone'), { retryCount: 8, retryTime: 1000 } as never))).toBeNull();
    // The idempotent producer's sequence errors are cured by a new producer, not by dropping the message.
    expect(permanentPublishFailure(protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', 45, false, 'out of order'))).toBeNull();
    expect(permanentPublishFailure(protocolError('NOT_LEADER_FOR_PARTITION', 6, true, 'not leader'))).toBeNull();
    expect(permanentPublishFailure(new Error('MESSAGE_TOO_LARGE'))).toBeNull();
    expect(permanentPublishFailure(null)).toBeNull();
    expect(permanentPublishFailure('MESSAGE_TOO_LARGE')).toBeNull();
  });

  it('classifies exactly the documented set', () => {
    expect([...PERMANENT_PUBLISH_ERROR_TYPES].sort()).toEqual([
      'INVALID_RECORD', 'INVALID_TOPIC_EXCEPTION', 'MESSAGE_TOO_LARGE', 'POLICY_VIOLATION', 'RECORD_LIST_TOO_LARGE',
      'TOPIC_AUTHORIZATION_FAILED', 'UNKNOWN_TOPIC_OR_PARTITION', 'UNSUPPORTED_FOR_MESSAGE_FORMAT',
    ]);
  });
});

describe('isInfrastructureError', () => {
  class ServiceDown extends InfrastructureUnavailableError {}

  it('recognises an InfrastructureUnavailableError and its subclasses, also as a cause', () => {
    expect(isInfrastructureError(new InfrastructureUnavailableError('config-service unreachable'))).toBe(true);
    expect(isInfrastructureError(new ServiceDown('down'))).toBe(true);
    expect(isInfrastructureError(new Error('wrapped', { cause: new ServiceDown('down') }))).toBe(true);
  });

  it('takes TypeORM\'s released query runner (its connection died) for infrastructure, also as a cause', async () => {
    const { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } = await import('typeorm');
    expect(isInfrastructureError(new QueryRunnerAlreadyReleasedError())).toBe(true);
    expect(isInfrastructureError(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
    expect(isInfrastructureError(new Error('step failed', { cause: new QueryRunnerAlreadyReleasedError() }))).toBe(true);
  });

  it('does not take an ordinary error, or a permanent one, for infrastructure', () => {
    expect(isInfrastructureError(new Error('boom'))).toBe(false);
    expect(isInfrastructureError(new PermanentMessageError('bad', 'field'))).toBe(false);
  });
});
