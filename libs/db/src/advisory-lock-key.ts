/**
 * The SQL expression of the PostgreSQL advisory-lock key of a lock *name*: `param` is the
 * placeholder (`$1`) or expression holding the name. Every named advisory lock of the product
 * goes through this, so one name always means one key: `hashtextextended(name, 0)`, 64 bits, so
 * distinct names practically never share a key (a 32-bit `hashtext` collision would make two
 * unrelated locks block each other). Namespace the name (schema, purpose) so test schemas sharing
 * a database do not interfere. Used as `pg_try_advisory_lock(${advisoryLockKey('$1')})`.
 */
export function advisoryLockKey(param: string): string {
  return `hashtextextended(${param}, 0)`;
}
