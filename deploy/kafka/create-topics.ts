/**
 * Waits for a real metadata round trip with the broker, then creates the product's topics
 * (auto-create is off). Idempotent. Used by kafka.sh start.
 */
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics } from '@gv/kafka';

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
  const kafka = new Kafka({ clientId: 'create-topics', brokers, logLevel: logLevel.NOTHING, retry: { retries: 10 } });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const created = await ensureTopics(kafka);
      console.log(`kafka: ready at ${brokers.join(',')}; topics created: ${created.join(', ') || 'none (all present)'}`);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

main().catch((error) => {
  console.error('kafka: topic setup failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
