import fc from 'fast-check';
import { DISPATCH_OUTCOMES } from '@gv/contracts';
import { generateAlphanumericCnpj, generateCpf, formatDocument } from '@gv/brazil';
import { ServiceError } from '../settings/errors';
import {
  decodeCursor, encodeCursor, filterFingerprint, parseLimit, parseReprocessMax, parseSalesFilter, SalesFilter, SalesHistoryKeys,
} from './sales-query';

const keys = new SalesHistoryKeys(Buffer.alloc(32, 3));
const none: SalesFilter = { outcomes: null, from: null, to: null, guruTransactionId: null, buyerDocumentHash: null };

function details(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('validation_failed');
    return (error as ServiceError).details;
  }
  throw new Error('expected a validation error');
}

describe('parseSalesFilter', () => {
  it('accepts every documented field', () => {
    const filter = parseSalesFilter({
      outcome: 'failed,created', from: '2026-03-01T00:00:00-03:00', to: '2026-04-01T00:00:00-03:00', guruTransactionId: 'tx-1', buyerDocument: '529.982.247-25',
    }, keys);
    expect(filter).toEqual({
      outcomes: ['created', 'failed'],
      from: new Date('2026-03-01T03:00:00.000Z'),
      to: new Date('2026-04-01T03:00:00.000Z'),
      guruTransactionId: 'tx-1',
      buyerDocumentHash: keys.documentHash('52998224725'),
    });
    expect(parseSalesFilter({ outcome: ['paused', 'paused'] }, keys).outcomes).toEqual(['paused']);
    expect(parseSalesFilter({ outcome: '', from: '', to: '' }, keys)).toEqual(none);
  });

  it('names each bad field and never echoes a document', () => {
    const problems = details(() => parseSalesFilter({
      outcome: 'created,bogus', from: '2026-03-01T00:00:00', to: '2026-03-01', guruTransactionId: 'a\nb', buyerDocument: '529.982.247-26',
    }, keys));
    expect(problems).toEqual([
      { path: 'outcome', message: `must be one or several of ${DISPATCH_OUTCOMES.join(', ')}` },
      { path: 'from', message: 'must be an ISO 8601 date-time with its offset, e.g. 2026-03-01T00:00:00-03:00' },
      { path: 'to', message: 'must be an ISO 8601 date-time with its offset, e.g. 2026-03-01T00:00:00-03:00' },
      { path: 'guruTransactionId', message: 'must be 1-64 characters without control characters' },
      { path: 'buyerDocument', message: 'must be a valid CPF or CNPJ (invalid CPF check digits)' },
    ]);
    expect(JSON.stringify(problems)).not.toContain('529');
  });

  it('bounds the period', () => {
    expect(details(() => parseSalesFilter({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, keys))).toEqual([{ path: 'to', message: 'must be later than from' }]);
    expect(details(() => parseSalesFilter({ from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' }, keys))).toEqual([{ path: 'to', message: 'must be at most 366 days after from' }]);
    expect(details(() => parseSalesFilter({ from: '1999-12-31T23:59:59Z' }, keys))).toEqual([{ path: 'from', message: 'must be from the year 2000 to 2099' }]);
    expect(parseSalesFilter({ from: '2025-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, keys).to).toEqual(new Date('2026-01-02T00:00:00Z'));
  });

  it('matches a document however it is typed (CPF, numeric or alphanumeric CNPJ), and only that document', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 12, maxLength: 12 }), fc.boolean(), fc.boolean(), (draws, cnpj, punctuated) => {
        let i = 0;
        const random = () => draws[i++ % draws.length]!;
        const document = cnpj ? generateAlphanumericCnpj(random) : generateCpf(random);
        const typed = punctuated ? formatDocument(document).toLowerCase() : document;
        expect(parseSalesFilter({ buyerDocument: typed }, keys).buyerDocumentHash).toEqual(keys.documentHash(document));
        expect(keys.documentHash(document).equals(new SalesHistoryKeys(Buffer.alloc(32, 4)).documentHash(document))).toBe(false);
      }),
    );
  });

  it('refuses any outcome list with an unknown value', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...DISPATCH_OUTCOMES), { maxLength: 3 }), fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !(DISPATCH_OUTCOMES as readonly string[]).includes(s) && !s.includes(',')), (good, bad) => {
        expect(details(() => parseSalesFilter({ outcome: [...good, bad].join(',') }, keys))[0]!.path).toBe('outcome');
      }),
    );
  });
});

