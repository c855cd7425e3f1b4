import fc from 'fast-check';
import { PermanentMessageError } from './errors';
import { decodeJson, DEFAULT_JSON_LIMITS, jsonNestingDepth } from './serialization';

const bytes = (text: string) => Buffer.from(text, 'utf8');

function refusal(run: () => unknown): { reason: string; field: string | null } {
  try {
    run();
  } catch (error) {
    if (error instanceof PermanentMessageError) return { reason: error.reason, field: error.field };
    throw error;
  }
  throw new Error('expected a PermanentMessageError');
}

describe('jsonNestingDepth', () => {
  it('counts objects and arrays, not brackets inside strings or escaped quotes', () => {
    expect(jsonNestingDepth(bytes('1'))).toBe(0);
    expect(jsonNestingDepth(bytes('{}'))).toBe(1);
    expect(jsonNestingDepth(bytes('{"a":[{"b":[1,2]},[]]}'))).toBe(4);
    expect(jsonNestingDepth(bytes('{"a":"[[[{{{","b":"\\"[[[\\\\","c":[1]}'))).toBe(2);
    expect(jsonNestingDepth(bytes('["ação {", ["€["]]'))).toBe(2);
  });

  it('stops as soon as the limit is passed', () => {
    expect(jsonNestingDepth(bytes('['.repeat(1000)), 10)).toBe(11);
  });

  it('agrees with the real depth of any JSON value', () => {
    const depthOf = (value: unknown): number => (value !== null && typeof value === 'object'
      ? 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depthOf))
      : 0);
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
      expect(jsonNestingDepth(bytes(JSON.stringify(value)))).toBe(depthOf(value));
    }), { numRuns: 500 });
  });
});

describe('decodeJson bounds (before JSON.parse)', () => {
  it('refuses a value above maxBytes naming the bound', () => {
    const value = bytes(JSON.stringify({ text: 'x'.repeat(200) }));
    expect(refusal(() => decodeJson(value, { maxBytes: 100, maxDepth: 8 }))).toEqual({
      reason: `value is ${value.length} bytes, above the bound of 100 bytes`,
      field: '(value)',
    });
    expect(decodeJson(value, { maxBytes: value.length, maxDepth: 8 })).toEqual({ text: 'x'.repeat(200) });
  });

  it('refuses nesting deeper than maxDepth without recursing (a million levels)', () => {
    const deep = bytes('['.repeat(1_000_000) + ']'.repeat(1_000_000));
    expect(refusal(() => decodeJson(deep, { maxBytes: 4_000_000, maxDepth: 64 }))).toEqual({
      reason: 'value nests objects/arrays deeper than the bound of 64 levels',
      field: '(value)',
    });
    expect(decodeJson(bytes('[[[1]]]'), { maxBytes: 100, maxDepth: 3 })).toEqual([[[1]]]);
    expect(refusal(() => decodeJson(bytes('[[[[1]]]]'), { maxBytes: 100, maxDepth: 3 })).field).toBe('(value)');
  });

  it('defaults to 1 MiB and 64 levels', () => {
    expect(DEFAULT_JSON_LIMITS).toEqual({ maxBytes: 1048576, maxDepth: 64 });
    expect(refusal(() => decodeJson(Buffer.alloc(1048577, 0x20))).reason).toBe('value is 1048577 bytes, above the bound of 1048576 bytes');
  });

  it('keeps refusing framing and malformed JSON as before, and a null value is null', () => {
    expect(() => decodeJson(Buffer.from([0, 1, 2]))).toThrow(SyntaxError);
    expect(() => decodeJson(bytes('{"a":'))).toThrow(SyntaxError);
    expect(decodeJson(null)).toBeNull();
  });
});
