/**
 * Grants each principal of the product exactly its ACLs (`productAcls` in @gv/kafka; the table is
 * in docs/kafka.md#acls). Idempotent. Run by `kafka.sh start` on a secured broker, or by hand
 * against any cluster, as a principal allowed to alter ACLs:
 *
 *   KAFKA_BROKERS=… KAFKA_SECURITY_PROTOCOL=SASL_SSL KAFKA_SASL_USERNAME=admin \
 *   KAFKA_SASL_PASSWORD_FILE=… KAFKA_TLS_CA_FILE=… \
 *   [KAFKA_TOPIC_PREFIX=…] [KAFKA_GROUP_PREFIX=…] node -r tools/scripts/register.js deploy/kafka/acls.ts [--dry-run]
 *
 * KAFKA_PRINCIPAL_<NAME> renames a principal (e.g. KAFKA_PRINCIPAL_MAPPING_SERVICE=prod-mapping).
 */
import { Kafka, logLevel } from 'kafkajs';
import { createAcls, explainKafkaError, kafkaSecurityOptions, productAcls } from '@gv/kafka';
import { env, KAFKA_PRINCIPALS, loadKafkaSecurity } from '@gv/service-config';

async function main(): Promise<void> {
  const topicPrefix = env.topicPrefix().parse(process.env.KAFKA_TOPIC_PREFIX);
  const groupPrefix = process.env.KAFKA_GROUP_PREFIX ?? '';
  const principal = (name: string, fallback: string) => process.env[`KAFKA_PRINCIPAL_${name}`]?.trim() || fallback;
  const grants = productAcls({
    topicPrefix,
    groupPrefix,
    principals: {
      guruProducer: principal('GURU_PRODUCER', KAFKA_PRINCIPALS.guruProducer),
      mappingService: principal('MAPPING_SERVICE', KAFKA_PRINCIPALS.mappingService),
      invoiceDispatcher: principal('INVOICE_DISPATCHER', KAFKA_PRINCIPALS.invoiceDispatcher),
      configService: principal('CONFIG_SERVICE', KAFKA_PRINCIPALS.configService),
      ops: principal('OPS', KAFKA_PRINCIPALS.ops),
    },
  });
  if (process.argv.includes('--dry-run')) {
    for (const g of grants) console.log(`User:${g.principal}\t${g.operation}\t${g.resource}\t${g.pattern === 'PREFIXED' ? `${g.name}*` : g.name}`);
    return;
  }
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
  const security = loadKafkaSecurity('acls', KAFKA_PRINCIPALS.admin);
  const kafka = new Kafka({ clientId: 'acls', brokers, logLevel: logLevel.NOTHING, ...kafkaSecurityOptions(security) });
  try {
    await createAcls(kafka, grants);
  } catch (error) {
    throw explainKafkaError(error, security);
  }
  console.log(`kafka: ${grants.length} ACLs in place for ${new Set(grants.map((g) => g.principal)).size} principals`);
}

main().catch((error) => {
  console.error('kafka: ACL setup failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
