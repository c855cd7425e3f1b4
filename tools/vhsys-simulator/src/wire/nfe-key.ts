/**
 * A structurally valid 44-digit NF-e access key (chave de acesso): cUF, AAMM, CNPJ of the issuer,
 * model 55, series, number, emission type, random code and the mod-11 check digit. Fake but
 * well-formed, so clients that validate length and check digit accept it.
 */
export interface NfeKeyParts {
  ufCode: number;
  issuedAt: Date;
  cnpjEmitente: string;
  serie: number;
  numero: number;
  codigoNumerico: number;
}

export function nfeKeyCheckDigit(first43: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = first43.length - 1; i >= 0; i -= 1) {
    sum += Number(first43[i]) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

export function buildNfeKey(parts: NfeKeyParts): string {
  const yymm = parts.issuedAt.toISOString().slice(2, 7).replace('-', '');
  const body =
    String(parts.ufCode).padStart(2, '0') +
    yymm +
    parts.cnpjEmitente.replace(/\D/g, '').padStart(14, '0').slice(-14) +
    '55' +
    String(parts.serie).padStart(3, '0').slice(-3) +
    String(parts.numero).padStart(9, '0').slice(-9) +
    '1' +
    String(parts.codigoNumerico).padStart(8, '0').slice(-8);
  return body + String(nfeKeyCheckDigit(body));
}
