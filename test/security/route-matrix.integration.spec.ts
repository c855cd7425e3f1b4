/**
 * Least privilege on every route and method, generated: every HTTP operation of config-service's
 * OpenAPI document (fetched from the running service), every gRPC method of the proto (loaded with
 * @grpc/proto-loader), and every route mapping-service and invoice-dispatcher map (read from their
 * start-up logs). For each: no token → 401 / UNAUTHENTICATED; the other kind of token (internal on
 * admin, admin on internal) → refused; a token of account A on account B → 403 /
 * PERMISSION_DENIED, the same answer whether B exists or not; oversized, malformed and deeply
 * nested bodies → a clear 4xx (INVALID_ARGUMENT / RESOURCE_EXHAUSTED), never a 5xx, never a hang.
 * The only routes open without a token are the documented ones in ./surfaces.ts; the operators'
 * routes there answer the ops token (OPS_HTTP_TOKEN) and no other. The console's Operações routes
 * (/v1/operations/...) answer 403 to every admin token without the operator role.
 */
import * as grpc from '@grpc/grpc-js';
import { uniqueId } from '@gv/testing';
import { deeplyNestedMessage, grpcMethodsOfProto, malformedMessage, oversizedMessage, RecordingGrpc } from './grpc-surface';
import { fillPath, HttpRoute, RecordingHttp, routeName, routesOfNestLog, routesOfOpenApi } from './http-surface';
import { dropStackSchemas, grpcRouteOf, randomSecret, SecurityStack, startSecurityStack } from './security-stack';
import { INTERNAL_GRPC_METHODS, OPEN_ROUTES, OPS_DOC_ROUTES, OPS_ROUTES } from './surfaces';
import { reportFigures } from './figures';

const HTTP_LIMIT_BYTES = 256 * 1024;

/** 'expected' when `value` is one of `allowed`, else the value itself (so a failure shows it). */
const oneOf = <T>(value: T, allowed: T[]) => (allowed.includes(value) ? 'expected' : value);
/** 'let through' when `value` is none of the refusals, else the refusal. */
const notIn = <T>(value: T, refusals: T[]) => (refusals.includes(value) ? value : 'let through');

