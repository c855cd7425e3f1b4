import { saleKey, DispatchResult } from '@gv/contracts';
import { generateSale } from '@gv/guru-sale-generator';
import { LOCAL_ADMIN_TOKEN, RunningStack, setUpAccount, startStack } from '@gv/stack';
import { eventually, KafkaProbe, testEnvironment, uniqueId } from '@gv/testing';
import { VhsysClient } from '@gv/vhsys-client';

/**
 * "Conferir com o Vhsys" through the real pipeline (config-service, mapping-service, dispatcher
 * and the Vhsys simulator as processes, real Kafka and PostgreSQL): sales dispatched, one pedido
 * deleted by hand in Vhsys, an audit started over config-service's HTTP API finds exactly that
 * pedido; repairing it over HTTP leaves the finding repaired and exactly one live pedido for the
 * sale. The new routes refuse a missing token (401) and another tenant's token (403).
 */
describe('audits over the admin API, end to end', () => {
  const env = testEnvironment();
  const probe = new KafkaProbe();
  let stack: RunningStack;
  const accountId = uniqueId('audit_acct');
  const accessToken = uniqueId('at');
  const secretAccessToken = uniqueId('st');
  /** An admin token limited to another account (the tenant rule). */
  const OTHER_TENANT_TOKEN = 'other-tenant-token-00000000000000000000';

  const api = async (method: 'GET' | 'POST', path: string, body?: unknown, token: string | null = LOCAL_ADMIN_TOKEN) => {
    const res = await fetch(`${stack.configServiceUrl}/v1/accounts/${accountId}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const logs = () => {
    for (const name of ['config-service', 'invoice-dispatcher'] as const) console.log(`----- ${name}\n${stack.processes[name].log.slice(-4000)}`);
  };

  beforeAll(async () => {
    stack = await startStack({ kafkaBrokers: env.kafkaBrokers, databaseUrl: env.databaseUrl, isolation: uniqueId('audapi'),
      env: {
        'config-service': { ADMIN_API_TOKENS: `local-admin:${LOCAL_ADMIN_TOKEN}:*:operator,other-tenant:${OTHER_TENANT_TOKEN}:someone-else` },
        // Vhsys's default 2 requests/s per account would spend most of the test waiting for the limiter.
        'invoice-dispatcher': { VHSYS_RATE_LIMIT_PER_SECOND: '40', VHSYS_RATE_LIMIT_BURST: '40' },
      },
    });
    await probe.listen([stack.topics.dispatchResults, stack.topics.auditResults]);
    await setUpAccount(stack, { accountId, accessToken, secretAccessToken });
  }, 240000);

  afterAll(async () => {
    await probe.close();
    await stack?.stop();
  });

  it('finds a pedido deleted by hand, repairs it over HTTP: one live pedido for the sale, the finding repaired', async () => {
    const now = Date.now();
    const sales = [0, 1, 2].map((i) => generateSale({
      seed: 3100 + i, orderedAt: new Date(now - 3_600_000 - i * 60_000), id: uniqueId(`sale${i}`), accountId, status: 'approved', method: 'pix', installments: 1,
      productCode: 'LIVRO-CONF', orderBumpCodes: [], coupon: false, buyer: 'cpf', variants: 'canonical',
    }));
    const ids = sales.map((s) => String(s.transaction.id));
    await probe.produce(stack.topics.guruTransactions, sales.map((s, i) => ({ key: saleKey(accountId, ids[i]!), value: s })));
    const created = await probe.waitFor(stack.topics.dispatchResults, (m) => ids.includes((m.value as DispatchResult).guruTransactionId) && (m.value as DispatchResult).outcome === 'created', 3, 90000);
    const deleted = created.map((m) => m.value as DispatchResult).find((r) => r.guruTransactionId === ids[0])!;
    const deletedIdPed = deleted.vhsys!.idPed!;

    // "By hand" in Vhsys, with the account's token: the pedido goes to the lixeira.
    const vhsys = new VhsysClient({ baseUrl: stack.simulatorUrl, credentials: { accessToken, secretAccessToken }, timeoutMs: 5000 });
    await vhsys.deletePedido(deletedIdPed);

    const started = await api('POST', '/audits', { from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 86_400_000).toISOString() });
    expect(started.status).toBe(202);
    const auditId = started.body.auditId as string;
    expect(started.body).toEqual({ auditId: expect.stringMatching(/^[0-9a-f-]{36}$/), requestedBy: expect.any(String), requestedAt: expect.any(String) });
    // A second audit of the account while this one runs is refused.
    expect((await api('POST', '/audits', { from: new Date(now - 3_600_000).toISOString(), to: new Date(now).toISOString() })).status).toBe(409);

    const done = await eventually(async () => {
      const detail = await api('GET', `/audits/${auditId}`);
      return detail.body.status === 'done' ? detail.body : undefined;
    }, 90000, 'the audit done').catch((error) => { logs(); throw error; });
    expect(done.counts).toMatchObject({ salesChecked: 3, findings: 1 });
    expect(done.findings).toEqual([expect.objectContaining({
      kind: 'pedido_in_lixeira', guruTransactionId: ids[0], idPed: deletedIdPed, expected: { idPed: deletedIdPed, lixeira: false },
      found: { idPed: deletedIdPed, lixeira: true }, resolution: 'open', repairable: true, pendingRequest: null,
    })]);
    const list = await api('GET', '/audits');
    expect(list.body.items.map((a: { auditId: string }) => a.auditId)).toEqual([auditId]);

    const findingId = done.findings[0].findingId as string;
    const repair = await api('POST', `/audits/${auditId}/findings/${findingId}/repair`);
    expect(repair.status).toBe(202);
    expect(repair.body).toMatchObject({ auditId, findingId, requested: 'repair' });
    // A second request while the first is pending is refused (the dispatcher would refuse it too).
    expect((await api('POST', `/audits/${auditId}/findings/${findingId}/accept`)).status).toBe(409);

    const repaired = await eventually(async () => {
      const detail = await api('GET', `/audits/${auditId}`);
      const finding = detail.body.findings[0];
      return finding.resolution === 'repaired' ? finding : undefined;
    }, 90000, 'the finding repaired').catch((error) => { logs(); throw error; });
    expect(repaired).toMatchObject({ resolvedBy: expect.any(String), pendingRequest: null, refusal: null, note: expect.stringContaining(`pedido ${deletedIdPed} forgotten`) });

    // Exactly one live pedido for the sale, and it is not the deleted one.
    const live = await vhsys.listPedidos({ lixeira: 'Nao', limit: 250 });
    const ofSale = live.rows.filter((p) => p.referenciaPedido.includes(ids[0]!));
    expect(ofSale).toHaveLength(1);
    expect(ofSale[0]!.idPed).not.toBe(deletedIdPed);
    // A repaired finding cannot be repaired again.
    expect((await api('POST', `/audits/${auditId}/findings/${findingId}/repair`)).status).toBe(409);
  }, 300000);

  it('refuses the audit routes without a token (401) and with another tenant\'s token (403)', async () => {
    const id = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
    const routes: ['GET' | 'POST', string][] = [['POST', '/audits'], ['GET', '/audits'], ['GET', `/audits/${id}`], ['POST', `/audits/${id}/findings/${id}/repair`], ['POST', `/audits/${id}/findings/${id}/accept`]];
    for (const [method, path] of routes) {
      expect([method, path, (await api(method, path, method === 'POST' ? {} : undefined, null)).status]).toEqual([method, path, 401]);
    }
    for (const [method, path] of routes) {
      expect([method, path, (await api(method, path, method === 'POST' ? {} : undefined, OTHER_TENANT_TOKEN)).status]).toEqual([method, path, 403]);
    }
  });
});
