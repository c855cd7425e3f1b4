import { toWebhookForm, unixToIsoSeconds } from './webhook-form';

describe('toWebhookForm', () => {
  it('turns the API form (Unix dates, trackings) into the webhook form, leaving the input alone', () => {
    const api = {
      id: 't-1',
      dates: { ordered_at: 1772366400, confirmed_at: 1772366580, canceled_at: null, expires_at: '' },
      subscription: { id: 'sub_1', started_at: 1772366400, last_status_at: 1772366580, charged_times: 3 },
      trackings: { source: 'ig', utm_source: 'instagram' },
      payment: { total: 97 },
    };
    const copy = structuredClone(api);
    expect(toWebhookForm(api)).toEqual({
      id: 't-1',
      dates: { ordered_at: '2026-03-01T12:00:00Z', confirmed_at: '2026-03-01T12:03:00Z', canceled_at: null, expires_at: '' },
      subscription: { id: 'sub_1', started_at: '2026-03-01T12:00:00Z', last_status_at: '2026-03-01T12:03:00Z', charged_times: 3 },
      source: { source: 'ig', utm_source: 'instagram' },
      payment: { total: 97 },
    });
    expect(api).toEqual(copy);
  });

  it('leaves a body already in the webhook form as it is', () => {
    const webhook = { id: 't-2', dates: { ordered_at: '2026-03-01T12:00:00Z' }, subscription: [], source: { source: '' } };
    expect(toWebhookForm(webhook)).toEqual(webhook);
  });

  it('converts only positive Unix numbers', () => {
    expect(unixToIsoSeconds(0)).toBe(0);
    expect(unixToIsoSeconds('1772366400')).toBe('1772366400');
    expect(unixToIsoSeconds(1772366400.4)).toBe('2026-03-01T12:00:00Z');
  });
});
