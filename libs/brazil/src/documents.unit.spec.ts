import fc from 'fast-check';
import { formatCnpj, formatCpf, formatDocument, generateCnpj, generateCpf, isValidCnpj, isValidCpf, onlyDigits, parseDocument } from './documents';

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
    expect(parseDocument('012.345.678-90')).toEqual({ ok: true, kind: 'CPF', tipoPessoa: 'PF', digits: '01234567890' });
    expect(parseDocument(' 11.222.333/0001-81 ')).toEqual({ ok: true, kind: 'CNPJ', tipoPessoa: 'PJ', digits: '11222333000181' });
    expect(parseDocument('012 345 678 90')).toMatchObject({ ok: true, digits: '01234567890' });
  });

  it('names why a document is not usable', () => {
    expect(parseDocument('')).toEqual({ ok: false, reason: 'missing' });
    expect(parseDocument(null)).toEqual({ ok: false, reason: 'missing' });
    expect(parseDocument('012.345.678-91')).toEqual({ ok: false, reason: 'invalid CPF check digits' });
    expect(parseDocument('11.222.333/0001-82')).toEqual({ ok: false, reason: 'invalid CNPJ check digits' });
    expect(parseDocument('***.456.789-**')).toMatchObject({ ok: false, reason: expect.stringContaining('only digits') });
    expect(parseDocument('123456789')).toEqual({ ok: false, reason: 'expected 11 (CPF) or 14 (CNPJ) digits, got 9' });
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
        expect(parseDocument(formatCpf(cpf))).toMatchObject({ ok: true, digits: cpf });
        expect(parseDocument(formatCnpj(cnpj))).toMatchObject({ ok: true, digits: cnpj });
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
