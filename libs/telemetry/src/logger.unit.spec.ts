import { createLogger, errorFields, SECRET_KEYS } from './logger';

/** A logger writing into an array of parsed JSON lines (and the raw text, for leak checks). */
function capture() {
  const raw: string[] = [];
  const logger = createLogger('redaction-test', 'debug', { write: (line: string) => void raw.push(line) });
  return {
    logger,
    raw,
    text: () => raw.join(''),
    lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const SECRET = 'S3CRET-VALUE-7f1d2c9a0b8e4d6f';

/** Nests `leaf` under `depth` levels of objects: { l1: { l2: { ... leaf } } }. */
function nest(depth: number, leaf: Record<string, unknown>): Record<string, unknown> {
  let out = leaf;
  for (let i = depth; i >= 1; i -= 1) out = { [`level${i}`]: out };
  return out;
}

describe('createLogger secret redaction', () => {
  it.each(SECRET_KEYS)('censors "%s" at depths 0 to 8', (key) => {
    const { logger, text } = capture();
    for (let depth = 0; depth <= 8; depth += 1) {
      logger.info(nest(depth, { [key]: `${SECRET}-${depth}`, accountId: 'acc-1' }), 'nested secret');
    }
    expect(text()).not.toContain(SECRET);
    expect(text()).toContain('[redacted]');
    // Ordinary fields next to the secret survive.
    expect(text().match(/"accountId":"acc-1"/g)).toHaveLength(9);
  });

  it('censors secrets inside arrays, and keys that merely end in token/secret/password', () => {
    const { logger, text, lines } = capture();
    logger.info({
      accounts: [{ accountId: 'a', accessToken: SECRET }, { accountId: 'b', tokens: { accessToken: SECRET, secretAccessToken: SECRET } }],
      adminToken: SECRET,
      CONFIG_SERVICE_INTERNAL_TOKEN: SECRET,
      ADMIN_API_TOKENS: SECRET,
      clientSecret: SECRET,
      dbPassword: SECRET,
      headers: { 'access-token': SECRET, 'secret-access-token': SECRET, 'user-agent': 'ua' },
      credentialsVersion: 3,
    }, 'many shapes');
    expect(text()).not.toContain(SECRET);
    const [line] = lines();
    expect(line.credentialsVersion).toBe(3);
    expect((line.headers as Record<string, string>)['user-agent']).toBe('ua');
    expect((line.accounts as { accountId: string }[]).map((a) => a.accountId)).toEqual(['a', 'b']);
  });

  it('censors secrets carried by error objects: own fields, nested fields, causes, messages and stacks', () => {
    const { logger, text, lines } = capture();
    const cause = Object.assign(new Error(`upstream refused access-token: ${SECRET}`), { secretAccessToken: SECRET });
    const error = Object.assign(new Error(`request failed with Authorization: Bearer ${SECRET}`, { cause }), {
      config: { headers: { authorization: `Bearer ${SECRET}`, 'access-token': SECRET }, url: `https://x/v2/pedidos?access_token=${SECRET}` },
      response: { data: { deep: { deeper: { deepest: { password: SECRET } } } } },
      code: 'E_VHSYS',
    });
    logger.error({ err: error, accountId: 'acc-9' }, 'vhsys call failed');
    logger.error(error);
    logger.warn({ ...errorFields(error) }, 'via errorFields');
    logger.error({ failure: { wrapped: { err: error } } }, 'error deep inside');
    expect(text()).not.toContain(SECRET);
    const first = lines()[0];
    expect(first.accountId).toBe('acc-9');
    const err = first.err as Record<string, unknown>;
    expect(err.type).toBe('Error');
    expect(err.code).toBe('E_VHSYS');
    expect(String(err.message)).toContain('request failed');
  });

  it('scrubs secrets interpolated into the message itself', () => {
    const { logger, text } = capture();
    logger.info(`calling Vhsys with access-token=${SECRET} and secret_access_token=${SECRET}`);
    logger.info('header %s', `Authorization: Bearer ${SECRET}`);
    logger.info(`payload {"accessToken":"${SECRET}","accountId":"acc-1"}`);
    expect(text()).not.toContain(SECRET);
    expect(text()).toContain('acc-1');
  });

  it('censors secrets in child logger bindings', () => {
    const { logger, text, lines } = capture();
    logger.child({ accountId: 'acc-2', accessToken: SECRET }).info('child line');
    expect(text()).not.toContain(SECRET);
    expect(lines()[0].accountId).toBe('acc-2');
  });

  it('survives circular objects and keeps non-secret values untouched', () => {
    const { logger, lines } = capture();
    const loop: Record<string, unknown> = { accountId: 'acc-3', token: SECRET };
    loop.self = loop;
    logger.info({ loop, count: 2, when: new Date('2026-01-02T03:04:05Z') }, 'circular');
    const [line] = lines();
    expect(JSON.stringify(line)).not.toContain(SECRET);
    expect(line.count).toBe(2);
    expect((line.loop as Record<string, unknown>).accountId).toBe('acc-3');
  });

  it('does not mutate the caller\'s objects', () => {
    const { logger } = capture();
    const input = { tokens: { accessToken: SECRET }, nested: { password: SECRET } };
    logger.info(input, 'no mutation');
    expect(input.tokens.accessToken).toBe(SECRET);
    expect(input.nested.password).toBe(SECRET);
  });
});
