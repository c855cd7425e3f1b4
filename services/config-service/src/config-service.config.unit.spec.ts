import { randomBytes } from 'crypto';
import { ConfigError } from '@gv/service-config';
import { generateTestPki } from '@gv/testing';
import { DEV_ONLY_DEFAULTS, loadConfigServiceConfig } from './config-service.config';

const realKey = `prod1:${randomBytes(32).toString('base64')}`;
const pki = generateTestPki();
afterAll(() => pki.cleanup());
const tlsFiles = { GRPC_TLS_CERT_FILE: pki.server.certFile, GRPC_TLS_KEY_FILE: pki.server.keyFile, GRPC_TLS_CLIENT_CA_FILE: pki.ca.certFile };
/** Production's Kafka: TLS and SASL (PLAINTEXT is refused there, docs/kafka.md#security). */
const productionKafka = { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: 'a-kafka-password' };
const production = {
  NODE_ENV: 'production',
  ...productionKafka,
  ...tlsFiles,
  CONFIG_SERVICE_INTERNAL_GRPC_PORT: '50052',
  CONFIG_ENCRYPTION_KEYS: realKey,
  ADMIN_API_TOKENS: 'admin-backend:a-real-admin-token-123:*',
  INTERNAL_API_TOKENS: 'invoice-dispatcher:a-real-internal-token-1',
  SALES_HISTORY_KEY: Buffer.alloc(32, 9).toString('base64'),
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
      KAFKA_GROUP_PREFIX: '',
      devDefaultsInUse: ['CONFIG_ENCRYPTION_KEYS', 'ADMIN_API_TOKENS', 'INTERNAL_API_TOKENS', 'SALES_HISTORY_KEY'],
    });
    expect(config.SALES_HISTORY_KEY).toEqual(Buffer.from(DEV_ONLY_DEFAULTS.SALES_HISTORY_KEY, 'base64'));
    expect(config.ADMIN_API_TOKENS).toEqual([{ name: 'dev-admin', token: 'dev-admin-token-not-for-production', accounts: '*', operator: true }]);
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
        'CONFIG_ENCRYPTION_KEYS: key dev is the public development key, refused when NODE_ENV=production',
        'ADMIN_API_TOKENS: entry dev-admin has a public development token, refused when NODE_ENV=production',
        'INTERNAL_API_TOKENS: is required when NODE_ENV=production (the development default is public)',
        'SALES_HISTORY_KEY: is the public development key, refused when NODE_ENV=production',
      ]);
    }
    const config = loadConfigServiceConfig(production);
    expect(config.devDefaultsInUse).toEqual([]);
    expect(config.CONFIG_ENCRYPTION_ACTIVE_KEY).toBe('prod1');
  });

  it('requires a sales history key of at least 32 bytes', () => {
    expect(() => loadConfigServiceConfig({ ...production, SALES_HISTORY_KEY: undefined })).toThrow(
      'SALES_HISTORY_KEY: is required when NODE_ENV=production (the development default is public)',
    );
    expect(() => loadConfigServiceConfig({ SALES_HISTORY_KEY: Buffer.alloc(31, 1).toString('base64') })).toThrow('SALES_HISTORY_KEY: must be base64 of at least 32 bytes');
    expect(loadConfigServiceConfig({ SALES_HISTORY_KEY: Buffer.alloc(32, 1).toString('base64') }).SALES_HISTORY_KEY).toEqual(Buffer.alloc(32, 1));
  });

  it('refuses a development secret anywhere in a production list, whatever its id or name', () => {
    const devKey = DEV_ONLY_DEFAULTS.CONFIG_ENCRYPTION_KEYS.slice('dev:'.length);
    let problems: string[] = [];
    try {
      loadConfigServiceConfig({
        ...production,
        CONFIG_ENCRYPTION_KEYS: `${realKey},renamed:${devKey}`,
        CONFIG_ENCRYPTION_ACTIVE_KEY: 'prod1',
        ADMIN_API_TOKENS: `admin-backend:a-real-admin-token-123:*,${DEV_ONLY_DEFAULTS.ADMIN_API_TOKENS},other:dev-internal-token-not-for-production:acct-1`,
        INTERNAL_API_TOKENS: 'invoice-dispatcher:a-real-internal-token-1,second:dev-internal-token-not-for-production',
      });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'CONFIG_ENCRYPTION_KEYS: key renamed is the public development key, refused when NODE_ENV=production',
      'ADMIN_API_TOKENS: entry dev-admin has a public development token, refused when NODE_ENV=production',
      'ADMIN_API_TOKENS: entry other has a public development token, refused when NODE_ENV=production',
      'INTERNAL_API_TOKENS: entry second has a public development token, refused when NODE_ENV=production',
    ]);
    // The JSON form is checked the same way.
    expect(() =>
      loadConfigServiceConfig({ ...production, ADMIN_API_TOKENS: JSON.stringify([{ name: 'json-admin', token: 'dev-admin-token-not-for-production', accounts: ['*'] }]) }),
    ).toThrow('ADMIN_API_TOKENS: entry json-admin has a public development token, refused when NODE_ENV=production');
    // Outside production the same lists are accepted (a laptop may mix them).
    expect(loadConfigServiceConfig({ ...production, NODE_ENV: 'development', ADMIN_API_TOKENS: `a:a-real-admin-token-123:*,${DEV_ONLY_DEFAULTS.ADMIN_API_TOKENS}` }).ADMIN_API_TOKENS).toHaveLength(2);
  });

  describe('gRPC TLS', () => {
    const problemsOf = (source: Record<string, string | undefined>): string[] => {
      try {
        loadConfigServiceConfig(source);
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    };

    it('is plaintext by default outside production, and on by default in production', () => {
      expect(loadConfigServiceConfig({}).grpcTls).toBeNull();
      const { GRPC_TLS_CERT_FILE: _c, GRPC_TLS_KEY_FILE: _k, GRPC_TLS_CLIENT_CA_FILE: _a, ...withoutFiles } = production;
      expect(problemsOf(withoutFiles)).toEqual([
        'GRPC_TLS_CERT_FILE: is required when GRPC_TLS=on',
        'GRPC_TLS_KEY_FILE: is required when GRPC_TLS=on',
        'GRPC_TLS_CLIENT_CA_FILE: is required when GRPC_TLS=on',
      ]);
    });

    it('refuses GRPC_TLS=off in production, naming the variable', () => {
      expect(problemsOf({ ...production, GRPC_TLS: 'off' })).toEqual([
        'GRPC_TLS: plaintext gRPC (GRPC_TLS=off) is refused when NODE_ENV=production; set GRPC_TLS=on and the GRPC_TLS_* certificate files',
      ]);
    });

    it('reads the PEM files and needs the internal port of its own', () => {
      const files = { GRPC_TLS: 'on', ...tlsFiles, CONFIG_SERVICE_INTERNAL_GRPC_PORT: undefined };
      const config = loadConfigServiceConfig({ ...production, GRPC_TLS: 'on' });
      expect(config.grpcTls!.cert.toString()).toContain('-----BEGIN CERTIFICATE-----');
      expect(config.grpcTls!.key.toString()).toContain('PRIVATE KEY-----');
      expect(problemsOf({ ...production, ...files })).toEqual([
        'CONFIG_SERVICE_INTERNAL_GRPC_PORT: is required when GRPC_TLS=on (GetCredentials is served with mutual TLS on a port of its own)',
      ]);
      expect(problemsOf({ ...production, ...files, CONFIG_SERVICE_INTERNAL_GRPC_PORT: '50051' })).toEqual(['CONFIG_SERVICE_INTERNAL_GRPC_PORT: must differ from CONFIG_SERVICE_GRPC_PORT']);
      expect(problemsOf({ ...production, ...files, CONFIG_SERVICE_INTERNAL_GRPC_PORT: '50052', GRPC_TLS_KEY_FILE: pki.server.certFile, GRPC_TLS_CLIENT_CA_FILE: `${pki.dir}/missing.crt` })).toEqual([
        `GRPC_TLS_KEY_FILE: ${pki.server.certFile} holds no PEM private key`,
        `GRPC_TLS_CLIENT_CA_FILE: cannot read ${pki.dir}/missing.crt (ENOENT)`,
      ]);
    });
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

  it('reads the development Guru user tokens, never quotes one, and refuses them in production', () => {
    const tokens = JSON.stringify({ 'acct-1': 'guru-user-token-1', 'acct-2': 'guru-user-token-2' });
    expect([...loadConfigServiceConfig({ GURU_API_DEV_USER_TOKENS: tokens }).GURU_API_DEV_USER_TOKENS]).toEqual([['acct-1', 'guru-user-token-1'], ['acct-2', 'guru-user-token-2']]);
    expect(loadConfigServiceConfig({}).GURU_API_DEV_USER_TOKENS.size).toBe(0);
    expect(() => loadConfigServiceConfig({ ...production, GURU_API_DEV_USER_TOKENS: tokens }))
      .toThrow('GURU_API_DEV_USER_TOKENS: is for development and tests only, refused when NODE_ENV=production');
    let message = '';
    try {
      loadConfigServiceConfig({ GURU_API_DEV_USER_TOKENS: JSON.stringify({ 'acct-1': 'has a space-secret-xyz' }) });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('GURU_API_DEV_USER_TOKENS: the token of account acct-1 is not a token');
    expect(message).not.toContain('secret-xyz');
    expect(() => loadConfigServiceConfig({ GURU_API_DEV_USER_TOKENS: 'not json' })).toThrow('GURU_API_DEV_USER_TOKENS: must be JSON');
    expect(loadConfigServiceConfig({ ...production }).IMPORT_MAX_SALES_PER_SECOND).toBe(20);
    expect(() => loadConfigServiceConfig({ IMPORT_MAX_SALES_PER_SECOND: '0' })).toThrow('IMPORT_MAX_SALES_PER_SECOND');
  });
});
