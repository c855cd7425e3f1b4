import { DispatchResult, saleKey } from '@gv/contracts';
import { generateSale } from '@gv/guru-sale-generator';
import { createKafka } from '@gv/kafka';
import { listDeadLetterTopics, readDeadLetters } from '@gv/operations';
import { KAFKA_PRINCIPALS } from '@gv/service-config';
import { createLogger } from '@gv/telemetry';
import { setUpAccount, startStack, RunningStack } from '@gv/stack';
import { freePort, KafkaProbe, kafkaPrincipalEnv, localKafkaSecurity, ServiceProcess, testEnvironment, uniqueId } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';

/**
 * Least privilege on the wire, against a broker with SASL and the StandardAuthorizer. A
 * `*.secured.spec.ts` file: its own Jest project (`secured`), run by `tools/scripts/test-secured.sh`
 * only, never against a plaintext broker (which has no authentication to test). Every service of the stack authenticates as its own principal with
 * only its own ACLs (`productAcls`, granted by the stack for its prefixes), Guru's events are
 * produced as guru-producer, and the refusals are the broker's.
 */
if (localKafkaSecurity().sasl === null) {
  throw new Error('this test needs a broker with SASL and ACLs: run it with `npm run test:secured`');
}

/** The Kafka error codes (`type`) along an error's cause chain. */
function kafkaErrorTypes(error: unknown): string[] {
  const types: string[] = [];
  for (let e: any = error; e && types.length < 10; e = e.cause ?? e.originalError) if (typeof e.type === 'string') types.push(e.type);
  return types;
}

