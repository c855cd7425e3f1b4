import {
  classifyResponse, classifyTransportError, extractFieldNames, parseRetryAfter, RawResponse,
} from './response-classification';

const GET = { method: 'GET', pathTemplate: '/pedidos' };
const POST = { method: 'POST', pathTemplate: '/pedidos/{id_ped}/parcelas' };

function raw(statusCode: number, body: unknown, headers: RawResponse['headers'] = {}): RawResponse {
  return { statusCode, headers, bodyText: typeof body === 'string' ? body : JSON.stringify(body) };
}

function failure(response: RawResponse, request = GET) {
  const result = classifyResponse(response, request, Date.parse('2026-06-11T12:00:00Z'));
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

describe('classifyResponse', () => {
  it('accepts the success envelope, with paging and rate-limit headers', () => {
    const result = classifyResponse(
      raw(200, { code: 200, status: 'success', paging: { total_count: 1, total: 3209, offset: 0, limit: 1, limit_max: 250 }, data: [{ id_ped: 1 }] }, {
        'x-ratelimit-limit': '10000',
        'x-ratelimit-remaining': '9950',
      }),
      GET,
    );
    expect(result).toEqual({
      ok: true,
      envelope: {
        code: 200,
        status: 'success',
        data: [{ id_ped: 1 }],
        paging: { total_count: 1, total: 3209, offset: 0, limit: 1, limit_max: 250 },
        body: expect.any(Object),
      },
      rateLimit: { limit: 10000, remaining: 9950 },
    });
  });

  it('accepts "sucesso" (situacoes) and a string code', () => {
    expect(classifyResponse(raw(200, { code: '200', status: 'sucesso', data: {} }), GET).ok).toBe(true);
  });

  it.each([
    ['Nenhum pedido encontrado!'],
    ['Nenhuma nota fiscal encontrada!'],
    ['Nenhuma parcela para o pedido encontrado!'],
    ['Nenhum produto para o pedido encontrado!'],
  ])('403 "%s" is not_found', (message) => {
    const error = failure(raw(403, { code: 403, status: 'error', data: message }));
    expect(error).toMatchObject({ kind: 'not_found', httpStatus: 403, vhsysCode: 403, vhsysMessages: [message], outcomeUnknown: false });
  });

  it('403 with an array is validation, with the field names', () => {
    const error = failure(raw(403, { code: 403, status: 'error', data: ['O formato do campo (valor_parcela) não é válido', 'O campo (data_parcela) é obrigatório'] }), POST);
    expect(error.kind).toBe('validation');
    expect(error.fields).toEqual(['valor_parcela', 'data_parcela']);
    expect(error.outcomeUnknown).toBe(false);
  });

  it('403 about the token is auth; 401 is auth', () => {
    expect(failure(raw(403, { code: 403, status: 'error', data: 'Token inválido ou sem permissão de acesso' })).kind).toBe('auth');
    expect(failure(raw(401, '')).kind).toBe('auth');
  });

  it('other 403 texts are permanent', () => {
    expect(failure(raw(403, { code: '403', status: 'error', data: 'Erro ao cadastrar o pedido!' }), POST)).toMatchObject({
      kind: 'permanent',
      vhsysCode: 403,
      outcomeUnknown: false,
    });
  });

  it('HTTP 200 carrying code 404 is transient; a write may have happened', () => {
    const body = { code: 404, data: 'Erro ao comunicar com a API' };
    expect(failure(raw(200, body))).toMatchObject({ kind: 'transient', httpStatus: 200, vhsysCode: 404, outcomeUnknown: false });
    expect(failure(raw(200, body), POST)).toMatchObject({ kind: 'transient', outcomeUnknown: true });
  });

  it('HTTP 200 whose body code is 403 is read like a 403', () => {
    expect(failure(raw(200, { code: 403, status: 'error', data: 'Nenhum cliente encontrado!' })).kind).toBe('not_found');
  });

  it('429 is rate_limited with Retry-After and the window headers', () => {
    const error = failure(raw(429, { code: 429, status: 'error', data: 'x' }, { 'retry-after': '7', 'x-ratelimit-limit': '10000', 'x-ratelimit-remaining': '0' }), POST);
    expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryAfterMs: 7000, rateLimit: { limit: 10000, remaining: 0 }, outcomeUnknown: false });
  });

  it('5xx (even HTML) is transient; outcome unknown only for writes', () => {
    const page = '<html><body>500 Internal Server Error</body></html>';
    expect(failure(raw(500, page))).toMatchObject({ kind: 'transient', httpStatus: 500, outcomeUnknown: false });
    expect(failure(raw(502, page), { method: 'PUT', pathTemplate: '/pedidos/{id_ped}' })).toMatchObject({ kind: 'transient', outcomeUnknown: true });
  });

  it('an HTML page with 200 is permanent for reads and unknown-outcome transient for writes', () => {
    expect(failure(raw(200, '<html>Erro</html>'))).toMatchObject({ kind: 'permanent', vhsysMessages: ['non-JSON response'] });
    expect(failure(raw(200, '<html>Erro</html>'), POST)).toMatchObject({ kind: 'transient', outcomeUnknown: true });
  });

  it('a 404 status (unknown resource) is permanent', () => {
    expect(failure(raw(404, { code: 404, status: 'error', data: 'Not Found' })).kind).toBe('permanent');
  });

  it('the webhook 422 shape is validation', () => {
    const error = failure(raw(422, { code: 422, status: 'error', mensagem: 'Erro', erros: ['O campo (url) é obrigatório'] }), POST);
    expect(error).toMatchObject({ kind: 'validation', fields: ['url'] });
  });
});

describe('extractFieldNames', () => {
  it('reads names in parentheses, and bare "campo x" as a fallback', () => {
    expect(extractFieldNames(['O formato do campo (valor_parcela) não é válido', 'campo nome_cliente obrigatório', 'sem campo'])).toEqual([
      'valor_parcela',
      'nome_cliente',
    ]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-06-11T12:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 11 Jun 2026 12:00:10 GMT', now)).toBe(10000);
    expect(parseRetryAfter('Thu, 11 Jun 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('classifyTransportError', () => {
  it('a refused connection never sent the write', () => {
    expect(classifyTransportError({ code: 'ECONNREFUSED' }, POST, false)).toMatchObject({ kind: 'transient', outcomeUnknown: false, causeCode: 'ECONNREFUSED', httpStatus: null });
  });
  it('a reset or a timeout after sending leaves a write unknown', () => {
    expect(classifyTransportError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), POST, false)).toMatchObject({ outcomeUnknown: true, causeCode: 'UND_ERR_SOCKET' });
    expect(classifyTransportError(new Error('aborted'), POST, true)).toMatchObject({ outcomeUnknown: true, causeCode: 'TIMEOUT' });
    expect(classifyTransportError({ cause: { code: 'ECONNRESET' } }, GET, false)).toMatchObject({ outcomeUnknown: false, causeCode: 'ECONNRESET' });
  });
});