describe('limits', () => {
  it('takes a page size of 1..100 (default 25) and a reprocess max of 1..500 (default 100)', () => {
    expect(parseLimit(undefined)).toBe(25);
    expect(parseLimit('100')).toBe(100);
    expect(parseLimit(7)).toBe(7);
    for (const bad of ['0', '101', '-1', '1.5', 'ten', '00000']) expect(details(() => parseLimit(bad))).toEqual([{ path: 'limit', message: 'must be an integer from 1 to 100' }]);
    expect(parseReprocessMax(undefined)).toBe(100);
    expect(parseReprocessMax(500)).toBe(500);
    for (const bad of [501, -1, 1.5, '10']) expect(details(() => parseReprocessMax(bad))).toEqual([{ path: 'max', message: 'must be an integer from 1 to 500' }]);
  });
});

describe('cursor', () => {
  const fingerprint = filterFingerprint('acct-1', none);

  it('round-trips any position', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), fc.string({ minLength: 1, maxLength: 64 }).filter((s) => /^[^\x00-\x1f\x7f]+$/.test(s)), (ms, id) => {
        const cursor = encodeCursor({ lastEventAtMs: ms, guruTransactionId: id }, fingerprint, keys);
        expect(cursor.length).toBeLessThanOrEqual(400);
        expect(decodeCursor(cursor, fingerprint, keys)).toEqual({ lastEventAtMs: ms, guruTransactionId: id });
      }),
    );
    expect(decodeCursor(undefined, fingerprint, keys)).toBeNull();
    expect(decodeCursor('', fingerprint, keys)).toBeNull();
  });

  it('refuses a cursor altered in any character, signed with another key, or of another account or filter', () => {
    const cursor = encodeCursor({ lastEventAtMs: Date.UTC(2026, 2, 10), guruTransactionId: 'tx-9' }, fingerprint, keys);
    fc.assert(
      fc.property(fc.nat({ max: cursor.length - 1 }), fc.constantFrom(...'ABCxyz019-_'), (at, c) => {
        fc.pre(cursor[at] !== c && cursor[at] !== '.');
        const altered = cursor.slice(0, at) + c + cursor.slice(at + 1);
        expect(details(() => decodeCursor(altered, fingerprint, keys))[0]!.path).toBe('cursor');
      }),
    );
    // Every spelling of the signature's last character but ours (base64url's unused low bits).
    for (const c of 'AEIMQUYcgkosw048') {
      const respelled = cursor.slice(0, -1) + c;
      if (respelled !== cursor) expect(details(() => decodeCursor(respelled, fingerprint, keys))[0]!.path).toBe('cursor');
    }
    const otherKey = encodeCursor({ lastEventAtMs: Date.UTC(2026, 2, 10), guruTransactionId: 'tx-9' }, fingerprint, new SalesHistoryKeys(Buffer.alloc(32, 5)));
    expect(details(() => decodeCursor(otherKey, fingerprint, keys))).toEqual([{ path: 'cursor', message: 'is not a cursor returned by this API (signature mismatch)' }]);
    expect(details(() => decodeCursor(cursor, filterFingerprint('acct-2', none), keys))).toEqual([
      { path: 'cursor', message: 'belongs to another account or filter: send the same filters as the first page, or start again without a cursor' },
    ]);
    expect(details(() => decodeCursor(cursor, filterFingerprint('acct-1', { ...none, outcomes: ['failed'] }), keys))[0]!.path).toBe('cursor');
    expect(details(() => decodeCursor('x'.repeat(401), fingerprint, keys))).toEqual([{ path: 'cursor', message: 'is not a cursor returned by this API (nextCursor)' }]);
  });
});
