/**
 * What routing a Kafka message through Nest costs (issue 15): CPU µs per message of
 *   direct: the handler the services used to give ConsumerRunner, i.e. bound, parse and validate
 *           the Guru event (decodeJson + parseContract), then a no-op;
 *   nest:   the same message through a KafkaConsumerServer's Nest handler: an @EventPattern method
 *           with @Payload(ContractPipe) and @Ctx(), ConsumerErrorsFilter bound, called the way the
 *           server's dispatch calls it (KafkaEventContext, Observable check).
 * Process CPU time, not wall time (on a shared machine wall time mostly measures the neighbours);
 * rounds alternate between the variants so drift of the machine affects both alike. No broker is
 * involved: the consumer's fetch and commit work is the same code in both variants.
 *
 *   node -r ./tools/scripts/register.js bench/kafka/nest-dispatch-cost.ts [messages per round] [rounds]
 */
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { GURU_BOUNDS, GURU_TRANSACTION_EVENT, GuruTransactionEventSchema, parseContract } from '@gv/contracts';
import {
  connectKafkaConsumer, ContractPipe, decodeJson, HandlerControls, InboundMessage, KafkaConsumerServer, KafkaEventContext,
} from '@gv/kafka';
import { createLogger } from '@gv/telemetry';
import { encodeEvent, prepareSales } from '../e2e/sales';

const TOPIC = 'bench.guru.transactions.v1';
const perRound = Number(process.argv[2] ?? 20000);
const rounds = Number(process.argv[3] ?? 7);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

let handled = 0;

@Controller()
class BenchController {
  @EventPattern(TOPIC)
  handle(@Payload(new ContractPipe(GURU_TRANSACTION_EVENT, GuruTransactionEventSchema, GURU_BOUNDS)) event: { accountId: string }, @Ctx() context: KafkaEventContext): Promise<void> {
    if (event.accountId && context.getKey()) handled += 1;
    return Promise.resolve();
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

async function main(): Promise<void> {
  const sales = prepareSales(200, ['acct-bench-1', 'acct-bench-2'], 7);
  const messages: InboundMessage[] = sales.map((sale, i) => ({
    topic: TOPIC, partition: 0, offset: String(i), key: sale.key,
    value: Buffer.from(encodeEvent(sale, '2026-12-04T12:00:00.000-03:00')), headers: {}, timestamp: String(Date.now()),
  }));
  const controls: HandlerControls = { heartbeat: async () => undefined, roomTaken: () => undefined };

  const direct = async (message: InboundMessage) => {
    const event = parseContract(GURU_TRANSACTION_EVENT, GuruTransactionEventSchema, decodeJson(message.value, GURU_BOUNDS));
    if (event.accountId && message.key) handled += 1;
  };

  const logger = createLogger('bench', 'silent');
  const app = await NestFactory.create(BenchModule, { logger: false, abortOnError: false });
  // A server that is never started (no broker): only its registered Nest handler is used.
  const server = new KafkaConsumerServer({ kafka: null as never, publisher: null as never, logger, groupId: 'bench', patterns: [TOPIC], topicPrefix: '' });
  connectKafkaConsumer(app, server);
  await app.init();
  const handler = server.getHandlerByPattern(TOPIC)!;
  const viaNest = async (message: InboundMessage) => {
    const result = await handler(message.value, new KafkaEventContext([message, controls]));
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  };

  const variants: Array<[string, (m: InboundMessage) => Promise<void>]> = [['direct', direct], ['nest', viaNest]];
  const results = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (const [, run] of variants) for (let i = 0; i < 2000; i += 1) await run(messages[i % messages.length]!); // warm-up
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, run] of round % 2 === 0 ? variants : [...variants].reverse()) {
      const before = process.cpuUsage();
      for (let i = 0; i < perRound; i += 1) await run(messages[i % messages.length]!);
      const used = process.cpuUsage(before);
      results.get(name)!.push((used.user + used.system) / perRound);
    }
  }
  await app.close();
  const directUs = median(results.get('direct')!);
  const nestUs = median(results.get('nest')!);
  console.log(JSON.stringify({
    messagesPerRound: perRound, rounds, handled,
    cpuMicrosPerMessage: { direct: Number(directUs.toFixed(2)), nest: Number(nestUs.toFixed(2)) },
    nestOverheadMicros: Number((nestUs - directUs).toFixed(2)),
    ratio: Number((nestUs / directUs).toFixed(3)),
    rounds_us: Object.fromEntries([...results].map(([k, v]) => [k, v.map((x) => Number(x.toFixed(2)))])),
  }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
