import fc from 'fast-check';
import {
  cnpjCheckDigits, DOCUMENT_MAX_LENGTH, formatCnpj, formatCpf, formatDocument, generateAlphanumericCnpj, generateCnpj, generateCpf, isValidCnpj,
  isValidCpf, maskDocument, normalizeDocument, onlyDigits, parseDocument,
} from './documents';

describe('CPF', () => {
  it.each(['01234567890', '52998224725', '11144477735'])('accepts the valid CPF %s', (cpf) => {
    expect(isValidCpf(cpf)).toBe(true);
  });

  it.each([
    ['01234567891', 'wrong second digit'],
    ['01234567880', 'wrong first digit'],
    ['00000000000', 'repeated digits pass mod 11 but are not real'],
    ['11111111111', 'repeated digits'],
    ['0123456789', 'too short'],
  ])('rejects %s (%s)', (cpf) => {
    expect(isValidCpf(cpf)).toBe(false);
  });
});

describe('CNPJ', () => {
  it.each(['11222333000181', '11444777000161', '04252011000110'])('accepts the valid CNPJ %s', (cnpj) => {
    expect(isValidCnpj(cnpj)).toBe(true);
  });

  it.each(['11222333000182', '11222333000191', '00000000000000', '1122233300018'])('rejects %s', (cnpj) => {
    expect(isValidCnpj(cnpj)).toBe(false);
  });
});

describe('parseDocument', () => {
  it('strips punctuation and classifies', () => {
    expect(parseDocument('012.345.678-90')).toEqual({ ok: true, kind: 'CPF', tipoPessoa: 'PF', document: '01234567890' });
    expect(parseDocument(' 11.222.333/0001-81 ')).toEqual({ ok: true, kind: 'CNPJ', tipoPessoa: 'PJ', document: '11222333000181' });
    expect(parseDocument('012 345 678 90')).toMatchObject({ ok: true, document: '01234567890' });
  });

  it('names why a document is not usable', () => {
    expect(parseDocument('')).toEqual({ ok: false, reason: 'missing' });
    expect(parseDocument(null)).toEqual({ ok: false, reason: 'missing' });
    expect(parseDocument('012.345.678-91')).toEqual({ ok: false, reason: 'invalid CPF check digits' });
    expect(parseDocument('11.222.333/0001-82')).toEqual({ ok: false, reason: 'invalid CNPJ check digits' });
    expect(parseDocument('***.456.789-**')).toEqual({
      ok: false, reason: 'must contain only digits, letters (alphanumeric CNPJ) and punctuation (redacted documents are not accepted)',
    });
    expect(parseDocument('123456789')).toEqual({ ok: false, reason: 'expected 11 (CPF) or 14 (CNPJ) characters, got 9' });
    expect(parseDocument('1'.repeat(DOCUMENT_MAX_LENGTH + 1))).toEqual({ ok: false, reason: 'longer than 40 characters' });
  });
});

describe('formatting', () => {
  it('formats CPF and CNPJ', () => {
    expect(formatCpf('01234567890')).toBe('012.345.678-90');
    expect(formatCnpj('11222333000181')).toBe('11.222.333/0001-81');
    expect(formatDocument('01234567890')).toBe('012.345.678-90');
    expect(formatDocument('11222333000181')).toBe('11.222.333/0001-81');
    expect(onlyDigits('11.222.333/0001-81')).toBe('11222333000181');
  });
});

describe('generation', () => {
  it('generates valid documents from any random source, and round-trips through formatting', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 20, maxLength: 20 }), (draws) => {
        let i = 0;
        const random = () => draws[i++ % draws.length];
        const cpf = generateCpf(random);
        const cnpj = generateCnpj(random);
        expect(isValidCpf(cpf)).toBe(true);
        expect(isValidCnpj(cnpj)).toBe(true);
        expect(parseDocument(formatCpf(cpf))).toMatchObject({ ok: true, document: cpf });
        expect(parseDocument(formatCnpj(cnpj))).toMatchObject({ ok: true, document: cnpj });
      }),
    );
  });

  it('changing any single digit of a valid CPF breaks it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const cpf = '52998224725';
        const changed = cpf.slice(0, position) + String((Number(cpf[position]) + delta) % 10) + cpf.slice(position + 1);
        expect(isValidCpf(changed)).toBe(false);
      }),
    );
  });
});

