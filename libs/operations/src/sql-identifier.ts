/** A schema name the operations code puts into SQL (quoted), so it must be a plain lowercase identifier. */
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function checkIdentifier(name: string, value: string): string {
  if (!IDENTIFIER.test(value)) throw new Error(`${name} must be a lowercase identifier, got "${value}"`);
  return value;
}
