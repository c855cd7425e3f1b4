/**
 * Brazilian phone numbers as digits with the area code (DDD) and without the country code:
 * landline 10 digits (DDD + 8), mobile 11 digits (DDD + 9 + 8).
 */

/** The DDDs in use (Anatel). */
export const BRAZIL_DDDS: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '16', '17', '18', '19',
  '21', '22', '24', '27', '28',
  '31', '32', '33', '34', '35', '37', '38',
  '41', '42', '43', '44', '45', '46', '47', '48', '49',
  '51', '53', '54', '55',
  '61', '62', '63', '64', '65', '66', '67', '68', '69',
  '71', '73', '74', '75', '77', '79',
  '81', '82', '83', '84', '85', '86', '87', '88', '89',
  '91', '92', '93', '94', '95', '96', '97', '98', '99',
]);

const BRAZIL_COUNTRY_CODE = '55';

/** True for DDD + 8-digit landline (first digit 2–9) or DDD + 9 + 8-digit mobile. */
export function isBrazilPhone(digits: string): boolean {
  if (!BRAZIL_DDDS.has(digits.slice(0, 2))) return false;
  if (digits.length === 11) return digits[2] === '9';
  if (digits.length === 10) return /^[2-9]$/.test(digits[2]);
  return false;
}

/**
 * Normalises Guru's `phone_local_code` (the country code, "55") and `phone_number` (area code and
 * number, any punctuation) to digits with the area code, e.g. ("55", "(41) 99999-8888") →
 * "41999998888". Accepted forms of the number: with or without a leading `+55`/`55`, a trunk `0`,
 * punctuation. When the number has no area code and `localCode` is a DDD other than 55, the DDD is
 * taken from `localCode`. Returns null when no Brazilian number with an area code can be made out
 * (empty, too short, foreign country code): the phone is optional on the order.
 */
export function normalizePhone(localCode: string | null | undefined, number: string | null | undefined): string | null {
  const code = (localCode ?? '').replace(/\D/g, '');
  const digits = (number ?? '').replace(/\D/g, '').replace(/^0+/, '');
  if (digits === '') return null;
  if (isBrazilPhone(digits)) return digits;
  if (digits.startsWith(BRAZIL_COUNTRY_CODE) && isBrazilPhone(digits.slice(2))) return digits.slice(2);
  if (code !== '' && code !== BRAZIL_COUNTRY_CODE && BRAZIL_DDDS.has(code) && isBrazilPhone(code + digits)) return code + digits;
  return null;
}

/** "41999998888" → "(41) 99999-8888"; "4133334444" → "(41) 3333-4444". */
export function formatPhone(digits: string): string {
  if (!isBrazilPhone(digits)) throw new Error('formatPhone needs a Brazilian number with area code');
  const local = digits.slice(2);
  const split = local.length - 4;
  return `(${digits.slice(0, 2)}) ${local.slice(0, split)}-${local.slice(split)}`;
}