describe('alphanumeric CNPJ (in force since July 2026)', () => {
  const OFFICIAL = '12ABC34501DE35'; // Receita Federal's example, 12.ABC.345/01DE-35

  it('accepts the official example, formatted, unformatted and in lower case', () => {
    expect(isValidCnpj(OFFICIAL)).toBe(true);
    expect(cnpjCheckDigits('12ABC34501DE')).toBe('35');
    const expected = { ok: true, kind: 'CNPJ', tipoPessoa: 'PJ', document: OFFICIAL };
    expect(parseDocument('12.ABC.345/01DE-35')).toEqual(expected);
    expect(parseDocument('12ABC34501DE35')).toEqual(expected);
    expect(parseDocument('12.abc.345/01de-35')).toEqual(expected);
    expect(parseDocument(' 12 AbC 345 01dE 35 ')).toEqual(expected);
    expect(formatCnpj(OFFICIAL)).toBe('12.ABC.345/01DE-35');
    expect(formatDocument(OFFICIAL)).toBe('12.ABC.345/01DE-35');
    expect(normalizeDocument('12.abc.345/01de-35')).toBe(OFFICIAL);
  });

  it('computes each character as its ASCII code − 48 (hand-computed: Σ 1290 → 8, Σ 1408 → 0)', () => {
    expect(cnpjCheckDigits('ABCDEFGHIJKL')).toBe('80');
    expect(isValidCnpj('ABCDEFGHIJKL80')).toBe(true);
    // Numeric CNPJs go through the same sums as before.
    expect(cnpjCheckDigits('112223330001')).toBe('81');
  });

  it.each([
    ['12ABC34501DE36', 'wrong second check digit'],
    ['12ABC34501DE45', 'wrong first check digit'],
    ['12ABC34501DE53', 'check digits swapped'],
    ['12ABD34501DE35', 'one letter changed'],
    ['12ABC34501DF35', 'last letter of the base changed'],
    ['12abc34501de35', 'lower case is not the normalised form'],
    ['12ABC34501DEA5', 'a letter in the check digits'],
    ['12.ABC.345/01DE-35', 'punctuation is not the normalised form'],
  ])('isValidCnpj rejects %s (%s)', (cnpj) => {
    expect(isValidCnpj(cnpj)).toBe(false);
  });

  it('names why an alphanumeric document is not usable', () => {
    expect(parseDocument('12.ABC.345/01DE-36')).toEqual({ ok: false, reason: 'invalid CNPJ check digits' });
    expect(parseDocument('12.abc.345/01de-53')).toEqual({ ok: false, reason: 'invalid CNPJ check digits' });
    expect(parseDocument('12.ABC.345/01DE-3A')).toEqual({ ok: false, reason: 'the CNPJ check digits (last two characters) must be digits' });
    expect(parseDocument('012.345.678-9A')).toEqual({ ok: false, reason: 'a CPF has digits only' });
    expect(parseDocument('12.ABC.345/01DE-3')).toEqual({ ok: false, reason: 'expected 11 (CPF) or 14 (CNPJ) characters, got 13' });
    expect(parseDocument('12.ÀBC.345/01DE-35')).toMatchObject({ ok: false, reason: expect.stringContaining('only digits, letters') });
    // "ß".toUpperCase() is "SS": only ASCII letters are folded, so this stays invalid.
    expect(parseDocument('12.ABC.345/01Dß-35')).toMatchObject({ ok: false, reason: expect.stringContaining('only digits, letters') });
    expect(parseDocument('12_ABC_345_01DE_35')).toMatchObject({ ok: false, reason: expect.stringContaining('only digits, letters') });
  });

  it('rejects a CNPJ of 14 equal characters, as for digits', () => {
    expect(isValidCnpj('00000000000000')).toBe(false);
    expect(parseDocument('00.000.000/0000-00')).toEqual({ ok: false, reason: 'invalid CNPJ check digits' });
  });

  it('cannot tell characters whose values differ by a multiple of 11 (a property of the official scheme)', () => {
    // '0' (0) and 'F' (22): same weight mod 11, so both documents carry check digits 35.
    expect(isValidCnpj('12ABC345F1DE35')).toBe(true);
    // 'A' (17) and 'L' (28).
    expect(isValidCnpj('12LBC34501DE35')).toBe(true);
  });

  it('formatCnpj refuses what is not 12 [0-9A-Z] + 2 digits', () => {
    expect(() => formatCnpj('12abc34501de35')).toThrow('formatCnpj needs 12 characters [0-9A-Z] and 2 digits');
    expect(() => formatCnpj('12ABC34501DEA5')).toThrow('formatCnpj needs');
    expect(() => cnpjCheckDigits('12ABC34501D')).toThrow('cnpjCheckDigits needs 12 characters [0-9A-Z]');
  });

  const CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const base = fc.array(fc.constantFrom(...CHARS), { minLength: 12, maxLength: 12 }).map((chars) => chars.join(''));
  const value = (c: string) => c.charCodeAt(0) - 48;
  const lowerSome = (text: string, mask: boolean[]) => [...text].map((c, i) => (mask[i] ? c.toLowerCase() : c)).join('');

  it('property: 12 random [0-9A-Z] + their check digits is valid; formatted, lower-cased or not, it parses back to itself', () => {
    fc.assert(
      fc.property(base, fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }), (b, lower) => {
        const cnpj = b + cnpjCheckDigits(b);
        fc.pre(!/^(.)\1*$/.test(cnpj));
        expect(isValidCnpj(cnpj)).toBe(true);
        const formatted = formatCnpj(cnpj);
        expect(formatted).toHaveLength(18);
        expect(parseDocument(formatted)).toEqual({ ok: true, kind: 'CNPJ', tipoPessoa: 'PJ', document: cnpj });
        expect(parseDocument(lowerSome(formatted, lower))).toEqual({ ok: true, kind: 'CNPJ', tipoPessoa: 'PJ', document: cnpj });
        expect(parseDocument(lowerSome(cnpj, lower))).toEqual({ ok: true, kind: 'CNPJ', tipoPessoa: 'PJ', document: cnpj });
        expect(formatDocument(normalizeDocument(formatted))).toBe(formatted);
      }),
    );
  });

  it('property: changing one character of a valid CNPJ invalidates it, except in the two blind spots of mod 11', () => {
    fc.assert(
      fc.property(base, fc.integer({ min: 0, max: 13 }), fc.constantFrom(...CHARS), (b, position, replacement) => {
        const cnpj = b + cnpjCheckDigits(b);
        fc.pre(!/^(.)\1*$/.test(cnpj) && cnpj[position] !== replacement);
        const changed = cnpj.slice(0, position) + replacement + cnpj.slice(position + 1);
        if (position >= 12) {
          // A check digit changed: never valid (a letter there is not even the right shape).
          expect(isValidCnpj(changed)).toBe(false);
        } else if ((value(replacement) - value(cnpj[position])) % 11 === 0) {
          // Same value mod 11 (e.g. '0' ↔ 'F'): the sums do not move, the document stays valid.
          expect(isValidCnpj(changed)).toBe(true);
        } else if (cnpj.slice(12) !== '00') {
          // Each sum moves by weight × difference, non-zero mod 11, so a check digit changes.
          expect(isValidCnpj(changed)).toBe(false);
        } else {
          // Both check digits 0: remainders 0 and 1 both give 0, so a change may still be valid;
          // then it must be exactly because its own check digits are 00.
          expect(isValidCnpj(changed)).toBe(cnpjCheckDigits(changed.slice(0, 12)) === '00');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('generates alphanumeric CNPJs with at least one letter from any random source', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 12, maxLength: 12 }), (draws) => {
        let i = 0;
        const cnpj = generateAlphanumericCnpj(() => draws[i++ % draws.length]);
        expect(cnpj).toMatch(/^[0-9A-Z]{12}\d{2}$/);
        expect(cnpj.slice(0, 12)).toMatch(/[A-Z]/);
        expect(isValidCnpj(cnpj)).toBe(true);
        expect(parseDocument(formatCnpj(cnpj))).toMatchObject({ ok: true, document: cnpj });
      }),
    );
    expect(generateAlphanumericCnpj(() => 0)).toBe(`A00000000000${cnpjCheckDigits('A00000000000')}`);
  });

  it('leaves numeric CNPJs and CPFs as they were', () => {
    expect(parseDocument('11.222.333/0001-81')).toEqual({ ok: true, kind: 'CNPJ', tipoPessoa: 'PJ', document: '11222333000181' });
    expect(parseDocument('04252011000110')).toEqual({ ok: true, kind: 'CNPJ', tipoPessoa: 'PJ', document: '04252011000110' });
    expect(parseDocument('529.982.247-25')).toEqual({ ok: true, kind: 'CPF', tipoPessoa: 'PF', document: '52998224725' });
    expect(parseDocument('11.222.333/0001-82')).toEqual({ ok: false, reason: 'invalid CNPJ check digits' });
  });
});

