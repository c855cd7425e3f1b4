import { createCipheriv, createDecipheriv, randomBytes } from 'crypto';

/**
 * AES-256-GCM for the Vhsys tokens at rest. Each sealed value names the key that sealed it, so keys
 * rotate: new writes use the active key, and rows sealed with an older key still open as long as
 * that key stays configured. The additional authenticated data binds a ciphertext to its account and
 * field, so a sealed token copied to another row or column does not open.
 *
 * Sealed format: `v1.<keyId>.<iv b64url>.<tag b64url>.<ciphertext b64url>`.
 */
export class SecretBox {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    readonly activeKeyId: string,
  ) {
    if (!keys.has(activeKeyId)) throw new Error(`active key id ${activeKeyId} is not among the configured keys`);
    for (const [id, key] of keys) if (key.length !== 32) throw new Error(`key ${id} must be 32 bytes`);
  }

  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ['v1', this.activeKeyId, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  open(sealed: string, aad: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== 'v1') throw new SecretBoxError('sealed value has an unknown format');
    const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`sealed with key ${keyId}, which is not configured`);
    try {
      // authTagLength pins the tag to 16 bytes: without it Node accepts a truncated tag (4-16
      // bytes), which makes forging far cheaper than against the full tag.
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(`sealed value does not authenticate with key ${keyId}`);
    }
  }

  static keyIdOf(sealed: string): string | null {
    const parts = sealed.split('.');
    return parts.length === 5 && parts[0] === 'v1' ? parts[1]! : null;
  }
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Parses `k1:<base64 32 bytes>,k2:<...>`; problems name the key id, never the key. */
export function parseEncryptionKeys(value: string): { keys: Map<string, Buffer>; problems: string[] } {
  const keys = new Map<string, Buffer>();
  const problems: string[] = [];
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) problems.push('has no keys');
  parts.forEach((part, index) => {
    const at = part.indexOf(':');
    const id = at === -1 ? '' : part.slice(0, at);
    if (!KEY_ID.test(id)) {
      problems.push(`key ${index + 1}: expected <keyId>:<base64 of 32 bytes>, keyId of 1-32 letters, digits, '_' or '-'`);
      return;
    }
    const material = part.slice(at + 1);
    const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(material) ? Buffer.from(material, material.includes('-') || material.includes('_') ? 'base64url' : 'base64') : Buffer.alloc(0);
    if (bytes.length !== 32) {
      problems.push(`key ${id}: must be base64 of exactly 32 random bytes (openssl rand -base64 32)`);
      return;
    }
    if (keys.has(id)) {
      problems.push(`key ${id}: appears twice`);
      return;
    }
    keys.set(id, bytes);
  });
  return { keys, problems };
}
