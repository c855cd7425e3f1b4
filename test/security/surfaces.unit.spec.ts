/**
 * The suite's enumerations and its secret search, on known input: what they find is exactly what
 * is there (the integration specs rely on them to cover every route, method and leak).
 */
import { deeplyNestedMessage, grpcMethodsOfProto, malformedMessage, oversizedMessage } from './grpc-surface';
import { fillPath, routesOfNestLog, routesOfOpenApi } from './http-surface';
import { secretsIn } from './secret-scan';

describe('security suite: enumerations', () => {
  it('reads every operation of an OpenAPI document with its parameters and body', () => {
    const routes = routesOfOpenApi({
      paths: {
        '/v1/accounts/{accountId}/x': {
          get: {},
          put: { requestBody: { content: { 'application/json': { schema: { properties: { a: {}, b: {} } } } } } },
          parameters: {} as never,
        },
        '/v1/admin/republish': { post: { requestBody: { content: { 'application/json': { schema: { properties: { accountId: {} } } } } } } },
      },
    });
    expect(routes).toEqual([
      { method: 'GET', template: '/v1/accounts/{accountId}/x', params: ['accountId'], hasBody: false, bodyProperties: [] },
      { method: 'PUT', template: '/v1/accounts/{accountId}/x', params: ['accountId'], hasBody: true, bodyProperties: ['a', 'b'] },
      { method: 'POST', template: '/v1/admin/republish', params: [], hasBody: true, bodyProperties: ['accountId'] },
    ]);
  });

  it("reads the routes a Nest application mapped from its log lines", () => {
    const log = [
      '{"level":"info","context":"RouterExplorer","message":"Mapped {/health/live, GET} route"}',
      '{"level":"info","context":"RouterExplorer","message":"Mapped {/config-view/:accountId, GET} route"}',
      '{"level":"info","context":"RouterExplorer","message":"Mapped {/v1/accounts/:accountId/p/:guruProductCode, PUT} route"}',
      '{"level":"info","context":"RouterExplorer","message":"Mapped {/health/live, GET} route"}',
      '{"level":"info","message":"started"}',
    ].join('\n');
    expect(routesOfNestLog(log)).toEqual(['GET /config-view/{accountId}', 'GET /health/live', 'PUT /v1/accounts/{accountId}/p/{guruProductCode}']);
  });

  it('fills path parameters, URL-encoded, with a fallback for unknown ones', () => {
    expect(fillPath('/v1/accounts/{accountId}/products/{guruProductCode}', { accountId: 'a b' })).toBe('/v1/accounts/a%20b/products/sec-param');
  });

  it('enumerates every method of the proto, with the request fields the loader names', () => {
    const methods = grpcMethodsOfProto();
    expect(methods.map((m) => m.path)).toEqual([
      ...['GetSettings', 'UpdateDetalhe', 'UpdatePaymentMethods', 'UpdateStatusMap', 'UpdateInvoicePolicy', 'PutProduct', 'DeleteProduct', 'UpdateGuruApiToken', 'DeleteGuruApiToken', 'DeleteIntegration', 'ListSituacoes', 'ListVhsysProducts', 'ListAudit', 'Republish']
        .map((m) => `/guru.vhsys.config.v1.VhsysIntegrationAdmin/${m}`),
      '/guru.vhsys.config.v1.VhsysCredentials/GetCredentials',
      ...['ListSales', 'GetSale', 'ReprocessSale', 'ReprocessSales'].map((m) => `/guru.vhsys.config.v1.SalesHistory/${m}`),
      ...['StartAudit', 'ListAudits', 'GetAudit', 'RepairFinding', 'AcceptFinding'].map((m) => `/guru.vhsys.config.v1.SalesAudit/${m}`),
      ...['PreviewImport', 'StartImport', 'GetImport', 'CancelImport'].map((m) => `/guru.vhsys.config.v1.SalesImport/${m}`),
    ]);
    expect(methods.every((m) => m.requestFields.includes('accountId'))).toBe(true);
    expect(methods[0]!.encode({ accountId: 'acct' })).toEqual(Buffer.from([0x0a, 4, ...Buffer.from('acct')]));
  });

  it('builds the hostile gRPC messages it says it builds', () => {
    expect(malformedMessage()[0]).toBe((15 << 3) | 7);
    const oversized = oversizedMessage(300);
    expect([...oversized.subarray(0, 3)]).toEqual([0x0a, 0xac, 0x02]);
    expect(oversized.length).toBe(303);
    const nested = deeplyNestedMessage(3);
    expect([...nested]).toEqual([0x7b, 0x7b, 0x7b, 0x7c, 0x7c, 0x7c]);
  });
});

describe('security suite: secret search', () => {
  const secrets = [
    { label: 'token', value: 'sec-admin-all-0123456789abcdef0123456789abcdef0123' },
    { label: 'short', value: 'wxyz' },
  ];

  it('finds a secret whole, or its last 24 characters (a truncated leak), and names it by label', () => {
    expect(secretsIn('x sec-admin-all-0123456789abcdef0123456789abcdef0123 y', secrets)).toEqual(['token']);
    expect(secretsIn('Bearer …89abcdef0123456789abcdef0123', secrets)).toEqual(['token']);
    expect(secretsIn('…wxyz…', secrets)).toEqual(['short']);
    expect(secretsIn('sec-admin-all-0123456789ab', secrets)).toEqual([]);
  });
});