describe('Kafka security: each service as its own principal', () => {
  const env = testEnvironment();
  /** This process's (admin) view of the stack's topics. */
  const observer = new KafkaProbe();
  /** Guru's platform: may write its sale events, nothing else. */
  const guru = new KafkaProbe(env.kafkaBrokers, kafkaPrincipalEnv(KAFKA_PRINCIPALS.guruProducer));
  let stack: RunningStack;
  const isolation = uniqueId('sec');
  const accountId = uniqueId('sec_acct');
  const tokens = { accessToken: uniqueId('at'), secretAccessToken: uniqueId('st') };

  const sale = (id: string) => generateSale({
    seed: 2026, id, accountId, status: 'approved', method: 'credit_card', installments: 1,
    productCode: 'LIVRO-CONF', orderBumpCodes: [], coupon: false, buyer: 'cpf', variants: 'canonical',
  });

  beforeAll(async () => {
    stack = await startStack({ kafkaBrokers: env.kafkaBrokers, databaseUrl: env.databaseUrl, isolation });
    await observer.listen([stack.topics.dispatchResults, stack.topics.saleOrders]);
    await setUpAccount(stack, { accountId, ...tokens });
  }, 240000);

  afterAll(async () => {
    await guru.close();
    await observer.close();
    await stack?.stop();
  });

  it('starts every service with its own principal (none runs as the admin)', () => {
    for (const [name, principal] of [
      ['config-service', KAFKA_PRINCIPALS.configService],
      ['mapping-service', KAFKA_PRINCIPALS.mappingService],
      ['invoice-dispatcher', KAFKA_PRINCIPALS.invoiceDispatcher],
    ] as const) {
      expect(kafkaPrincipalEnv(principal).KAFKA_SASL_USERNAME).toBe(principal);
      expect(stack.processes[name].log).not.toContain('Kafka refused');
    }
  });

  it('takes a sale produced by guru-producer through mapping-service and invoice-dispatcher to Vhsys, and the result back', async () => {
    const id = uniqueId('sale');
    await guru.produce(stack.topics.guruTransactions, [{ key: saleKey(accountId, id), value: sale(id) }]);
    const [message] = await observer.waitFor(
      stack.topics.dispatchResults,
      (m) => (m.value as DispatchResult).guruTransactionId === id && (m.value as DispatchResult).outcome === 'created',
      1,
      60000,
    ).catch((error) => {
      for (const [name, p] of Object.entries(stack.processes)) console.log(`----- ${name}\n${p.log.slice(-4000)}`);
      throw error;
    });
    expect((message.value as DispatchResult).vhsys?.idPed).toEqual(expect.any(Number));
    const state = await new SimulatorAdmin(stack.simulatorAdminUrl).getState(tokens.accessToken);
    expect(state.pedidos.filter((p) => JSON.stringify(p).includes(id))).toHaveLength(1);
  });

  it('refuses guru-producer writing sale orders (TOPIC_AUTHORIZATION_FAILED), and nothing of it reaches Vhsys', async () => {
    const forged = uniqueId('forged');
    const refused = await guru
      .produce(stack.topics.saleOrders, [{ key: saleKey(accountId, forged), value: { accountId, guruTransactionId: forged } }])
      .then(() => null, (error: unknown) => error);
    expect(refused).not.toBeNull();
    expect(kafkaErrorTypes(refused)).toContain('TOPIC_AUTHORIZATION_FAILED');

    // A later sale through the whole path: once its result is back, the forged order would have been handled too.
    const later = uniqueId('sale');
    await guru.produce(stack.topics.guruTransactions, [{ key: saleKey(accountId, later), value: sale(later) }]);
    await observer.waitFor(stack.topics.dispatchResults, (m) => (m.value as DispatchResult).guruTransactionId === later, 1, 60000);
    expect(observer.received(stack.topics.saleOrders).filter((m) => m.key === saleKey(accountId, forged))).toHaveLength(0);
    const state = await new SimulatorAdmin(stack.simulatorAdminUrl).getState(tokens.accessToken);
    expect(state.pedidos.filter((p) => JSON.stringify(p).includes(forged))).toHaveLength(0);
  });

  it('refuses guru-producer reading the dispatch results', async () => {
    const reader = new KafkaProbe(env.kafkaBrokers, kafkaPrincipalEnv(KAFKA_PRINCIPALS.guruProducer));
    const refused = await reader.listen([stack.topics.dispatchResults]).then(() => null, (error: unknown) => error);
    await reader.close();
    expect(refused).not.toBeNull();
    expect(kafkaErrorTypes(refused).some((t) => t === 'TOPIC_AUTHORIZATION_FAILED' || t === 'GROUP_AUTHORIZATION_FAILED')).toBe(true);
  });

  it('lets ops read the dead letters as its own principal', async () => {
    const dlqTopic = `deadletter.${isolation}-mapping-service.v1`;
    const key = saleKey(accountId, uniqueId('dead'));
    await observer.produce(dlqTopic, [{ key, value: '{}', headers: { 'x-dlq-reason': 'test' } }]);
    const ops = createKafka({
      brokers: env.kafkaBrokers,
      clientId: 'ops-test',
      logger: createLogger('ops-test', 'silent'),
      security: localKafkaSecurity({ ...process.env, ...kafkaPrincipalEnv(KAFKA_PRINCIPALS.ops) }),
    });
    expect(await listDeadLetterTopics(ops)).toContain(dlqTopic);
    const letters = await readDeadLetters(ops, [dlqTopic], { timeoutMs: 30000 });
    expect(letters.map((l) => l.key)).toContain(key);
  });

  it('ends a service started with a wrong password at start-up, non-zero, naming the user and mechanism but not the password', async () => {
    const wrong = `wrong-${uniqueId('pw')}`;
    const port = await freePort();
    const service = new ServiceProcess({
      name: 'mapping-service (wrong password)',
      entry: 'services/mapping-service/src/main.ts',
      env: {
        ...kafkaPrincipalEnv(KAFKA_PRINCIPALS.mappingService),
        KAFKA_SASL_PASSWORD_FILE: '',
        KAFKA_SASL_PASSWORD: wrong,
        KAFKA_BROKERS: env.kafkaBrokers.join(','),
        DATABASE_URL: env.databaseUrl,
        DB_SCHEMA: uniqueId('sec_wrong').toLowerCase(),
        MAPPING_SERVICE_HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
    await expect(service.start(90000)).rejects.toThrow(/exited with 1/);
    const { code } = await service.exited();
    expect(code).toBe(1);
    expect(service.log).toContain(`Kafka refused the SASL credentials of user ${KAFKA_PRINCIPALS.mappingService} (SCRAM-SHA-512)`);
    expect(service.log).not.toContain(wrong);
  });

  it('refused no service anything its work needs (no authorization error in their logs)', () => {
    for (const [name, p] of Object.entries(stack.processes)) {
      expect({ name, refusals: p.log.split('\n').filter((line) => /authoriz/i.test(line)) }).toEqual({ name, refusals: [] });
    }
  });
});
