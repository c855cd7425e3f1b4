import { IntegrationConfigSnapshotSchema, TOPICS } from '@gv/contracts';
import { eventually, KafkaProbe, ServiceProcess, uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator } from '@gv/vhsys-simulator';
import type { RunningConfigService } from '../src/start-config-service';
import { dropSchema, freePort, HttpApi, query, serviceEnv, startInProcess, startSimulator, testSchema } from './support';

const ENTRY = 'services/config-service/src/main.ts';

jest.setTimeout(120000);

describe('config-service transactional outbox', () => {
  let sim: RunningVhsysSimulator;
  let probe: KafkaProbe;
  const schemas: string[] = [];
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    ({ sim } = await startSimulator());
    probe = new KafkaProbe();
    await probe.listen([TOPICS.integrationConfig]);
  });

  afterAll(async () => {
    for (const p of processes) await p.kill();
    await probe?.close();
    await sim?.close();
    for (const schema of schemas) await dropSchema(schema);
  });

  it('publishes changes committed just before a crash (kill -9 before any publish) once the service is back, exactly as committed', async () => {
    const schema = testSchema();
    schemas.push(schema);
    const httpPort = await freePort();
    const env = serviceEnv({ schema, vhsysUrl: sim.url, httpPort, grpcPort: await freePort(), extra: { LOG_LEVEL: 'info' } });
    const readyUrl = `http://127.0.0.1:${httpPort}/health/ready`;
    const accountId = uniqueId('acct_crash');
    const api = new HttpApi(`http://127.0.0.1:${httpPort}`);

    // First life: commits, but its relay would only start in an hour.
    const first = new ServiceProcess({ entry: ENTRY, name: 'config-service#1', readyUrl, env: { ...env, OUTBOX_RELAY_START_DELAY_MS: '3600000' } });
    processes.push(first);
    await first.start();
    const created = await api.request('PUT', api.settingsPath(accountId, '/detalhe'), {
      headers: { 'if-none-match': '*' },
      body: { criarVendaComJuros: true, enviarParcelas: false, ativo: false },
    });
    expect(created.status).toBe(200);
    const changed = await api.request('PUT', api.settingsPath(accountId, '/payment-methods'), {
      headers: { 'if-match': '"1"' },
      body: { billet: 'Boleto', credit_card: 'Cartão de Crédito', paypal: null, pix: 'PIX' },
    });
    expect(changed.status).toBe(200);
    // The backlog gauge sees both committed, unpublished changes.
    const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    expect(metrics).toMatch(/^config_outbox_backlog(\{[^}]*\})? 2$/m);
    expect(metrics).toMatch(/^config_changes_total\{[^}]*action="payment_methods.put"[^}]*\} 1$/m);
    await first.kill();

    const pending = await query<{ payload: unknown; published_at: Date | null }>(
      `SELECT payload, published_at FROM "${schema}".outbox WHERE message_key = $1 ORDER BY id`,
      [accountId],
    );
    expect(pending).toHaveLength(2);
    expect(pending.every((row) => row.published_at === null)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(probe.received(TOPICS.integrationConfig, (m) => m.key === accountId)).toHaveLength(0);

    // Second life: publishes what the first committed, in order, byte for byte the committed snapshots.
    const second = new ServiceProcess({ entry: ENTRY, name: 'config-service#2', readyUrl, env: { ...env, OUTBOX_RELAY_START_DELAY_MS: '0' } });
    processes.push(second);
    await second.start();
    const messages = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId, 2, 30000);
    expect(messages.map((m) => m.value)).toEqual(pending.map((row) => row.payload));
    expect(messages.map((m) => IntegrationConfigSnapshotSchema.parse(m.value).version)).toEqual([1, 2]);
    const current = (await api.request('GET', api.settingsPath(accountId))).body;
    expect(messages[1]!.value).toMatchObject({
      version: current.version,
      criarVendaComJuros: true,
      paymentMethods: current.paymentMethods,
      updatedAt: current.updatedAt,
    });
    await eventually(async () => {
      const rows = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`);
      return rows[0]!.n === 0;
    }, 10000, 'outbox rows marked published');
    await new Promise((r) => setTimeout(r, 500));
    expect(probe.received(TOPICS.integrationConfig, (m) => m.key === accountId)).toHaveLength(2);
    await second.stop();
    expect(second.log).toContain('config-service stopped');
  });

  it('publishes from one instance at a time; a change committed on another instance is published at once, in commit order', async () => {
    const schema = testSchema();
    schemas.push(schema);
    const env = serviceEnv({ schema, vhsysUrl: sim.url, extra: { OUTBOX_POLL_INTERVAL_MS: '60000' } });
    const a: RunningConfigService = await startInProcess(env);
    const b: RunningConfigService = await startInProcess(env);
    try {
      await eventually(() => a.publishesOutbox || b.publishesOutbox, 10000, 'an outbox publisher');
      expect(a.publishesOutbox && b.publishesOutbox).toBe(false);
      const follower = a.publishesOutbox ? b : a;
      const api = new HttpApi(follower.httpUrl);
      const accountId = uniqueId('acct_multi');
      const started = Date.now();
      let version = 0;
      for (const ambiente of ['producao', 'homologacao', 'producao', 'homologacao']) {
        const res = await api.request('PUT', api.settingsPath(accountId, '/invoice-policy'), {
          headers: version === 0 ? { 'if-none-match': '*' } : { 'if-match': `"${version}"` },
          body: { ambiente, issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' },
        });
        expect(res.status).toBe(200);
        version = res.body.settings.version;
      }
      const messages = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId, 4, 20000);
      // The poll interval is a minute: only the commit notification explains a prompt publish.
      expect(Date.now() - started).toBeLessThan(15000);
      expect(messages.map((m) => (m.value as { version: number }).version)).toEqual([1, 2, 3, 4]);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
