import { randomBytes } from 'crypto';
import { ConfigError } from '@gv/service-config';
import { DEV_ONLY_DEFAULTS, loadConfigServiceConfig } from './config-service.config';

const realKey = `prod1:${randomBytes(32).toString('base64')}`;
/** Production's Kafka: TLS and SASL (PLAINTEXT is refused there, docs/kafka.md#security). */
const productionKafka = { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: 'a-kafka-password' };
const production = {
  NODE_ENV: 'production',
  ...productionKafka,
  CONFIG_ENCRYPTION_KEYS: realKey,
  ADMIN_API_TOKENS: 'admin-backend:a-real-admin-token-123:*',
  INTERNAL_API_TOKENS: 'invoice-dispatcher:a-real-internal-token-1',
};

describe('config-service configuration', () => {
  it('has working development defaults, flagged as such', () => {
    const config = loadConfigServiceConfig({});
    expect(config).toMatchObject({
      CONFIG_SERVICE_HTTP_PORT: 3001,
      CONFIG_SERVICE_GRPC_PORT: 50051,
      DB_SCHEMA: 'config_service',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/guru_vhsys',
      KAFKA_BROKERS: ['127.0.0.1:19092'],
      KAFKA_TOPIC_PREFIX: '',
      VHSYS_BASE_URL: 'http://127.0.0.1:18080/v2',
      CONFIG_ENCRYPTION_ACTIVE_KEY: 'dev',
      OUTBOX_RELAY_START_DELAY_MS: 0,
      devDefaultsInUse: ['CONFIG_ENCRYPTION_KEYS', 'ADMIN_API_TOKENS', 'INTERNAL_API_TOKENS'],
    });
    expect(config.ADMIN_API_TOKENS).toEqual([{ name: 'dev-admin', token: 'dev-admin-token-not-for-production', accounts: '*' }]);
  });

  it('refuses missing secrets and the public development defaults in production', () => {
    expect(() => loadConfigServiceConfig({ NODE_ENV: 'production', ...productionKafka })).toThrow(ConfigError);
    let problems: string[] = [];
    try {
      loadConfigServiceConfig({ NODE_ENV: 'production', ...productionKafka, ...DEV_ONLY_DEFAULTS, INTERNAL_API_TOKENS: undefined });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    {
      expect(problems).toEqual([
        'CONFIG_ENCRYPTION_KEYS: is the public development default, refused when NODE_ENV=production',
        'ADMIN_API_TOKENS: is the public development default, refused when NODE_ENV=production',
        'INTERNAL_API_TOKENS: is required when NODE_ENV=production (the development default is public)',
      ]);
    }
    const config = loadConfigServiceConfig(production);
    expect(config.devDefaultsInUse).toEqual([]);
    expect(config.CONFIG_ENCRYPTION_ACTIVE_KEY).toBe('prod1');
  });

  it('needs the active key named when several keys are configured, and it must exist', () => {
    const two = `${realKey},prod2:${randomBytes(32).toString('base64')}`;
    expect(() => loadConfigServiceConfig({ ...production, CONFIG_ENCRYPTION_KEYS: two })).toThrow('CONFIG_ENCRYPTION_ACTIVE_KEY: is required when several keys are configured');
    expect(() => loadConfigServiceConfig({ ...production, CONFIG_ENCRYPTION_KEYS: two, CONFIG_ENCRYPTION_ACTIVE_KEY: 'prod3' })).toThrow('names no key');
    expect(loadConfigServiceConfig({ ...production, CONFIG_ENCRYPTION_KEYS: two, CONFIG_ENCRYPTION_ACTIVE_KEY: 'prod2' }).CONFIG_ENCRYPTION_KEYS.size).toBe(2);
  });

  it('never echoes a secret value in its errors', () => {
    const bad = { ...production, ADMIN_API_TOKENS: 'admin:shorttoken:*', CONFIG_ENCRYPTION_KEYS: 'k1:c2hvcnRrZXk=', INTERNAL_API_TOKENS: `x:${'a-real-admin-token-123'}` };
    let message = '';
    try {
      loadConfigServiceConfig({ ...bad, ADMIN_API_TOKENS: 'admin:a-real-admin-token-123:*' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('INTERNAL_API_TOKENS: must not reuse an admin token');
    expect(message).not.toContain('a-real-admin-token-123');
    expect(message).not.toContain('c2hvcnRrZXk');
  });

  it('takes a topic prefix made of topic-name characters only', () => {
    expect(loadConfigServiceConfig({ KAFKA_TOPIC_PREFIX: 'stack_1.' }).KAFKA_TOPIC_PREFIX).toBe('stack_1.');
    expect(() => loadConfigServiceConfig({ KAFKA_TOPIC_PREFIX: 'no spaces/' })).toThrow("KAFKA_TOPIC_PREFIX: may hold only letters, digits, '.', '_' and '-'");
  });

  it('serves VhsysCredentials on a port of its own only when CONFIG_SERVICE_INTERNAL_GRPC_PORT is set', () => {
    expect(loadConfigServiceConfig({}).CONFIG_SERVICE_INTERNAL_GRPC_PORT).toBeUndefined();
    expect(loadConfigServiceConfig({ CONFIG_SERVICE_INTERNAL_GRPC_PORT: '' }).CONFIG_SERVICE_INTERNAL_GRPC_PORT).toBeUndefined();
    expect(loadConfigServiceConfig({ CONFIG_SERVICE_INTERNAL_GRPC_PORT: '50052' }).CONFIG_SERVICE_INTERNAL_GRPC_PORT).toBe(50052);
    expect(() => loadConfigServiceConfig({ CONFIG_SERVICE_INTERNAL_GRPC_PORT: 'x' })).toThrow('CONFIG_SERVICE_INTERNAL_GRPC_PORT');
  });
});
