/**
 * Produces generated Guru sales to `guru.transactions.v1`.
 *
 *   npm run generate:sales -- --count 100 --accounts 3 --seed 42 --products 1587151083,LIVRO-CONF
 *
 * --count     number of sales (default 10)
 * --accounts  number of accounts, acc-1 … acc-N, sales spread round-robin (default 1)
 * --seed      base seed; sale i uses seed × 100003 + i, so a run is reproducible (default 1)
 * --products  comma-separated main product codes to sell (default: the whole catalog)
 * --dry-run   print `key<TAB>value` lines instead of producing
 *
 * Brokers from KAFKA_BROKERS (comma-separated, default 127.0.0.1:19092); KAFKA_TOPIC_PREFIX targets an
 * isolated stack's topics. Key `accountId:id`, value
 * the GuruTransactionEvent JSON, header x-contract.
 */
import { Kafka, logLevel } from 'kafkajs';
import { GuruTransactionEventSchema, prefixedTopics, saleKey } from '@gv/contracts';
import { DEFAULT_PRODUCTS } from './catalog';
import { generateSale } from './generate-sale';
import { GuruEventProducer } from './guru-producer';
import { kafkaSecurityOptions } from '@gv/kafka';
import { KAFKA_PRINCIPALS, loadKafkaSecurity } from '@gv/service-config';

export interface CliOptions {
  count: number;
  accounts: number;
  seed: number;
  products: string[] | null;
  dryRun: boolean;
}

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { count: 10, accounts: 1, seed: 1, products: null, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    const positiveInt = (text: string): number => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} must be a positive integer, got ${text}`);
      return n;
    };
    if (arg === '--count') options.count = positiveInt(value());
    else if (arg === '--accounts') options.accounts = positiveInt(value());
    else if (arg === '--seed') options.seed = Number.parseInt(value(), 10);
    else if (arg === '--products') options.products = value().split(',').map((c) => c.trim()).filter((c) => c !== '');
    else if (arg === '--dry-run') options.dryRun = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer');
  if (options.products) {
    const unknown = options.products.filter((code) => !DEFAULT_PRODUCTS.some((p) => p.code === code));
    if (unknown.length > 0) throw new Error(`unknown product codes: ${unknown.join(', ')}`);
  }
  return options;
}

/** The messages of a run: key `accountId:id`, value the event JSON. */
export function buildMessages(options: CliOptions): { key: string; value: string }[] {
  return Array.from({ length: options.count }, (_, i) => {
    const seed = options.seed * 100003 + i;
    const accountId = `acc-${(i % options.accounts) + 1}`;
    const productCode = options.products ? options.products[i % options.products.length] : undefined;
    const event = GuruTransactionEventSchema.parse(generateSale({ seed, accountId, productCode }));
    const id = String(event.transaction.id);
    return { key: saleKey(accountId, id), value: JSON.stringify(event) };
  });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const messages = buildMessages(options);
  if (options.dryRun) {
    for (const message of messages) process.stdout.write(`${message.key}\t${message.value}\n`);
    return;
  }
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').map((b) => b.trim()).filter((b) => b !== '');
  // Guru's platform's identity on a secured broker (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_TLS_*).
  const security = loadKafkaSecurity('guru-sale-generator', KAFKA_PRINCIPALS.guruProducer);
  const kafka = new Kafka({ clientId: 'guru-sale-generator', brokers, logLevel: logLevel.WARN, ...kafkaSecurityOptions(security) });
  const producer = new GuruEventProducer(kafka, prefixedTopics(process.env.KAFKA_TOPIC_PREFIX ?? '').guruTransactions);
  await producer.connect();
  try {
    await producer.send(messages);
    process.stdout.write(`produced ${messages.length} sales to ${prefixedTopics(process.env.KAFKA_TOPIC_PREFIX ?? '').guruTransactions} (${options.accounts} account(s), seed ${options.seed})\n`);
  } finally {
    await producer.disconnect();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
