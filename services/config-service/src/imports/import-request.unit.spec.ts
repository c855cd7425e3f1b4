import { ServiceError } from '../settings/errors';
import { importSegments, parseImportRequest } from './import-request';

function refusal(body: unknown): { path: string; message: string } {
  try {
    parseImportRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    return (error as ServiceError).details[0];
  }
  throw new Error('accepted');
}

describe('parseImportRequest', () => {
  it('reads a period of Brasília days and the filters', () => {
    expect(parseImportRequest({ from: '2025-01-01T00:00:00-03:00', to: '2026-01-01T00:00:00-03:00', productIds: ['P1', 'P1', 'P2'], statuses: ['approved'] }))
      .toEqual({ from: '2025-01-01T00:00:00-03:00', to: '2026-01-01T00:00:00-03:00', productIds: ['P1', 'P2'], statuses: ['approved'] });
  });

  it('names the bad field', () => {
    expect(refusal({ from: '2025-01-01', to: '2026-01-01T00:00:00-03:00' }).path).toBe('from');
    expect(refusal({ from: '2025-01-01T00:00:00-03:00', to: '2025-01-01T12:00:00-03:00' }).path).toBe('to');
    expect(refusal({ from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00-03:00' }).path).toBe('from');
    expect(refusal({ from: '2020-01-01T00:00:00-03:00', to: '2026-01-01T00:00:00-03:00' })).toEqual({ path: 'to', message: 'the period is 2192 days, above the limit of 1096' });
    expect(refusal({ from: '2025-01-01T00:00:00-03:00', to: '2025-02-01T00:00:00-03:00', productIds: [] }).path).toBe('productIds');
    expect(refusal({ from: '2025-01-01T00:00:00-03:00', to: '2025-02-01T00:00:00-03:00', statuses: ['approved', 'Not A Status'] }).path).toBe('statuses[1]');
    expect(refusal({ from: '2025-01-01T00:00:00-03:00', to: '2025-02-01T00:00:00-03:00', extra: 1 }).path).toBe('extra');
  });
});

describe('importSegments', () => {
  it('splits into windows of at most 180 days, one listing per product in each', () => {
    expect(importSegments({ from: '2025-01-01T00:00:00-03:00', to: '2025-12-01T00:00:00-03:00', productIds: ['A', 'B'] })).toEqual([
      { from: '2025-01-01T00:00:00-03:00', to: '2025-06-30T00:00:00-03:00', productId: 'A' },
      { from: '2025-01-01T00:00:00-03:00', to: '2025-06-30T00:00:00-03:00', productId: 'B' },
      { from: '2025-06-30T00:00:00-03:00', to: '2025-12-01T00:00:00-03:00', productId: 'A' },
      { from: '2025-06-30T00:00:00-03:00', to: '2025-12-01T00:00:00-03:00', productId: 'B' },
    ]);
    expect(importSegments({ from: '2025-01-01T00:00:00-03:00', to: '2025-02-01T00:00:00-03:00', productIds: null }))
      .toEqual([{ from: '2025-01-01T00:00:00-03:00', to: '2025-02-01T00:00:00-03:00', productId: null }]);
  });
});
