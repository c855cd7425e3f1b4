import { formatPhone, isBrazilPhone, normalizePhone } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['55', '41998765432', '41998765432'],
    ['55', '(41) 99876-5432', '41998765432'],
    ['55', '+55 41 99876-5432', '41998765432'],
    ['55', '5541998765432', '41998765432'],
    ['55', '041998765432', '41998765432'],
    ['55', '1234567980', '1234567980'], // Guru's own example: DDD 12, landline
    ['55', '4133334444', '4133334444'],
    ['55', '5133334444', '5133334444'],
    ['41', '998765432', '41998765432'],
    ['', '(11) 3333-4444', '1133334444'],
    ['55', '998765432', null],
    ['55', '', null],
    [null, null, null],
    ['1', '2025550123', null],
    ['55', '00998765432', null],
  ])('(%s, %s) → %s', (code, number, expected) => {
    expect(normalizePhone(code, number)).toBe(expected);
  });

  it('knows Brazilian numbers', () => {
    expect(isBrazilPhone('41998765432')).toBe(true);
    expect(isBrazilPhone('41898765432')).toBe(false); // 11 digits must be a 9 mobile
    expect(isBrazilPhone('20998765432')).toBe(false); // DDD 20 does not exist
    expect(isBrazilPhone('4113334444')).toBe(false); // landline cannot start with 1
  });

  it('formats', () => {
    expect(formatPhone('41998765432')).toBe('(41) 99876-5432');
    expect(formatPhone('4133334444')).toBe('(41) 3333-4444');
    expect(() => formatPhone('123')).toThrow();
  });
});
