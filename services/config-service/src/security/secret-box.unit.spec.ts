import { randomBytes } from 'crypto';
import { parseEncryptionKeys, SecretBox, SecretBoxError } from './secret-box';

const key = () => randomBytes(32);

describe('SecretBox (AES-256-GCM with key ids)', () => {
  const k1 = key();
  const k2 = key();

  it('seals with the active key and opens its own values', () => {
    const box = new SecretBox(new Map([['k1', k1]]), 'k1');
    const sealed = box.seal('my-access-token', 'config-service:acct:access_token');
    expect(sealed).toMatch(/^v1\.k1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('my-access-token');
    expect(box.open(sealed, 'config-service:acct:access_token')).toBe('my-access-token');
    expect(SecretBox.keyIdOf(sealed)).toBe('k1');
    // Random IVs: the same plaintext never seals to the same text.
    expect(box.seal('my-access-token', 'x')).not.toBe(box.seal('my-access-token', 'x'));
  });

  it('rotates: rows sealed with an old key still open after the active key changes', () => {
    const before = new SecretBox(new Map([['k1', k1]]), 'k1');
    const old = before.seal('token-sealed-under-k1', 'aad');
    const after = new SecretBox(new Map([['k1', k1], ['k2', k2]]), 'k2');
    expect(after.open(old, 'aad')).toBe('token-sealed-under-k1');
    expect(SecretBox.keyIdOf(after.seal('new', 'aad'))).toBe('k2');
    const retired = new SecretBox(new Map([['k2', k2]]), 'k2');
    expect(() => retired.open(old, 'aad')).toThrow(new SecretBoxError('sealed with key k1, which is not configured'));
  });

  it('binds a sealed value to its account and field, and detects tampering', () => {
    const box = new SecretBox(new Map([['k1', k1]]), 'k1');
    const sealed = box.seal('secret', 'config-service:acct-a:access_token');
    expect(() => box.open(sealed, 'config-service:acct-b:access_token')).toThrow(SecretBoxError);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'config-service:acct-a:access_token')).toThrow(SecretBoxError);
    expect(() => box.open('plaintext', 'x')).toThrow('unknown format');
  });

  it('refuses a truncated authentication tag (only the full 16 bytes authenticate)', () => {
    const box = new SecretBox(new Map([['k1', k1]]), 'k1');
    const sealed = box.seal('secret', 'aad');
    const parts = sealed.split('.');
    expect(Buffer.from(parts[3]!, 'base64url')).toHaveLength(16);
    parts[3] = Buffer.from(parts[3]!, 'base64url').subarray(0, 12).toString('base64url');
    expect(() => box.open(parts.join('.'), 'aad')).toThrow(new SecretBoxError('sealed value does not authenticate with key k1'));
    expect(box.open(sealed, 'aad')).toBe('secret');
  });

  it('refuses an active key id that is not configured', () => {
    expect(() => new SecretBox(new Map([['k1', k1]]), 'k9')).toThrow('active key id k9');
  });
});

describe('parseEncryptionKeys', () => {
  it('reads id:base64 pairs', () => {
    const a = key();
    const b = key();
    const { keys, problems } = parseEncryptionKeys(`k1:${a.toString('base64')}, k2:${b.toString('base64url')}`);
    expect(problems).toEqual([]);
    expect(keys.get('k1')).toEqual(a);
    expect(keys.get('k2')).toEqual(b);
  });

  it('names bad entries by id, never by value', () => {
    const shortKey = randomBytes(16).toString('base64');
    const { problems } = parseEncryptionKeys(`k1:${shortKey},${randomBytes(32).toString('base64')},k1:${shortKey}`);
    expect(problems).toEqual([
      'key k1: must be base64 of exactly 32 random bytes (openssl rand -base64 32)',
      "key 2: expected <keyId>:<base64 of 32 bytes>, keyId of 1-32 letters, digits, '_' or '-'",
      'key k1: must be base64 of exactly 32 random bytes (openssl rand -base64 32)',
    ]);
    expect(problems.join(' ')).not.toContain(shortKey);
  });
});
