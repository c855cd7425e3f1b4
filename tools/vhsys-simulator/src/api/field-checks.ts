import { decimalPlaces, parseDecimal, Micros } from '../wire/decimal';
import { isDateOnly } from '../wire/brasilia-time';

/**
 * Collects validation messages in the wording Vhsys uses, field name in parentheses, so the client's
 * field extraction is exercised the way production would exercise it.
 */
export class FieldChecks {
  readonly messages: string[] = [];

  constructor(private readonly body: Record<string, unknown>) {}

  get ok(): boolean {
    return this.messages.length === 0;
  }

  has(field: string): boolean {
    const value = this.body[field];
    return value !== undefined && value !== null && value !== '';
  }

  /** A required non-empty text (numbers are accepted and stringified). */
  text(field: string, options: { required?: boolean; max?: number } = {}): string | undefined {
    const value = this.body[field];
    if (!this.has(field)) {
      if (options.required) this.messages.push(`O campo (${field}) é obrigatório`);
      return undefined;
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.messages.push(`O formato do campo (${field}) não é válido`);
      return undefined;
    }
    const text = String(value);
    if (options.max !== undefined && text.length > options.max) {
      this.messages.push(`O campo (${field}) deve ter no máximo ${options.max} caracteres`);
      return undefined;
    }
    return text;
  }

  /** A dot-decimal number or string, optionally limited in decimal places and sign. */
  decimal(field: string, options: { required?: boolean; maxPlaces?: number; positive?: boolean } = {}): Micros | undefined {
    if (!this.has(field)) {
      if (options.required) this.messages.push(`O campo (${field}) é obrigatório`);
      return undefined;
    }
    const value = this.body[field];
    const micros = parseDecimal(value);
    const places = decimalPlaces(value);
    if (micros === null || places === null || micros < 0n || (options.positive && micros === 0n)) {
      this.messages.push(`O formato do campo (${field}) não é válido`);
      return undefined;
    }
    if (options.maxPlaces !== undefined && places > options.maxPlaces) {
      this.messages.push(`O formato do campo (${field}) não é válido`);
      return undefined;
    }
    return micros;
  }

  integer(field: string, options: { required?: boolean } = {}): number | undefined {
    if (!this.has(field)) {
      if (options.required) this.messages.push(`O campo (${field}) é obrigatório`);
      return undefined;
    }
    const value = Number(this.body[field]);
    if (!Number.isSafeInteger(value) || value < 0) {
      this.messages.push(`O formato do campo (${field}) não é válido`);
      return undefined;
    }
    return value;
  }

  date(field: string, options: { required?: boolean } = {}): string | undefined {
    if (!this.has(field)) {
      if (options.required) this.messages.push(`O campo (${field}) é obrigatório`);
      return undefined;
    }
    const value = this.body[field];
    if (!isDateOnly(value)) {
      this.messages.push(`O formato do campo (${field}) não é válido`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string | number>(field: string, allowed: readonly T[], options: { required?: boolean } = {}): T | undefined {
    if (!this.has(field)) {
      if (options.required) this.messages.push(`O campo (${field}) é obrigatório`);
      return undefined;
    }
    const value = this.body[field];
    const found = allowed.find((candidate) => String(candidate) === String(value));
    if (found === undefined) {
      this.messages.push(`O valor do campo (${field}) não é válido`);
      return undefined;
    }
    return found;
  }

  /** 0/1 flags, sent as numbers or strings. */
  flag(field: string): 0 | 1 | undefined {
    const value = this.oneOf(field, ['0', '1'] as const);
    return value === undefined ? undefined : value === '1' ? 1 : 0;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
