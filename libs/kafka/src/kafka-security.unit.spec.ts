import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { explainKafkaError, KafkaAuthenticationError, kafkaSecurityOptions, KafkaTlsError } from './kafka-security';

const dir = mkdtempSync(join(tmpdir(), 'kafka-options-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('kafkaSecurityOptions', () => {
  it('adds nothing for PLAINTEXT', () => {
    expect(kafkaSecurityOptions({ protocol: 'PLAINTEXT', sasl: null, tls: null })).toEqual({});
    expect(kafkaSecurityOptions(undefined)).toEqual({});
  });

  it('maps SASL_SSL with a CA file, a client certificate and a password file', () => {
    const options = kafkaSecurityOptions({
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'mapping-service', passwordFile: file('pw', 'from-file\n') },
      tls: { caFile: file('ca.pem', 'CA'), certFile: file('cert.pem', 'CERT'), keyFile: file('key.pem', 'KEY') },
    });
    expect(options).toEqual({
      ssl: { ca: ['CA'], cert: 'CERT', key: 'KEY' },
      sasl: { mechanism: 'scram-sha-512', username: 'mapping-service', password: 'from-file' },
    });
  });

  it('uses the system CAs without a CA file, and PLAIN or SCRAM-SHA-256 over SASL_PLAINTEXT', () => {
    expect(kafkaSecurityOptions({ protocol: 'SSL', sasl: null, tls: {} })).toEqual({ ssl: true });
    expect(kafkaSecurityOptions({ protocol: 'SASL_PLAINTEXT', sasl: { mechanism: 'PLAIN', username: 'ops', password: 'p' }, tls: null }))
      .toEqual({ sasl: { mechanism: 'plain', username: 'ops', password: 'p' } });
    expect(kafkaSecurityOptions({ protocol: 'SASL_PLAINTEXT', sasl: { mechanism: 'SCRAM-SHA-256', username: 'ops', password: 'p' }, tls: null }).sasl)
      .toEqual({ mechanism: 'scram-sha-256', username: 'ops', password: 'p' });
  });
});

describe('explainKafkaError', () => {
  const security = { protocol: 'SASL_SSL' as const, sasl: { mechanism: 'SCRAM-SHA-512' as const, username: 'invoice-dispatcher', password: 'hunter2' }, tls: {} };

  it('names the user and the mechanism of refused credentials, never the password', () => {
    const explained = explainKafkaError(new (KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error)('SASL SCRAM SHA512 authentication failed: invalid credentials'), security);
    expect(explained).toBeInstanceOf(KafkaAuthenticationError);
    expect((explained as Error).message).toMatch(/^Kafka refused the SASL credentials of user invoice-dispatcher \(SCRAM-SHA-512\): /);
    expect((explained as Error).message).not.toContain('hunter2');
  });

  it('names an untrusted broker certificate found under the retries', () => {
    const cause = new KafkaJSConnectionError('Connection error: self-signed certificate in certificate chain', { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    const explained = explainKafkaError(new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 8, retryTime: 100 }), security);
    expect(explained).toBeInstanceOf(KafkaTlsError);
    expect((explained as Error).message).toBe('TLS connection to Kafka failed (SELF_SIGNED_CERT_IN_CHAIN: Connection error: self-signed certificate in certificate chain): check KAFKA_TLS_CA_FILE and that the brokers\' certificates name the host in KAFKA_BROKERS');
  });

  it('leaves other errors as they are', () => {
    const other = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' });
    expect(explainKafkaError(other, security)).toBe(other);
  });
});
