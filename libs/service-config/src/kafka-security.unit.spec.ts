import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ConfigError } from './load-config';
import { loadKafkaSecurity } from './kafka-security';

const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
const CA = join(dir, 'ca.pem');
const PASSWORD_FILE = join(dir, 'svc.password');
writeFileSync(CA, '-----BEGIN CERTIFICATE-----\n');
writeFileSync(PASSWORD_FILE, 's3cret-from-file\n');

function problems(env: Record<string, string>): string[] {
  try {
    loadKafkaSecurity('svc', 'svc-principal', env);
  } catch (error) {
    return (error as ConfigError).problems;
  }
  return [];
}

describe('Kafka security settings (KAFKA_SECURITY_PROTOCOL and friends)', () => {
  it('defaults to PLAINTEXT with nothing else, for development', () => {
    expect(loadKafkaSecurity('svc', 'svc-principal', {})).toEqual({ protocol: 'PLAINTEXT', sasl: null, tls: null });
  });

  it('reads SASL_SSL with the default mechanism and the program\'s default principal', () => {
    expect(loadKafkaSecurity('svc', 'svc-principal', { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: 'pw', KAFKA_TLS_CA_FILE: CA })).toEqual({
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'svc-principal', password: 'pw' },
      tls: { caFile: CA },
    });
  });

  it('takes the user, the mechanism and a password file', () => {
    expect(loadKafkaSecurity('svc', 'svc-principal', {
      KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'other', KAFKA_SASL_PASSWORD_FILE: PASSWORD_FILE,
    })).toEqual({ protocol: 'SASL_PLAINTEXT', sasl: { mechanism: 'PLAIN', username: 'other', passwordFile: PASSWORD_FILE }, tls: null });
  });

  it('requires a password with SASL, and names the variable', () => {
    expect(problems({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' })).toEqual(['KAFKA_SASL_PASSWORD: is required with KAFKA_SECURITY_PROTOCOL=SASL_SSL (or KAFKA_SASL_PASSWORD_FILE)']);
  });

  it('refuses unknown protocols and mechanisms without echoing the value', () => {
    const found = problems({ KAFKA_SECURITY_PROTOCOL: 'sasl-ssl-typo', KAFKA_SASL_MECHANISM: 'GSSAPI' });
    expect(found.map((p) => p.split(':')[0])).toEqual(['KAFKA_SECURITY_PROTOCOL', 'KAFKA_SASL_MECHANISM']);
    expect(found.join('\n')).not.toContain('sasl-ssl-typo');
  });

  it('never puts the password in a message', () => {
    const found = problems({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: 'hunter2-secret', KAFKA_SASL_PASSWORD_FILE: PASSWORD_FILE, KAFKA_TLS_CA_FILE: join(dir, 'missing.pem') });
    expect(found).toEqual(['KAFKA_SASL_PASSWORD_FILE: must not be set together with KAFKA_SASL_PASSWORD', 'KAFKA_TLS_CA_FILE: is not a readable file']);
    expect(found.join('\n')).not.toContain('hunter2-secret');
  });

  it('refuses secrets and TLS files a protocol would silently ignore', () => {
    expect(problems({ KAFKA_SASL_PASSWORD: 'pw', KAFKA_TLS_CA_FILE: CA })).toEqual([
      'KAFKA_SASL_PASSWORD: is set but KAFKA_SECURITY_PROTOCOL=PLAINTEXT does not authenticate with SASL (use SASL_SSL)',
      'KAFKA_TLS_CA_FILE: is set but KAFKA_SECURITY_PROTOCOL=PLAINTEXT does not use TLS (use SSL or SASL_SSL)',
    ]);
  });

  it('needs both halves of a client certificate', () => {
    expect(problems({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_TLS_CERT_FILE: CA })).toEqual(['KAFKA_TLS_KEY_FILE: is required with the other one of KAFKA_TLS_CERT_FILE/KAFKA_TLS_KEY_FILE (mutual TLS needs both)']);
  });

  it('refuses PLAINTEXT and SASL_PLAINTEXT in production unless explicitly allowed', () => {
    const refusal = 'KAFKA_SECURITY_PROTOCOL: must be SSL or SASL_SSL when NODE_ENV=production (traffic and credentials would cross the network unencrypted); set KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION=true only if the network encrypts it below Kafka';
    expect(problems({ NODE_ENV: 'production' })).toEqual([refusal]);
    expect(problems({ NODE_ENV: 'production', KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_PASSWORD: 'pw' })).toEqual([refusal]);
    expect(problems({ NODE_ENV: 'production', KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_PASSWORD: 'pw', KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION: 'true' })).toEqual([]);
    expect(problems({ NODE_ENV: 'production', KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: 'pw' })).toEqual([]);
  });
});
