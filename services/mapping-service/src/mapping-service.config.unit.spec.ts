import { ConfigError } from '@gv/service-config';
import { loadMappingServiceConfig } from './mapping-service.config';

/** Production's Kafka: TLS and SASL (PLAINTEXT is refused there, docs/kafka.md#security). */
const productionKafka = { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: 'a-kafka-password' };

describe('mapping-service configuration: the fault-injection switch', () => {
  it('is off unless set', () => {
    expect(loadMappingServiceConfig({}).FAULT_ABORT_ON_MESSAGE_CONTAINING).toBeUndefined();
    expect(loadMappingServiceConfig({ FAULT_ABORT_ON_MESSAGE_CONTAINING: '' }).FAULT_ABORT_ON_MESSAGE_CONTAINING).toBeUndefined();
  });

  it('is accepted outside production', () => {
    const config = loadMappingServiceConfig({ NODE_ENV: 'test', FAULT_ABORT_ON_MESSAGE_CONTAINING: 'abort-here' });
    expect(config.FAULT_ABORT_ON_MESSAGE_CONTAINING).toBe('abort-here');
  });

  it('is refused when NODE_ENV=production, naming the variable and not its value', () => {
    let error: unknown;
    try {
      loadMappingServiceConfig({ NODE_ENV: 'production', ...productionKafka, FAULT_ABORT_ON_MESSAGE_CONTAINING: 'abort-here' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'FAULT_ABORT_ON_MESSAGE_CONTAINING: is a test-only fault switch and refused when NODE_ENV=production',
    ]);
    expect((error as Error).message).not.toContain('abort-here');
  });

  it('production without the switch starts', () => {
    expect(loadMappingServiceConfig({ NODE_ENV: 'production', ...productionKafka }).NODE_ENV).toBe('production');
  });
});
