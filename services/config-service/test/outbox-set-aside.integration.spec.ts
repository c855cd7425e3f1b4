import { Kafka } from 'kafkajs';
import { IntegrationConfigSnapshotSchema, prefixedTopics, prefixedTopicSpecs } from '@gv/contracts';
import { ensureTopics } from '@gv/kafka';
import { parsePrometheusText, sampleValue, startMetrics } from '@gv/telemetry';
import { KafkaProbe, localKafka, testEnvironment, uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator, SimulatorAdmin } from '@gv/vhsys-simulator';
import type { RunningConfigService } from '../src/start-config-service';
import { createVhsysAccount, dropSchema, HttpApi, PRODUCT_NFE, query, serviceEnv, startInProcess, startSimulator, testSchema } from './support';

jest.setTimeout(180_000);

/** The settings topic of this test refuses messages above this many bytes (production: 1 MiB). */
const MAX_MESSAGE_BYTES = 2000;

interface OutboxRow {
  id: string;
  payload: { version: number; products: unknown[] } | null;
  published_at: Date | null;
  set_aside_at: Date | null;
  set_aside_reason: string | null;
}

/**
 * One account's snapshot the broker refuses (here: a topic with a small max.message.bytes, so a
 * snapshot within the settings limits is too large) must not hold back any other account's.
 */
describe('config-service outbox with a snapshot the broker refuses', () => {
  const env = testEnvironment();
  const prefix = `${uniqueId('setaside')}.`;
  const topic = prefixedTopics(prefix).integrationConfig;
  let sim: RunningVhsysSimulator;
  let simAdmin: SimulatorAdmin;
  let service: RunningConfigService;
  let schema: string;
  let api: HttpApi;
  let probe: KafkaProbe;
  let kafka: Kafka;
  let otherTopics: string[] = [];

  beforeAll(async () => {
    startMetrics('config-service-test');
    ({ sim, admin: simAdmin } = await startSimulator());
    kafka = localKafka('set-aside-test', env.kafkaBrokers);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'max.message.bytes', value: String(MAX_MESSAGE_BYTES) }] }],
    });
    await admin.disconnect();
    // The other topics of the prefix (the sales history's consumer reads two of them), as created in production.
    otherTopics = await ensureTopics(kafka, prefixedTopicSpecs(prefix).filter((spec) => spec.name !== topic));
    schema = testSchema();
    service = await startInProcess(serviceEnv({ schema, vhsysUrl: sim.url, extra: { KAFKA_TOPIC_PREFIX: prefix } }));
    api = new HttpApi(service.httpUrl);
    probe = new KafkaProbe();
    await probe.listen([topic]);
  });

  afterAll(async () => {
    await probe?.close();
    await service?.stop();
    await sim?.close();
    if (kafka) {
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic, ...otherTopics] }).catch(() => undefined);
      await admin.disconnect();
    }
    if (schema) await dropSchema(schema);
  });

  const outboxOf = (accountId: string) =>
    query<OutboxRow>(`SELECT id, payload, published_at, set_aside_at, set_aside_reason FROM "${schema}".outbox WHERE message_key = $1 ORDER BY id`, [accountId]);
  const versionsOf = (accountId: string) => probe.received(topic, (m) => m.key === accountId).map((m) => IntegrationConfigSnapshotSchema.parse(m.value).version);

  it('sets the oversized snapshot aside with its reason, counts it, and publishes the other account within seconds', async () => {
    const vh = await createVhsysAccount(simAdmin);
    const big = uniqueId('acct_big');
    const small = uniqueId('acct_small');
    const detalhe = { accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, criarVendaComJuros: false, enviarParcelas: false, ativo: false };

    // Account "big": its settings grow past what this topic takes (each product carries a long description).
    expect((await api.request('PUT', api.settingsPath(big, '/detalhe'), { headers: { 'if-none-match': '*' }, body: detalhe })).status).toBe(200);
    let version = 1;
    for (const code of ['A', 'B', 'C', 'D']) {
      const put = await api.request('PUT', api.settingsPath(big, `/products/${code}`), {
        headers: { 'if-match': `"${version}"` },
        body: { ...PRODUCT_NFE(vh.produtoId), description: `${code}`.repeat(255) },
      });
      expect(put.status).toBe(200);
      version = put.body.settings.version;
    }
    // Then another account changes its settings: it must not wait behind "big".
    const committed = await api.request('PUT', api.settingsPath(small, '/detalhe'), { headers: { 'if-none-match': '*' }, body: detalhe });
    expect(committed.status).toBe(200);
    const committedAt = Date.now();
    await probe.waitFor(topic, (m) => m.key === small, 1, 60_000);
    expect(Date.now() - committedAt).toBeLessThan(10_000);

    // What the topic took from "big": the versions that fit, in order; the others were set aside.
    const rows = await (async () => {
      for (;;) {
        const current = await outboxOf(big);
        if (current.every((r) => r.published_at !== null || r.set_aside_at !== null)) return current;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const setAside = rows.filter((r) => r.set_aside_at !== null);
    const published = rows.filter((r) => r.published_at !== null);
    expect(setAside.length).toBeGreaterThan(0);
    expect(published.length + setAside.length).toBe(5);
    const size = (row: OutboxRow) => Buffer.byteLength(JSON.stringify(row.payload));
    for (const row of setAside) {
      // Value, key, headers and framing together exceed the topic's limit; anything published was smaller.
      expect(size(row)).toBeGreaterThan(Math.max(...published.map(size)));
      expect(row.published_at).toBeNull();
      expect(row.set_aside_reason).toMatch(/^MESSAGE_TOO_LARGE: .+ \(value \d+ bytes\)$/);
    }
    // Versions only grow: the set-aside ones are the last, largest snapshots.
    expect(published.map((r) => r.payload!.version)).toEqual(rows.slice(0, published.length).map((r) => r.payload!.version));
    // Each published version on the topic (a request refused for one partition and written for
    // others is sent again row by row, so a version may appear twice), the newest last.
    const seen = versionsOf(big);
    expect([...new Set(seen)]).toEqual(published.map((r) => r.payload!.version));
    expect(seen[seen.length - 1]).toBe(published[published.length - 1]!.payload!.version);

    // The metrics: counted by topic and error, the gauge shows the rows waiting, not the backlog.
    const samples = parsePrometheusText(await (await fetch(`${service.httpUrl}/metrics`)).text());
    expect(sampleValue(samples, 'outbox_set_aside_total', { topic, error: 'MESSAGE_TOO_LARGE' })).toBe(setAside.length);
    expect(sampleValue(samples, 'outbox_set_aside_rows')).toBe(setAside.length);
    expect(sampleValue(samples, 'config_outbox_backlog')).toBe(0);

    // The account recovers as soon as its settings fit again: its next snapshot goes out.
    let current = version;
    for (const code of ['D', 'C', 'B']) {
      const removed = await api.request('DELETE', api.settingsPath(big, `/products/${code}`), { headers: { 'if-match': `"${current}"` } });
      expect(removed.status).toBe(200);
      current = removed.body.settings.version;
    }
    const [latest] = await probe.waitFor(topic, (m) => m.key === big && IntegrationConfigSnapshotSchema.parse(m.value).version === current, 1, 30_000);
    expect(IntegrationConfigSnapshotSchema.parse(latest!.value).products.map((p) => p.guruProductCode)).toEqual(['A']);
  });
});
