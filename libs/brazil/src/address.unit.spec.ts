import { formatCep, formatCepVhsys, isBrazilCountry, normalizeAddress, normalizeCep, normalizeUf } from './address';

describe('CEP', () => {
  it.each([
    ['83324-090', '83324090'],
    ['83.324-090', '83324090'],
    ['83324090', '83324090'],
    [1310100, '01310100'],
    ['1310-100', '01310100'],
    ['00000-000', null],
    ['8332409', '08332409'],
    ['833240901', null],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(normalizeCep(input)).toBe(expected);
  });

  it('formats', () => {
    expect(formatCep('83324090')).toBe('83324-090');
    expect(formatCepVhsys('83324090')).toBe('83.324-090');
  });
});

describe('UF', () => {
  it.each([
    ['PR', 'PR'],
    [' pr ', 'PR'],
    ['Paraná', 'PR'],
    ['parana', 'PR'],
    ['SÃO PAULO', 'SP'],
    ['Distrito  Federal', 'DF'],
    ['XX', null],
    ['', null],
  ])('%s → %s', (input, expected) => {
    expect(normalizeUf(input)).toBe(expected);
  });
});

describe('country', () => {
  it.each([['BR', true], ['bra', true], ['Brasil', true], ['Brazil', true], ['', true], [null, true], ['PT', false], ['US', false]])('%s → %s', (input, expected) => {
    expect(isBrazilCountry(input)).toBe(expected);
  });
});

describe('normalizeAddress', () => {
  const full = { street: ' Rua  Terra Rica ', number: '123', complement: 'Casa 2', district: 'Centro', city: 'Pinhais', state: 'pr', zipCode: '83324-090' };

  it('normalises a complete address', () => {
    expect(normalizeAddress(full)).toEqual({
      ok: true,
      address: { street: 'Rua Terra Rica', number: '123', complement: 'Casa 2', district: 'Centro', city: 'Pinhais', uf: 'PR', cep: '83324090' },
    });
  });

  it('uses S/N for an empty number and the full state name when the UF is unusable', () => {
    expect(normalizeAddress({ ...full, number: '', state: '', stateFullName: 'Paraná' })).toMatchObject({ ok: true, address: { number: 'S/N', uf: 'PR' } });
  });

  it('keeps long numbers within 7 characters, moving the rest to the complement', () => {
    expect(normalizeAddress({ ...full, number: '1234 fundos' })).toMatchObject({ ok: true, address: { number: '1234', complement: 'fundos - Casa 2' } });
    expect(normalizeAddress({ ...full, number: 'Km 23,5 da BR-116', complement: '' })).toMatchObject({ ok: true, address: { number: 'S/N', complement: 'Km 23,5 da BR-116' } });
  });

  it('cuts district and complement to 45 characters', () => {
    const result = normalizeAddress({ ...full, district: 'D'.repeat(60), complement: 'C'.repeat(60) });
    expect(result).toMatchObject({ ok: true, address: { district: 'D'.repeat(45), complement: 'C'.repeat(45) } });
  });

  it('names what is missing', () => {
    expect(normalizeAddress({})).toEqual({ ok: false, missing: ['street', 'city', 'uf', 'cep'] });
    expect(normalizeAddress({ ...full, zipCode: '123' })).toEqual({ ok: false, missing: ['cep'] });
  });
});
