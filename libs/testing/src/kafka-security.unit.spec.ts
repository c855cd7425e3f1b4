import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { kafkaPrincipalEnv, ownKafkaSecurityEnv } from './kafka-security';

const dir = mkdtempSync(join(tmpdir(), 'principals-'));
writeFileSync(join(dir, 'admin.password'), 'admin-pw\n');
writeFileSync(join(dir, 'ca.pem'), 'CA');
const securedAdmin = {
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SASL_USERNAME: 'admin',
  KAFKA_SASL_PASSWORD_FILE: join(dir, 'admin.password'),
  KAFKA_TLS_CA_FILE: join(dir, 'ca.pem'),
  KAFKA_PRINCIPAL_PASSWORDS_DIR: dir,
};

describe('the Kafka identity of programs started by tests and the stack', () => {
  it('is nothing against a plaintext broker', () => {
    expect(kafkaPrincipalEnv('mapping-service', {})).toEqual({});
  });

  it('is the principal\'s own user and password file, set explicitly so the admin identity is never inherited', () => {
    expect(kafkaPrincipalEnv('mapping-service', securedAdmin)).toEqual({
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_TLS_CA_FILE: join(dir, 'ca.pem'),
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'mapping-service',
      KAFKA_SASL_PASSWORD_FILE: join(dir, 'mapping-service.password'),
      KAFKA_SASL_PASSWORD: '',
    });
  });

  it('needs the passwords directory with SASL', () => {
    expect(() => kafkaPrincipalEnv('ops', { ...securedAdmin, KAFKA_PRINCIPAL_PASSWORDS_DIR: undefined })).toThrow(/^KAFKA_PRINCIPAL_PASSWORDS_DIR: is required/);
  });

  it('passes this process\'s own security variables through, and nothing else', () => {
    expect(ownKafkaSecurityEnv({ ...securedAdmin, KAFKA_BROKERS: 'x:1', PATH: '/bin' })).toEqual({
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_USERNAME: 'admin',
      KAFKA_SASL_PASSWORD_FILE: join(dir, 'admin.password'),
      KAFKA_TLS_CA_FILE: join(dir, 'ca.pem'),
    });
  });
});