describe('security: least privilege on every route and method', () => {
  let sec: SecurityStack;
  const http = new RecordingHttp();
  let rpc: RecordingGrpc;
  let accountA: string;
  /** Another account that exists (set up with the all-accounts token); the scoped token may not use it. */
  const accountB = uniqueId('sec_acct_b');
  /** An account that exists nowhere. */
  const accountMissing = uniqueId('sec_acct_missing');
  let documented: HttpRoute[];
  const figures = { configHttpRoutes: 0, configOpenRoutes: 0, configOpsRoutes: 0, otherHttpRoutes: 0, otherOpenRoutes: 0, otherOpsRoutes: 0, grpcMethods: 0, httpRequests: 0, grpcCalls: 0, refusals: 0 };
  const refused = (n = 1) => (figures.refusals += n);

  beforeAll(async () => {
    // Info logs: the services' start-up lines list the routes they mapped.
    sec = await startSecurityStack({ logLevel: 'info' });
    accountA = sec.accountA;
    rpc = new RecordingGrpc(grpcRouteOf(sec.stack));
    const created = await http.send('PUT', `${sec.stack.configServiceUrl}/v1/accounts/${accountB}/vhsys-integration/detalhe`, {
      token: sec.credentials.adminAll,
      headers: { 'content-type': 'application/json', 'if-none-match': '*' },
      body: JSON.stringify({ accessToken: randomSecret('sec-vhsys-access-b'), secretAccessToken: randomSecret('sec-vhsys-secret-b'), criarVendaComJuros: false, enviarParcelas: false, ativo: false }),
    });
    expect(created.status).toBe(200);
    const doc = await http.send('GET', `${sec.stack.configServiceUrl}/docs/openapi.json`, { token: sec.credentials.ops });
    expect(doc.status).toBe(200);
    documented = routesOfOpenApi(doc.json as never);
  }, 240000);

  afterAll(async () => {
    rpc?.close();
    await sec?.stack.stop();
    if (sec) await dropStackSchemas(sec.isolation);
    figures.httpRequests = http.exchanges.length;
    figures.grpcCalls = rpc?.answers.length ?? 0;
    reportFigures('route-matrix', figures);
  });

  const configUrl = (path: string) => `${sec.stack.configServiceUrl}${path}`;
  const isOpen = (service: string, route: string) => route in (OPEN_ROUTES[service] ?? {});
  const isOps = (service: string, route: string) => route in (OPS_ROUTES[service] ?? {});
  /** The console's Operações: admin tokens with the operator role only. */
  const isOperatorRoute = (route: HttpRoute) => route.template.startsWith('/v1/operations/');
  const errorShape = { error: expect.any(String), message: expect.any(String), details: expect.any(Array) };

  it('documents every route config-service maps, and only the allow-listed ones are open', () => {
    const mapped = routesOfNestLog(sec.stack.processes['config-service'].log);
    figures.configHttpRoutes = mapped.length;
    figures.configOpenRoutes = mapped.filter((r) => isOpen('config-service', r)).length;
    figures.configOpsRoutes = mapped.filter((r) => isOps('config-service', r)).length;
    expect(mapped.length).toBeGreaterThan(10);
    // A route Nest serves but the OpenAPI document omits would escape the generated matrix.
    expect(mapped.filter((r) => !documented.some((d) => routeName(d) === r))).toEqual([]);
    expect(documented.map(routeName).sort()).toEqual(mapped);
    // Every allow-listed route exists (the list cannot rot into permitting routes nobody checks).
    for (const route of [...Object.keys(OPEN_ROUTES['config-service']!), ...Object.keys(OPS_ROUTES['config-service']!)]) expect(mapped).toContain(route);
  });

  it('answers 401 without a token, with an unknown token, an internal token and the ops token on every API route', async () => {
    const secured = documented.filter((r) => !isOpen('config-service', routeName(r)) && !isOps('config-service', routeName(r)));
    expect(secured.length).toBeGreaterThan(10);
    for (const route of secured) {
      const url = configUrl(fillPath(route.template, { accountId: accountA }));
      for (const token of [null, randomSecret('sec-unknown'), sec.credentials.internal, sec.credentials.ops]) {
        const answer = await http.send(route.method, url, { token });
        expect({ route: routeName(route), status: answer.status, body: answer.json }).toEqual({ route: routeName(route), status: 401, body: { ...errorShape, error: 'unauthenticated' } });
        refused();
      }
    }
    // The open ones really are open.
    for (const route of Object.keys(OPEN_ROUTES['config-service']!)) {
      const [method, path] = route.split(' ') as [string, string];
      const answer = await http.send(method, configUrl(path));
      expect({ route, status: answer.status }).toEqual({ route, status: 200 });
    }
    // The operators' ones (and the API's own docs) answer the ops token and no other.
    for (const route of [...Object.keys(OPS_ROUTES['config-service']!), ...OPS_DOC_ROUTES]) {
      const [method, path] = route.split(' ') as [string, string];
      for (const token of [null, randomSecret('sec-unknown'), sec.credentials.adminAll, sec.credentials.internal]) {
        const answer = await http.send(method, configUrl(path), { token });
        expect({ route, status: answer.status }).toEqual({ route, status: 401 });
        refused();
      }
      const answer = await http.send(method, configUrl(path), { token: sec.credentials.ops });
      expect({ route, status: answer.status }).toEqual({ route, status: 200 });
    }
  });

  it('answers 403 to admin tokens without the operator role on every Operações route, and lets the operator through', async () => {
    const operatorRoutes = documented.filter(isOperatorRoute);
    expect(operatorRoutes.length).toBeGreaterThanOrEqual(5);
    for (const route of operatorRoutes) {
      const name = routeName(route);
      const url = configUrl(fillPath(route.template, { consumerGroup: `${sec.isolation}-invoice-dispatcher` }));
      const body = route.hasBody ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ partition: 0, offset: '0' }) } : {};
      for (const token of [sec.credentials.adminAll, sec.credentials.adminScoped]) {
        const answer = await http.send(route.method, url, { token, ...body });
        expect({ name, status: answer.status, body: answer.json }).toEqual({ name, status: 403, body: { ...errorShape, error: 'forbidden' } });
        refused();
      }
      const own = await http.send(route.method, url, { token: sec.credentials.operator, ...body });
      expect({ name, status: notIn(own.status, [401, 403]) }).toEqual({ name, status: 'let through' });
    }
  });

  it("refuses a token of account A on account B with 403, the same answer whether B exists or not", async () => {
    const scoped = sec.credentials.adminScoped;
    let tenantRoutes = 0;
    for (const route of documented.filter((r) => !isOpen('config-service', routeName(r)) && !isOps('config-service', routeName(r)))) {
      const name = routeName(route);
      if (route.params.includes('accountId')) {
        tenantRoutes += 1;
        const toB = await http.send(route.method, configUrl(fillPath(route.template, { accountId: accountB })), { token: scoped });
        const toMissing = await http.send(route.method, configUrl(fillPath(route.template, { accountId: accountMissing })), { token: scoped });
        expect({ name, status: toB.status, body: toB.json }).toEqual({ name, status: 403, body: { ...errorShape, error: 'forbidden' } });
        expect({ name, status: toMissing.status, body: toMissing.text }).toEqual({ name, status: 403, body: toB.text });
        refused(2);
        // The same token on its own account is let through (whatever the operation then says), so
        // the 403 above is about the account, not a token that never works.
        const own = await http.send(route.method, configUrl(fillPath(route.template, { accountId: accountA })), { token: scoped });
        expect({ name, status: notIn(own.status, [401, 403]) }).toEqual({ name, status: 'let through' });
      } else if (route.bodyProperties.includes('accountId')) {
        // The account is named in the body (POST /v1/admin/republish).
        tenantRoutes += 1;
        const send = (accountId: string) => http.send(route.method, configUrl(route.template), { token: scoped, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accountId }) });
        const toB = await send(accountB);
        const toMissing = await send(accountMissing);
        expect({ name, status: toB.status, body: toB.json }).toEqual({ name, status: 403, body: { ...errorShape, error: 'forbidden' } });
        expect({ name, status: toMissing.status, body: toMissing.text }).toEqual({ name, status: 403, body: toB.text });
        refused(2);
        expect({ name, status: notIn((await send(accountA)).status, [401, 403]) }).toEqual({ name, status: 'let through' });
      }
    }
    expect(tenantRoutes).toBeGreaterThan(10);
  });

  it('answers oversized, malformed, mistyped and deeply nested bodies with a clear 4xx, never a 5xx or a hang', async () => {
    const bodyRoutes = documented.filter((r) => r.hasBody);
    expect(bodyRoutes.length).toBeGreaterThan(5);
    const leaked = randomSecret('sec-in-malformed-body');
    const cases: { what: string; type: string; body: Buffer; status: number[]; message: RegExp }[] = [
      { what: 'oversized', type: 'application/json', body: Buffer.from(JSON.stringify({ pad: 'a'.repeat(HTTP_LIMIT_BYTES + 1024) })), status: [413], message: /larger than/ },
      { what: 'malformed', type: 'application/json', body: Buffer.from(`{"accessToken": "${leaked}", "secretAccessToken": `), status: [400], message: /not valid JSON/ },
      { what: 'not JSON', type: 'text/plain', body: Buffer.from('accessToken=x'), status: [415], message: /Content-Type: application\/json/ },
      { what: 'nested arrays', type: 'application/json', body: Buffer.from('['.repeat(100000) + ']'.repeat(100000)), status: [400, 422], message: /./ },
      { what: 'nested objects', type: 'application/json', body: Buffer.from('{"a":'.repeat(40000) + '1' + '}'.repeat(40000)), status: [400, 422], message: /./ },
    ];
    for (const route of bodyRoutes) {
      const url = configUrl(fillPath(route.template, { accountId: accountMissing }));
      for (const c of cases) {
        const token = isOperatorRoute(route) ? sec.credentials.operator : sec.credentials.adminAll;
        const answer = await http.send(route.method, url, { token, headers: { 'content-type': c.type, 'if-match': '"1"' }, body: c.body });
        const name = `${routeName(route)} (${c.what})`;
        expect({ name, status: oneOf(answer.status, c.status) }).toEqual({ name, status: 'expected' });
        expect(answer.json).toEqual(errorShape);
        expect((answer.json as { message: string }).message).toMatch(c.message);
        refused();
      }
    }
    expect(http.exchanges.some((e) => e.text.includes(leaked))).toBe(false);
    expect((await http.send('GET', configUrl('/health/live'))).status).toBe(200);
  });

  it('refuses every gRPC method without a token, with an unknown token and with the other kind of token', async () => {
    const methods = grpcMethodsOfProto();
    expect(methods.length).toBeGreaterThanOrEqual(12);
    expect(methods.filter((m) => INTERNAL_GRPC_METHODS.has(m.path)).length).toBe(INTERNAL_GRPC_METHODS.size);
    for (const method of methods) {
      figures.grpcMethods += 1;
      const wrongKind = INTERNAL_GRPC_METHODS.has(method.path) ? sec.credentials.adminAll : sec.credentials.internal;
      const request = method.encode({ accountId: accountA });
      for (const token of [null, randomSecret('sec-unknown'), wrongKind]) {
        const answer = await rpc.call(method.path, request, token);
        expect({ method: method.path, code: grpc.status[answer.code], errorCode: answer.trailers['x-error-code'] }).toEqual({ method: method.path, code: 'UNAUTHENTICATED', errorCode: 'unauthenticated' });
        refused();
      }
    }
  });

  it('answers PERMISSION_DENIED to a token of account A on account B, the same whether B exists or not', async () => {
    let tenantMethods = 0;
    for (const method of grpcMethodsOfProto()) {
      if (!method.requestFields.includes('accountId')) continue;
      if (INTERNAL_GRPC_METHODS.has(method.path)) {
        // Internal tokens are not limited to accounts (the dispatcher serves them all); the right
        // token is let through: the missing account is NOT_FOUND.
        const answer = await rpc.call(method.path, method.encode({ accountId: accountMissing }), sec.credentials.internal);
        expect({ method: method.path, code: grpc.status[answer.code] }).toEqual({ method: method.path, code: 'NOT_FOUND' });
        continue;
      }
      tenantMethods += 1;
      const toB = await rpc.call(method.path, method.encode({ accountId: accountB }), sec.credentials.adminScoped);
      const toMissing = await rpc.call(method.path, method.encode({ accountId: accountMissing }), sec.credentials.adminScoped);
      const seen = (a: typeof toB) => ({ code: grpc.status[a.code], details: a.details, errorCode: a.trailers['x-error-code'], errorDetails: a.trailers['x-error-details'] ?? null });
      expect({ method: method.path, ...seen(toB) }).toEqual({ method: method.path, ...seen(toB), code: 'PERMISSION_DENIED', errorCode: 'forbidden' });
      expect({ method: method.path, ...seen(toMissing) }).toEqual({ method: method.path, ...seen(toB) });
      refused(2);
      const own = await rpc.call(method.path, method.encode({ accountId: accountA }), sec.credentials.adminScoped);
      expect({ method: method.path, code: notIn(grpc.status[own.code], ['UNAUTHENTICATED', 'PERMISSION_DENIED']) }).toEqual({ method: method.path, code: 'let through' });
    }
    expect(tenantMethods).toBeGreaterThanOrEqual(11);
  });

  it('answers malformed, oversized and deeply nested gRPC messages with INVALID_ARGUMENT or RESOURCE_EXHAUSTED, never INTERNAL or a hang', async () => {
    const cases: { what: string; message: Buffer; codes: string[] }[] = [
      { what: 'malformed', message: malformedMessage(), codes: ['INVALID_ARGUMENT'] },
      { what: 'oversized', message: oversizedMessage(), codes: ['RESOURCE_EXHAUSTED'] },
      { what: 'deeply nested', message: deeplyNestedMessage(), codes: ['INVALID_ARGUMENT', 'RESOURCE_EXHAUSTED'] },
    ];
    for (const method of grpcMethodsOfProto()) {
      const token = INTERNAL_GRPC_METHODS.has(method.path) ? sec.credentials.internal : sec.credentials.adminAll;
      for (const c of cases) {
        const answer = await rpc.call(method.path, c.message, token);
        expect({ method: method.path, what: c.what, code: oneOf(grpc.status[answer.code], c.codes) }).toEqual({ method: method.path, what: c.what, code: 'expected' });
        expect(answer.details).not.toBe('');
        refused();
      }
    }
    expect((await http.send('GET', configUrl('/health/live'))).status).toBe(200);
  });

  it('keeps every route of mapping-service and invoice-dispatcher either documented open or behind the ops token', async () => {
    const urls: Record<string, string> = { 'mapping-service': sec.stack.mappingServiceUrl, 'invoice-dispatcher': sec.stack.dispatcherUrl };
    for (const [service, base] of Object.entries(urls)) {
      const mapped = routesOfNestLog(sec.stack.processes[service as 'mapping-service'].log);
      figures.otherHttpRoutes += mapped.length;
      figures.otherOpenRoutes += mapped.filter((r) => isOpen(service, r)).length;
      figures.otherOpsRoutes += mapped.filter((r) => isOps(service, r)).length;
      expect({ service, mapped: mapped.length > 0 }).toEqual({ service, mapped: true });
      for (const route of [...Object.keys(OPEN_ROUTES[service]!), ...Object.keys(OPS_ROUTES[service] ?? {})]) {
        expect({ service, route, mapped: mapped.includes(route) }).toEqual({ service, route, mapped: true });
      }
      for (const route of mapped) {
        const [method, template] = route.split(' ') as [string, string];
        const url = `${base}${fillPath(template, { accountId: accountA })}`;
        if (isOpen(service, route)) {
          expect({ service, route, status: (await http.send(method, url)).status }).toEqual({ service, route, status: 200 });
          continue;
        }
        // Every other route refuses anonymous callers and the product's other tokens.
        for (const token of [null, randomSecret('sec-unknown'), sec.credentials.adminAll, sec.credentials.internal]) {
          const answer = await http.send(method, url, { token });
          expect({ service, route, status: answer.status }).toEqual({ service, route, status: 401 });
          refused();
        }
        if (isOps(service, route)) {
          expect({ service, route, status: (await http.send(method, url, { token: sec.credentials.ops })).status }).toEqual({ service, route, status: 200 });
        }
      }
    }
  });

  it('never returned a secret of the run in any answer', () => {
    const secrets = [sec.credentials.adminAll, sec.credentials.adminScoped, sec.credentials.operator, sec.credentials.internal, sec.credentials.ops, sec.vhsysA.accessToken, sec.vhsysA.secretAccessToken,
      sec.credentials.encryptionKey.toString('base64'), sec.credentials.encryptionKey.toString('hex')];
    const answers = JSON.stringify(http.exchanges) + JSON.stringify(rpc.answers);
    expect(answers.length).toBeGreaterThan(10000);
    for (const secret of secrets) expect(answers.includes(secret)).toBe(false);
  });
});
