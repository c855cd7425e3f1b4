import { storedEvent } from './stored-event';

describe('storedEvent', () => {
  it('drops the Guru Account Token and keeps everything else as received', () => {
    const event = { accountId: 'acct_1', receivedAt: '2026-03-01T12:00:05Z', transaction: { id: 'tx-1', api_token: 'k'.repeat(40), status: 'approved', items: [{ code: 'A' }] } };
    expect(storedEvent(event)).toEqual({ accountId: 'acct_1', receivedAt: '2026-03-01T12:00:05Z', transaction: { id: 'tx-1', status: 'approved', items: [{ code: 'A' }] } });
    // The event being handled is not modified.
    expect(event.transaction.api_token).toBe('k'.repeat(40));
  });

  it('returns an event without a token as it is', () => {
    const event = { accountId: 'acct_1', transaction: { id: 'tx-1' } };
    expect(storedEvent(event)).toBe(event);
  });
});
