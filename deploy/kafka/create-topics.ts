/**
 * Waits for a real metadata round trip with the broker, then creates the product's topics
 * (auto-create is off). Idempotent. Used by kafka.sh start. On a secured broker it runs as the
 * admin principal (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_* and KAFKA_TLS_* variables: docs/kafka.md#security).
 */
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics, explainKafkaError, kafkaSecurityOptions } from '@gv/kafka';
import { KAFKA_PRINCIPALS, loadKafkaSecurity } from '@gv/service-config';

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
  const security = loadKafkaSecurity('create-topics', KAFKA_PRINCIPALS.admin);
  const kafka = new Kafka({ clientId: 'create-topics', brokers, logLevel: logLevel.NOTHING, retry: { retries: 10 }, ...kafkaSecurityOptions(security) });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const created = await ensureTopics(kafka);
      console.log(`kafka: ready at ${brokers.join(',')}; topics created: ${created.join(', ') || 'none (all present)'}`);
      return;
    } catch (error) {
      const explained = explainKafkaError(error, security);
      if (explained !== error || Date.now() > deadline) throw explained;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

main().catch((error) => {
  console.error('kafka: topic setup failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