describe('maskDocument', () => {
  it('hides the head and the check digits of a CPF or CNPJ', () => {
    expect(maskDocument('52998224725')).toBe('***.982.247-**');
    expect(maskDocument('11222333000181')).toBe('**.222.333/0001-**');
    expect(maskDocument('12ABC34501DE35')).toBe('**.ABC.345/01DE-**');
  });

  it('never echoes something that is not a normalised document', () => {
    expect(maskDocument('')).toBe('***');
    expect(maskDocument('529.982.247-25')).toBe('***');
    expect(maskDocument('1234')).toBe('***');
  });

  it('keeps at most the middle characters of any valid document', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 14, maxLength: 14 }), fc.constantFrom('cpf', 'cnpj', 'alnum'), (draws, kind) => {
        let i = 0;
        const random = () => draws[i++ % draws.length];
        const document = kind === 'cpf' ? generateCpf(random) : kind === 'cnpj' ? generateCnpj(random) : generateAlphanumericCnpj(random);
        const masked = maskDocument(document);
        const shown = masked.replace(/[^0-9A-Z]/g, '');
        expect(shown).toHaveLength(kind === 'cpf' ? 6 : 10);
        expect(document.slice(kind === 'cpf' ? 3 : 2, kind === 'cpf' ? 9 : 12)).toBe(shown);
        expect(masked.endsWith('-**')).toBe(true);
      }),
    );
  });
});
