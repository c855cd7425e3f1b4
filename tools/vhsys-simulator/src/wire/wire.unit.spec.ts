import { decimalPlaces, formatDecimal, multiplyMicros, parseDecimal, roundToCents } from './decimal';
import { brasiliaTimestamp, filterTimestamp } from './brasilia-time';
import { buildNfeKey, nfeKeyCheckDigit } from './nfe-key';
import { doubleEncodeUtf8 } from './mojibake';

describe('decimal', () => {
  it('parses, multiplies and prints with the requested precision', () => {
    expect(parseDecimal('1.99')).toBe(1_990_000n);
    expect(parseDecimal(19.9)).toBe(19_900_000n);
    expect(parseDecimal('1.000,00')).toBeNull();
    expect(decimalPlaces('410.3766')).toBe(4);
    expect(decimalPlaces(37.5)).toBe(1);
    const total = multiplyMicros(parseDecimal('3')!, parseDecimal('1.995')!);
    expect(formatDecimal(total, 6)).toBe('5.985000');
    expect(formatDecimal(roundToCents(total), 2)).toBe('5.99');
    expect(formatDecimal(parseDecimal('63.3')!, 6)).toBe('63.300000');
    expect(formatDecimal(parseDecimal('3')!, 4)).toBe('3.0000');
  });
});

describe('Brasília time', () => {
  it('prints UTC-3 and reads filter values', () => {
    expect(brasiliaTimestamp(new Date('2026-06-11T13:00:00Z'))).toBe('2026-06-11 10:00:00');
    expect(filterTimestamp('2026-06-11')).toBe('2026-06-11 00:00:00');
    expect(filterTimestamp('11/06/2026')).toBeNull();
  });
});

describe('NF-e key', () => {
  it('is 44 digits with a valid mod-11 check digit', () => {
    const key = buildNfeKey({ ufCode: 41, issuedAt: new Date('2026-06-11T13:00:00Z'), cnpjEmitente: '11222333000181', serie: 1, numero: 1225, codigoNumerico: 12870 });
    expect(key).toMatch(/^\d{44}$/);
    expect(key.slice(0, 6)).toBe('412606');
    expect(key.slice(20, 22)).toBe('55');
    expect(Number(key[43])).toBe(nfeKeyCheckDigit(key.slice(0, 43)));
  });
  it('computes the check digit by hand-checked example', () => {
    // Only the last digit is non-zero: weight 2, sum 2, remainder 2, DV 11 - 2 = 9.
    expect(nfeKeyCheckDigit('0000000000000000000000000000000000000000001')).toBe(9);
  });
});

describe('mojibake', () => {
  it('double-encodes like /situacoes', () => {
    expect(doubleEncodeUtf8('Em separação')).toBe('Em separaÃ§Ã£o');
  });
});
