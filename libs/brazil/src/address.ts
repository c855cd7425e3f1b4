/**
 * Brazilian postal addresses as Vhsys expects them: CEP as 8 digits, UF as the 2-letter state code,
 * fields cut to Vhsys's lengths (número ≤ 7, bairro ≤ 45, complemento ≤ 45).
 */

export const UF_NAMES: Readonly<Record<string, string>> = {
  AC: 'Acre', AL: 'Alagoas', AP: 'Amapá', AM: 'Amazonas', BA: 'Bahia', CE: 'Ceará',
  DF: 'Distrito Federal', ES: 'Espírito Santo', GO: 'Goiás', MA: 'Maranhão', MT: 'Mato Grosso',
  MS: 'Mato Grosso do Sul', MG: 'Minas Gerais', PA: 'Pará', PB: 'Paraíba', PR: 'Paraná',
  PE: 'Pernambuco', PI: 'Piauí', RJ: 'Rio de Janeiro', RN: 'Rio Grande do Norte',
  RS: 'Rio Grande do Sul', RO: 'Rondônia', RR: 'Roraima', SC: 'Santa Catarina', SP: 'São Paulo',
  SE: 'Sergipe', TO: 'Tocantins',
};

export const ADDRESS_LIMITS = { street: 255, number: 7, complement: 45, district: 45, city: 100 } as const;

/** Lower case, accents removed, spaces collapsed: "  São  Paulo " → "sao paulo". */
function fold(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const UF_BY_NAME: ReadonlyMap<string, string> = new Map(Object.entries(UF_NAMES).map(([uf, name]) => [fold(name), uf]));

/** "pr", " PR ", "Paraná", "parana" → "PR"; unknown → null. */
export function normalizeUf(value: string | null | undefined): string | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  const upper = text.toUpperCase();
  if (upper in UF_NAMES) return upper;
  return UF_BY_NAME.get(fold(text)) ?? null;
}

/**
 * CEP to 8 digits: "83324-090", "83.324-090", "83324090" → "83324090". Seven digits get the leading
 * zero back (a CEP typed as a number loses it: 1310100 → "01310100"). Anything else → null.
 */
export function normalizeCep(value: string | number | null | undefined): string | null {
  const digits = String(value ?? '').replace(/\D/g, '');
  const cep = digits.length === 7 ? `0${digits}` : digits;
  if (!/^\d{8}$/.test(cep) || cep === '00000000') return null;
  return cep;
}

/** "83324090" → "83324-090". */
export function formatCep(cep: string): string {
  if (!/^\d{8}$/.test(cep)) throw new Error('formatCep needs 8 digits');
  return `${cep.slice(0, 5)}-${cep.slice(5)}`;
}

/** "83324090" → "83.324-090", the form of Vhsys's `cep_cliente` examples. */
export function formatCepVhsys(cep: string): string {
  if (!/^\d{8}$/.test(cep)) throw new Error('formatCepVhsys needs 8 digits');
  return `${cep.slice(0, 2)}.${cep.slice(2, 5)}-${cep.slice(5)}`;
}

const BRAZIL_NAMES = new Set(['br', 'bra', 'brasil', 'brazil', 'republica federativa do brasil']);

/** Whether a country field means Brazil. Empty means unknown and counts as Brazil. */
export function isBrazilCountry(value: string | null | undefined): boolean {
  const text = fold(value ?? '');
  return text === '' || BRAZIL_NAMES.has(text);
}

export interface RawAddress {
  street?: string | null;
  number?: string | null;
  complement?: string | null;
  district?: string | null;
  city?: string | null;
  state?: string | null;
  /** Full state name, used when `state` is not a recognisable UF. */
  stateFullName?: string | null;
  zipCode?: string | number | null;
}

export interface NormalizedAddress {
  street: string;
  number: string;
  complement: string;
  district: string;
  city: string;
  uf: string;
  cep: string;
}

export type AddressResult =
  | { ok: true; address: NormalizedAddress }
  | { ok: false; missing: ('street' | 'city' | 'uf' | 'cep')[] };

function clean(value: string | null | undefined, max: number): string {
  return (value ?? '').replace(/\s+/g, ' ').trim().slice(0, max);
}

/**
 * Splits the house number to Vhsys's 7 characters: empty → "S/N"; longer text keeps its leading
 * digits as the number ("1234 fundos" → "1234") or becomes "S/N", and the full text moves in front
 * of the complement so nothing is lost.
 */
function splitNumber(rawNumber: string, rawComplement: string): { number: string; complement: string } {
  const number = rawNumber.replace(/\s+/g, ' ').trim();
  const complement = rawComplement.replace(/\s+/g, ' ').trim();
  if (number === '') return { number: 'S/N', complement };
  if (number.length <= ADDRESS_LIMITS.number) return { number, complement };
  const leading = /^\d{1,7}/.exec(number)?.[0];
  const rest = leading ? number.slice(leading.length).trim() : number;
  return { number: leading ?? 'S/N', complement: [rest, complement].filter((p) => p !== '').join(' - ') };
}

/**
 * A usable address needs street, city, UF and CEP; número defaults to "S/N", bairro and complemento
 * may be empty. Fields are trimmed and cut to Vhsys's lengths.
 */
export function normalizeAddress(raw: RawAddress): AddressResult {
  const street = clean(raw.street, ADDRESS_LIMITS.street);
  const city = clean(raw.city, ADDRESS_LIMITS.city);
  const uf = normalizeUf(raw.state) ?? normalizeUf(raw.stateFullName);
  const cep = normalizeCep(raw.zipCode);
  const missing: ('street' | 'city' | 'uf' | 'cep')[] = [];
  if (street === '') missing.push('street');
  if (city === '') missing.push('city');
  if (uf === null) missing.push('uf');
  if (cep === null) missing.push('cep');
  if (missing.length > 0 || uf === null || cep === null) return { ok: false, missing };
  const { number, complement } = splitNumber(raw.number ?? '', raw.complement ?? '');
  return {
    ok: true,
    address: {
      street,
      number,
      complement: complement.slice(0, ADDRESS_LIMITS.complement),
      district: clean(raw.district, ADDRESS_LIMITS.district),
      city,
      uf,
      cep,
    },
  };
}
