import { randomBytes } from 'crypto';
import { saleKey, VHSYS_FORMAS_PAGAMENTO } from '@gv/contracts';
import { GuruSimulatorAdmin } from '@gv/guru-api-simulator';
import { DEFAULT_PRODUCTS, generateSale } from '@gv/guru-sale-generator';
import { LOCAL_ADMIN_TOKEN, RunningStack, startStack } from '@gv/stack';
import { eventually, KafkaProbe, testEnvironment, uniqueId } from '@gv/testing';
import { VhsysClient } from '@gv/vhsys-client';
import { SimulatorAdmin } from '@gv/vhsys-simulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshotPath, seriousViolations, tabTo } from './browser';

/**
 * The web console in a real browser (chromium through playwright-core) against the real stack:
 * config-service serving the console and its API, mapping-service, invoice-dispatcher, Kafka,
 * PostgreSQL and the Vhsys simulator, each its own process (tools/stack, isolated topics, groups
 * and schemas), and the stack's Guru API simulator (the imports read it). One stack and one browser for the whole file; the tests run in order and build
 * on each other (the account set up in the first is the one whose sales the next ones follow).
 */
jest.setTimeout(180000);

const LIVRO = DEFAULT_PRODUCTS.find((p) => p.code === 'LIVRO-CONF')!;
const CURSO = DEFAULT_PRODUCTS.find((p) => p.code === '1587151083')!;
const SITUACAO_PAGO = 9101;
const SITUACAO_ABERTO = 9102;
/** The past period the imports and the audit cover (days in Brasília, both included), and the API's form of it. */
const PAST = { de: '2025-06-01', ate: '2025-06-10', shown: '01/06/2025 a 10/06/2025' };
const PAST_PERIOD = { from: '2025-06-01T00:00:00-03:00', to: '2025-06-11T00:00:00-03:00' };
const IMPORTED_SALES = 6;

describe('web console (chromium) against the real services', () => {
  const env = testEnvironment();
  const accountA = uniqueId('console_a');
  const accountB = uniqueId('console_b');
  const tenantAToken = `tenant-a-${randomBytes(12).toString('hex')}`;
  const tokens = { accessToken: uniqueId('at-console'), secretAccessToken: uniqueId('st-console') };
  const probe = new KafkaProbe();
  let stack: RunningStack;
  let sim: SimulatorAdmin;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const sales: { first?: string; failing?: string; imported?: string[]; auditId?: string } = {};
  const guruToken = `guru-user-${randomBytes(10).toString('hex')}`;
  const pageLog: string[] = [];

  const apiAs = async (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${stack.configServiceUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, etag: response.headers.get('etag'), body: text ? JSON.parse(text) : null };
  };
  const admin = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => apiAs(LOCAL_ADMIN_TOKEN, method, path, body, headers);
  const settingsPath = (account: string, suffix = '') => `/v1/accounts/${encodeURIComponent(account)}/vhsys-integration${suffix}`;

  const signIn = async (p: Page, token: string, account: string) => {
    await p.goto(`${base}/console/`);
    await p.getByLabel('Token de administrador').fill(token);
    await p.getByLabel('Conta Guru (ID)').fill(account);
    await p.getByRole('button', { name: 'Entrar' }).click();
  };
  const notice = (p: Page) => p.locator('#avisos .notice');
  const alert = (p: Page) => p.locator('#alertas .notice');
  /** Waits for a notice (or an alert) saying `text`: one left from an earlier step does not count. */
  const noticeSays = (p: Page, text: string) => p.locator('#avisos .notice', { hasText: text }).waitFor();
  const alertSays = (p: Page, text: string) => p.locator('#alertas .notice', { hasText: text }).waitFor();
  /** The error line next to the field of API path `path`, once it says something. */
  const errorOf = async (p: Page, path: string) => {
    const line = p.locator(`[data-error-for="${path}"]:not(:empty)`);
    await line.waitFor();
    return line.textContent();
  };

  /** The sale's detail screen, reloaded until its outcome is one of `outcomes`. */
  const waitForOutcome = async (p: Page, id: string, outcomes: string[]) => {
    const deadline = Date.now() + 90000;
    for (;;) {
      // The same URL again is a same-document navigation (no hashchange, nothing re-read): reload it.
      const target = `${base}/console/#/vendas/${encodeURIComponent(id)}`;
      if (p.url() === target) await p.reload();
      else await p.goto(target);
      const outcome = await p.locator('[data-outcome]').getAttribute('data-outcome', { timeout: 5000 }).catch(() => null);
      if (outcome && outcomes.includes(outcome)) return outcome;
      if (Date.now() > deadline) {
        // What the API and the results topic say, so a failure tells the console's fault from the pipeline's.
        const api = await admin('GET', `/v1/accounts/${encodeURIComponent(accountA)}/sales/${encodeURIComponent(id)}`);
        const results = probe.received(stack.topics.dispatchResults, (m) => (m.value as { guruTransactionId?: string }).guruTransactionId === id).map((m) => (m.value as { outcome: string }).outcome);
        throw new Error(`sale ${id} did not reach ${outcomes.join('/')} in the console (last: ${outcome}; API ${api.status} ${JSON.stringify(api.body).slice(0, 300)}; results ${results.join(',') || 'none'})`);
      }
      await p.waitForTimeout(1000);
    }
  };

  const produceSale = async (status: 'approved') => {
    const sale = generateSale({
      seed: Date.now() % 100000, id: uniqueId('sale'), accountId: accountA, status, method: 'pix', installments: 1,
      productCode: LIVRO.code, orderBumpCodes: [], coupon: false, buyer: 'cpf', variants: 'canonical',
    });
    const id = String(sale.transaction.id);
    await probe.produce(stack.topics.guruTransactions, [{ key: saleKey(accountA, id), value: sale }]);
    return id;
  };

  beforeAll(async () => {
    stack = await startStack({
      kafkaBrokers: env.kafkaBrokers,
      databaseUrl: env.databaseUrl,
      isolation: uniqueId('console'),
      env: {
        'config-service': {
          ADMIN_API_TOKENS: `local-admin:${LOCAL_ADMIN_TOKEN}:*:operator,tenant-a:${tenantAToken}:${accountA}`,
          // Imports read Guru two sales a page, so one of a few sales has several pages to show progress.
          IMPORT_PAGE_SIZE: '2',
          IMPORT_POLL_INTERVAL_MS: '200',
        },
        // A Vhsys that keeps failing makes the sale fail after two quick attempts (not fifteen); a
        // repair found still running is concluded within a second, not fifteen; the simulator takes
        // more than Vhsys's 2 requests/s per account, so the imported sales and the audit's reads
        // are not paced over half a minute.
        'invoice-dispatcher': {
          RETRY_MAX_ATTEMPTS: '2', RETRY_BASE_DELAY_MS: '200', RETRY_MAX_DELAY_MS: '400', AUDIT_SETTLE_INTERVAL_MS: '1000',
          VHSYS_RATE_LIMIT_PER_SECOND: '50', VHSYS_RATE_LIMIT_BURST: '50',
        },
      },
    });
    base = stack.configServiceUrl;
    sim = new SimulatorAdmin(stack.simulatorAdminUrl);
    await sim.createAccount({
      ...tokens,
      produtos: [LIVRO, CURSO].map((p) => ({
        idProduto: p.vhsysProductId, codProduto: p.code, descProduto: p.name, valorProduto: (p.priceCents / 100).toFixed(2), tipoProduto: p.kind === 'produto' ? 'Produto' : 'Servico',
      })),
      situacoes: [
        { idSituacao: SITUACAO_PAGO, tipoPedido: 1, tipoStatus: 'Atendido', nomeSituacao: 'Pago e liberado' },
        { idSituacao: SITUACAO_ABERTO, tipoPedido: 1, tipoStatus: 'Em Aberto', nomeSituacao: 'Aguardando pagamento' },
      ],
    });
    await probe.listen([stack.topics.dispatchResults]);
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // What the page logs, for the failure output (a CSP refusal or an exception shows here).
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') pageLog.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => pageLog.push(`pageerror: ${e.message}`));
  }, 240000);

  afterEach(() => {
    if (pageLog.length > 0) console.log(pageLog.splice(0).join('\n'));
  });

  afterAll(async () => {
    await browser?.close();
    await probe.close();
    await stack?.stop();
  });

  it('is served with strict security headers, and keeps the token in sessionStorage only', async () => {
    const response = await fetch(`${base}/console/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${base}/console/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${base}/console/../package.json`)).status).toBe(404);
    const redirect = await fetch(`${base}/console`, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/console/']);

    await signIn(page, LOCAL_ADMIN_TOKEN, accountA);
    await page.getByRole('heading', { level: 1, name: 'Vhsys' }).waitFor();
    const stored = await page.evaluate(() => {
      const g = globalThis as any;
      return { session: g.sessionStorage.length as number, local: g.localStorage.length as number, cookie: String(g.document.cookie), url: String(g.location.href) };
    });
    expect(stored.session).toBe(1);
    expect(stored.local).toBe(0);
    expect(stored.cookie).toBe('');
    expect(stored.url).not.toContain(LOCAL_ADMIN_TOKEN);
    // Sair forgets it.
    await page.getByRole('button', { name: 'Sair' }).click();
    await page.getByLabel('Token de administrador').waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.length)).toBe(0);
  });

  it('sets an account up from scratch through the screens, with errors next to their fields', async () => {
    await signIn(page, LOCAL_ADMIN_TOKEN, accountA);
    await page.getByRole('heading', { level: 1, name: 'Vhsys' }).waitFor();
    expect((await admin('GET', settingsPath(accountA))).status).toBe(404);

    // Aba Detalhe: one token alone is refused before anything is sent (they go as a pair).
    await page.getByLabel('Access-Token', { exact: true }).fill(tokens.accessToken);
    await page.getByRole('button', { name: 'Enviar' }).click();
    expect(await errorOf(page, 'secretAccessToken')).toBe('Informe os dois tokens juntos: eles só são trocados em par.');
    expect(await page.getByLabel('Secret-Access-Token').getAttribute('aria-invalid')).toBe('true');
    // Tokens Vhsys refuses, with Ativo: the refusal, plainly, and nothing saved.
    await page.getByLabel('Access-Token', { exact: true }).fill('wrong-access-token-1');
    await page.getByLabel('Secret-Access-Token').fill('wrong-secret-token-2');
    await page.getByRole('switch', { name: 'Ativo' }).check();
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect(alert(page).textContent()).resolves.toContain('A Vhsys recusou o Access-Token e o Secret-Access-Token');
    expect(await errorOf(page, 'accessToken')).toBe('A Vhsys recusou este token.');
    expect((await admin('GET', settingsPath(accountA))).status).toBe(404);
    // The right ones: "Integração ativa" in the top right corner; the tokens show as set, last 4 only.
    await page.getByLabel('Access-Token', { exact: true }).fill(tokens.accessToken);
    await page.getByLabel('Secret-Access-Token').fill(tokens.secretAccessToken);
    await page.getByRole('switch', { name: 'Criar venda com juros' }).check();
    await page.getByRole('switch', { name: 'Enviar parcelas' }).check();
    await page.getByRole('switch', { name: 'Ativo' }).check();
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect(notice(page).textContent()).resolves.toContain('Integração ativa');
    await page.getByText(`Gravado · termina em ${tokens.accessToken.slice(-4)}`).first().waitFor();
    expect(await page.getByLabel('Access-Token', { exact: true }).inputValue()).toBe('');
    expect(await page.content()).not.toContain(tokens.accessToken);

    // Formas de Pagamento: exactly Vhsys's values (plus "none").
    await page.getByRole('link', { name: 'Formas de Pagamento' }).click();
    const pix = page.getByLabel('PIX', { exact: true });
    await pix.waitFor();
    expect(await pix.locator('option').allTextContents()).toEqual(['Não associar', ...VHSYS_FORMAS_PAGAMENTO]);
    await page.getByLabel('Boleto Bancário').selectOption('Boleto');
    await page.getByLabel('Cartão de Crédito').selectOption('Cartão de Crédito');
    await page.getByLabel('Paypal').selectOption('Pagamento online');
    await pix.selectOption('PIX');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect(notice(page).textContent()).resolves.toContain('Integração ativa');

    // Status: Vhsys's four statuses; the situações are the account's, read live, per status.
    await page.getByRole('link', { name: 'Status' }).click();
    const approved = page.getByLabel('Status da Vhsys para Aprovada');
    await approved.waitFor();
    expect(await approved.locator('option').allTextContents()).toEqual(['Em Aberto', 'Em Andamento', 'Atendido', 'Cancelado']);
    await approved.selectOption('Atendido');
    expect(await page.getByLabel('Situação da Vhsys para Aprovada').locator('option').allTextContents()).toEqual(['Nenhuma (só o status)', 'Pago e liberado']);
    await page.getByLabel('Situação da Vhsys para Aprovada').selectOption('Pago e liberado');
    await page.getByLabel('Status da Vhsys para Pendente').selectOption('Em Aberto');
    await page.getByLabel('Situação da Vhsys para Pendente').selectOption('Aguardando pagamento');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect(notice(page).textContent()).resolves.toContain('Integração ativa');

    // Notas Fiscais: the invoice policy (issue on approval here: the next tests expect the NF-e at once).
    await page.getByRole('link', { name: 'Notas Fiscais' }).click();
    const issueWhen = page.getByLabel('Emitir a nota');
    await issueWhen.waitFor();
    expect(await issueWhen.locator('option').allTextContents()).toEqual(['Na aprovação da venda', 'Depois do fim da garantia']);
    await page.getByLabel('Ambiente de emissão').selectOption('Homologação');
    await issueWhen.selectOption('Na aprovação da venda');
    await page.getByLabel('Venda reembolsada com nota emitida').selectOption('Manter a nota');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect(notice(page).textContent()).resolves.toContain('Integração ativa');

    // A product's aba Faturamento: the Vhsys product picked from the account's list.
    await page.getByRole('link', { name: 'Produtos › Faturamento' }).click();
    await page.getByLabel('Código do produto no Guru').fill(LIVRO.code);
    await page.getByRole('button', { name: 'Abrir aba Faturamento' }).click();
    await page.getByRole('heading', { level: 1, name: `Produto ${LIVRO.code}` }).waitFor();
    await page.getByLabel('Buscar produto da Vhsys pela descrição').fill('Confeitaria Profissional');
    await page.getByRole('button', { name: 'Buscar na Vhsys' }).click();
    await page.getByRole('radio', { name: new RegExp(`^${LIVRO.name} · código ${LIVRO.code}`) }).check();
    expect(await page.getByRole('radio', { name: 'Produto (NF-e)' }).isChecked()).toBe(true);
    await page.getByLabel('CFOP').fill('51');
    await page.getByRole('button', { name: 'Enviar' }).click();
    expect(await errorOf(page, 'nfe.cfop')).toBe('O CFOP tem 4 dígitos.');
    expect(await page.getByLabel('CFOP').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('CFOP').fill('5102');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect(notice(page).textContent()).resolves.toContain(`Faturamento de ${LIVRO.code}`);

    // What the screens stored, read through the API.
    const stored = (await admin('GET', settingsPath(accountA))).body;
    expect(stored.detalhe).toMatchObject({ ativo: true, criarVendaComJuros: true, enviarParcelas: true, accessToken: { set: true, last4: tokens.accessToken.slice(-4) } });
    expect(stored.paymentMethods).toEqual({ billet: 'Boleto', credit_card: 'Cartão de Crédito', paypal: 'Pagamento online', pix: 'PIX' });
    expect(stored.statusMap.approved).toEqual({ status: 'Atendido', situacaoId: SITUACAO_PAGO });
    expect(stored.statusMap.pending).toEqual({ status: 'Em Aberto', situacaoId: SITUACAO_ABERTO });
    expect(stored.invoicePolicy).toEqual({ ambiente: 'homologacao', issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' });
    expect(stored.products).toEqual([{
      guruProductCode: LIVRO.code, vhsysProductId: LIVRO.vhsysProductId, description: null, kind: 'produto', issueInvoice: true, active: true,
      nfe: { naturezaOperacao: 'Venda de mercadoria', cfop: '5102', serie: 1 }, nfse: null,
    }]);
  });

  it('refuses a stale edit with "alterado por outra pessoa" and reloads the current settings', async () => {
    await page.goto(`${base}/console/#/configuracoes/vhsys/formas-de-pagamento`);
    await page.getByLabel('PIX', { exact: true }).waitFor();
    // Someone else saves in between (through the API, from the version the screen read).
    const current = await admin('GET', settingsPath(accountA));
    const other = await admin('PATCH', settingsPath(accountA, '/payment-methods'), { paypal: 'Outros' }, { 'if-match': current.etag! });
    expect(other.status).toBe(200);
    await page.getByLabel('Boleto Bancário').selectOption('Dinheiro');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect(alert(page).textContent()).resolves.toContain('alteradas por outra pessoa');
    expect(await page.getByLabel('Paypal').inputValue()).toBe('Outros');
    expect(await page.getByLabel('Boleto Bancário').inputValue()).toBe('Boleto');
    expect((await admin('GET', settingsPath(accountA))).body.paymentMethods.billet).toBe('Boleto');
  });

  it('shows a sale in Vendas with its NF-e (chave and DANFE)', async () => {
    const version = (await admin('GET', settingsPath(accountA))).body.version as number;
    await eventually(async () => {
      const view = await fetch(`${stack.mappingServiceUrl}/config-view/${encodeURIComponent(accountA)}`);
      return view.ok && ((await view.json()) as { version: number }).version >= version;
    }, 30000, 'mapping-service sees the settings saved through the console');
    sales.first = await produceSale('approved');
    await waitForOutcome(page, sales.first, ['created']);
    const chave = await page.locator('[data-nfe-chave]').getAttribute('data-nfe-chave');
    expect(chave).toMatch(/^\d{44}$/);
    expect(await page.getByRole('link', { name: /Abrir DANFE/ }).getAttribute('href')).toMatch(/^https?:\/\//);
    await page.getByRole('link', { name: 'Vendas', exact: true }).first().click();
    await expect(page.locator(`tr[data-sale="${sales.first}"]`).textContent()).resolves.toContain(chave!);
  });

  it('shows a failure and its reason; after Vhsys is back, Reprocessar creates exactly one order', async () => {
    await sim.setFaults(tokens.accessToken, { rates: { serverError: 1 } });
    try {
      sales.failing = await produceSale('approved');
      await waitForOutcome(page, sales.failing, ['failed']);
      expect((await page.locator('.summary').textContent()) ?? '').toMatch(/Motivo.*vhsys_unavailable/);
    } finally {
      await sim.clearFaults(tokens.accessToken);
    }
    await page.getByRole('button', { name: 'Reprocessar' }).click();
    await expect(notice(page).textContent()).resolves.toContain('Reprocessamento pedido');
    await waitForOutcome(page, sales.failing, ['created']);
    const state = await sim.getState(tokens.accessToken);
    expect(state.pedidos.filter((p) => JSON.stringify(p).includes(sales.failing!))).toHaveLength(1);
  });

  it('imports past sales from Guru: the missing token, field errors, preview, a running import (409, Cancelar), progress to done; the sales in Vendas', async () => {
    // Guru holds six approved sales of a configured product in a past period, and one pending sale the status filter leaves out.
    const guru = new GuruSimulatorAdmin(stack.guruSimulatorAdminUrl);
    const { accountToken } = await guru.createAccount({ accountId: accountA, userTokens: [guruToken] });
    const seeded = Array.from({ length: IMPORTED_SALES + 1 }, (_, i) => generateSale({
      seed: 7100 + i, id: uniqueId(`imp${i}`), accountId: accountA, status: i < IMPORTED_SALES ? 'approved' : 'waiting_payment', method: 'pix', installments: 1,
      productCode: LIVRO.code, orderBumpCodes: [], coupon: false, buyer: 'cpf', variants: 'canonical', orderedAt: `2025-06-0${2 + i}T12:00:00-03:00`,
    }).transaction);
    await guru.putTransactions(accountA, seeded.map((t) => ({ ...t, api_token: accountToken })));
    sales.imported = seeded.slice(0, IMPORTED_SALES).map((t) => String(t.id));
    const totalCents = seeded.slice(0, IMPORTED_SALES).reduce((sum, t) => sum + Math.round(Number((t.payment as { total: number | string }).total) * 100), 0);
    const fillPeriod = async (de: string, ate: string) => {
      await page.getByLabel('De', { exact: true }).fill(de);
      await page.getByLabel('Até', { exact: true }).fill(ate);
    };
    const preview = page.getByRole('button', { name: 'Pré-visualizar' });

    // No Guru token yet: the screen says so and points to the card that takes it.
    await page.goto(`${base}/console/#/importar-vendas`);
    await page.getByRole('heading', { level: 1, name: 'Importar vendas anteriores' }).waitFor();
    await fillPeriod(PAST.de, PAST.ate);
    await preview.click();
    await alertSays(page, 'não tem um token de usuário da API do Guru');
    await page.getByRole('link', { name: 'Informar o token no card API do Guru, na aba Detalhe' }).click();
    await page.getByLabel('Token de usuário da API do Guru').fill(guruToken);
    await page.getByRole('button', { name: 'Gravar token' }).click();
    await page.getByText(`Gravado · termina em ${guruToken.slice(-4)}`).waitFor();

    // Errors next to their fields: the screen's own (the days' order), then the service's (the span, a product code).
    await page.getByRole('link', { name: 'Importar vendas anteriores' }).click();
    await page.getByRole('heading', { level: 1, name: 'Importar vendas anteriores' }).waitFor();
    await fillPeriod(PAST.ate, PAST.de);
    await preview.click();
    expect(await errorOf(page, 'to')).toBe('O último dia deve ser igual ou posterior ao primeiro.');
    await fillPeriod('2020-01-01', PAST.ate);
    await preview.click();
    expect(await errorOf(page, 'to')).toBe('O período tem 1988 dias; o limite é 1096.');
    expect(await page.getByLabel('Até', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await fillPeriod(PAST.de, PAST.ate);
    await page.getByLabel('Produtos (códigos no Guru)').fill(`${LIVRO.code}, confeitaria-ção`);
    await preview.click();
    expect(await errorOf(page, 'productIds')).toBe('confeitaria-ção: Código de produto do Guru inválido (1 a 64 caracteres visíveis, sem espaços nem acentos).');

    // The preview of the six approved sales of the product: counts and the total in reais.
    await page.getByLabel('Produtos (códigos no Guru)').fill(LIVRO.code);
    await page.getByLabel('Aprovada', { exact: true }).check();
    await preview.click();
    const counted = async (key: string) => page.locator(`[data-count="${key}"]`).textContent();
    await page.locator('[data-preview]').waitFor();
    expect(await Promise.all(['sales', 'wouldCreateOrders', 'alreadyInHistory', 'wouldBeIgnored', 'needProductSettings', 'totalCents'].map(counted)))
      .toEqual(['6', '6', '0', '0', '0', new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(totalCents / 100)]);
    const previewShot = screenshotPath('importar-previa');
    if (previewShot) await page.screenshot({ path: previewShot, fullPage: true });

    // Someone else's import is running (Guru slowed down, so it lasts): Importar is refused with the
    // 409 said plainly, the running import is shown, and Cancelar stops it.
    await guru.setFaults(accountA, { latencyMs: 1500 });
    const other = await admin('POST', `/v1/accounts/${encodeURIComponent(accountA)}/imports`, { ...PAST_PERIOD, statuses: ['chargeback'] });
    expect(other.status).toBe(202);
    await page.getByRole('button', { name: 'Importar', exact: true }).click();
    await alertSays(page, 'Já existe uma importação em andamento nesta conta');
    const otherCard = page.locator(`section[data-import-id="${other.body.importId}"]`);
    await otherCard.getByRole('button', { name: 'Cancelar' }).click();
    await page.locator(`section[data-import-id="${other.body.importId}"][data-import-status="cancelled"]`).waitFor({ timeout: 30000 });

    // Importar: the progress, read again while it runs (rate and time left once a page is in), to done.
    await guru.setFaults(accountA, { latencyMs: 1000 });
    try {
      await page.getByRole('button', { name: 'Importar', exact: true }).click();
      await noticeSays(page, 'Importação iniciada');
      const running = page.locator('section[data-import-status="running"]');
      await running.locator('.import-rate', { hasText: /vendas\/s$/ }).waitFor({ timeout: 30000 });
      expect(await running.getByRole('progressbar').getAttribute('max')).toBe(String(IMPORTED_SALES));
      const runningShot = screenshotPath('importar-andamento');
      if (runningShot) await page.screenshot({ path: runningShot, fullPage: true });
      const done = page.locator('section[data-import-status="done"]');
      await done.waitFor({ timeout: 30000 });
      expect(await done.locator('.import-count').textContent()).toBe('6 de 6 vendas (100%)');
      await noticeSays(page, 'Importação concluída: 6 vendas lidas do Guru');
    } finally {
      await guru.clearFaults(accountA);
    }

    // Each imported sale in Vendas, created in Vhsys.
    await page.getByRole('link', { name: 'Ver as vendas importadas em Vendas' }).click();
    const deadline = Date.now() + 90000;
    for (;;) {
      await page.getByRole('heading', { level: 1, name: 'Vendas' }).waitFor();
      await page.locator('tr[data-sale]').first().waitFor();
      const created = await Promise.all(sales.imported.map((id) => page.locator(`tr[data-sale="${id}"] .badge-created`).count()));
      if (created.every((n) => n === 1)) break;
      if (Date.now() > deadline) throw new Error(`imported sales not all created in Vendas: ${JSON.stringify(created)}`);
      await page.waitForTimeout(1000);
      await page.reload();
    }
  });

  it('audits against Vhsys from the screen: finds two pedidos deleted by hand, repairs one (exactly one live pedido) and accepts the other', async () => {
    const [repairedSale, acceptedSale] = sales.imported!;
    // "By hand" in Vhsys, with the account's tokens: both sales' pedidos go to the lixeira.
    const vhsys = new VhsysClient({ baseUrl: stack.simulatorUrl, credentials: tokens, timeoutMs: 5000 });
    const livePedidos = async () => (await vhsys.listPedidos({ lixeira: 'Nao', limit: 250 })).rows;
    const ofSale = (rows: Awaited<ReturnType<typeof livePedidos>>, id: string) => rows.filter((p) => p.referenciaPedido.includes(id));
    const before = await livePedidos();
    expect([ofSale(before, repairedSale!).length, ofSale(before, acceptedSale!).length]).toEqual([1, 1]);
    const deleted = { repaired: ofSale(before, repairedSale!)[0]!.idPed, accepted: ofSale(before, acceptedSale!)[0]!.idPed };
    await vhsys.deletePedido(deleted.repaired);
    await vhsys.deletePedido(deleted.accepted);

    await page.getByRole('link', { name: 'Conferir com o Vhsys' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conferir com o Vhsys' }).waitFor();
    await page.getByLabel('De', { exact: true }).fill(PAST.de);
    await page.getByLabel('Até', { exact: true }).fill(PAST.ate);
    await page.getByRole('button', { name: 'Iniciar conferência' }).click();
    await noticeSays(page, 'Conferência pedida');
    // A second one while it runs: the refusal, plainly.
    await page.getByRole('button', { name: 'Iniciar conferência' }).click();
    await alertSays(page, 'Já há uma conferência desta conta em andamento');
    const row = page.locator('tr[data-audit-id][data-audit-status="done"]');
    await row.waitFor({ timeout: 60000 });
    sales.auditId = (await row.getAttribute('data-audit-id'))!;
    expect(await row.locator('td').allTextContents()).toEqual(['Concluída', '6', '2', 'local-admin', expect.stringContaining('(Brasília)')]);
    await row.getByRole('link', { name: PAST.shown }).click();
    await page.getByRole('heading', { level: 1, name: `Conferência de ${PAST.shown}` }).waitFor();

    // Per sale, what differs: the pedido the integration expects live is in the lixeira.
    const finding = (sale: string, resolution = '') => page.locator(`section[data-sale="${sale}"] article[data-kind="pedido_in_lixeira"]${resolution ? `[data-resolution="${resolution}"]` : ''}`);
    for (const [sale, idPed] of [[repairedSale!, deleted.repaired], [acceptedSale!, deleted.accepted]] as const) {
      const differences = finding(sale).locator('table.differences tbody tr');
      expect(await differences.evaluateAll((rows) => rows.map((r) => Array.from((r as any).children as ArrayLike<{ textContent: string }>, (c) => c.textContent))))
        .toEqual([['Pedido (id na Vhsys)', `id ${idPed}`, `id ${idPed}`], ['Na lixeira', 'Não', 'Sim']]);
      expect(await finding(sale).getAttribute('data-resolution')).toBe('open');
    }
    expect(await page.locator('article.finding').count()).toBe(2);

    await page.getByRole('button', { name: `Reparar: Pedido na lixeira da Vhsys da venda ${repairedSale}` }).click();
    await noticeSays(page, 'Reparo pedido');
    await page.getByRole('button', { name: `Aceitar: Pedido na lixeira da Vhsys da venda ${acceptedSale}` }).click();
    await noticeSays(page, 'Aceite pedido');
    await finding(repairedSale!, 'repaired').waitFor({ timeout: 60000 });
    await finding(acceptedSale!, 'accepted').waitFor({ timeout: 60000 });
    expect(await finding(repairedSale!).locator('[data-resolution-label]').textContent()).toBe('Reparada');
    expect(await finding(acceptedSale!).locator('.finding-state').textContent()).toMatch(/^Aceita por local-admin, /);
    expect(await finding(repairedSale!).getByRole('button').count()).toBe(0);

    // In Vhsys: exactly one live pedido for the repaired sale (a new one), none for the accepted one.
    const after = await livePedidos();
    expect(ofSale(after, repairedSale!)).toHaveLength(1);
    expect(ofSale(after, repairedSale!)[0]!.idPed).not.toBe(deleted.repaired);
    expect(ofSale(after, acceptedSale!)).toHaveLength(0);
  });

  it('lets a token limited to account A see A only: the console shows the refusal, the API answers 403', async () => {
    expect((await admin('PUT', settingsPath(accountB, '/invoice-policy'), { ambiente: 'homologacao', issueWhen: 'on_approval', onRefundAfterInvoice: 'manual_cancellation' }, { 'if-none-match': '*' })).status).toBe(200);
    const tenant = await browser.newContext({ locale: 'pt-BR' });
    const p = await tenant.newPage();
    await signIn(p, tenantAToken, accountB);
    expect(await errorOf(p, 'accountId')).toBe('Este token não tem acesso a esta conta.');
    expect(await p.evaluate(() => (globalThis as any).sessionStorage.length)).toBe(0);
    for (const path of [settingsPath(accountB), settingsPath(accountB, '/vhsys-products'), `/v1/accounts/${accountB}/sales`]) {
      expect([path, (await apiAs(tenantAToken, 'GET', path)).status]).toEqual([path, 403]);
    }
    await signIn(p, tenantAToken, accountA);
    await p.getByRole('heading', { level: 1, name: 'Vhsys' }).waitFor();
    await p.getByText(`Gravado · termina em ${tokens.accessToken.slice(-4)}`).first().waitFor();
    await tenant.close();
  });

  it('works with the keyboard alone: sign in, change a switch, send, read the notice', async () => {
    const keyboard = await browser.newContext({ locale: 'pt-BR' });
    const p = await keyboard.newPage();
    await p.goto(`${base}/console/`);
    await tabTo(p, 'Token de administrador');
    await p.keyboard.type(LOCAL_ADMIN_TOKEN);
    await tabTo(p, 'Conta Guru (ID)');
    await p.keyboard.type(accountA);
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name: 'Vhsys' }).waitFor();
    await tabTo(p, 'Enviar parcelas');
    await p.keyboard.press('Space');
    await tabTo(p, 'Enviar');
    await p.keyboard.press('Enter');
    await expect(notice(p).textContent()).resolves.toContain('Integração ativa');
    expect((await admin('GET', settingsPath(accountA))).body.detalhe.enviarParcelas).toBe(false);
    // The menu is reachable too, and the new screen's heading takes the focus.
    await tabTo(p, 'Vendas');
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name: 'Vendas' }).waitFor();
    // The heading is drawn before the screen's data arrives; focus moves to it once the screen is done.
    await p.waitForFunction(() => (globalThis as any).document.activeElement?.tagName === 'H1', undefined, { timeout: 10000 }).catch(() => undefined);
    expect(await p.evaluate(() => (globalThis as any).document.activeElement?.tagName)).toBe('H1');
    // Importar vendas anteriores: a status box with Space, Pré-visualizar with Enter, the missing day said at its field.
    await tabTo(p, 'Importar vendas anteriores');
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name: 'Importar vendas anteriores' }).waitFor();
    await tabTo(p, 'Aprovada');
    await p.keyboard.press('Space');
    expect(await p.getByLabel('Aprovada', { exact: true }).isChecked()).toBe(true);
    await tabTo(p, 'Pré-visualizar');
    await p.keyboard.press('Enter');
    expect(await errorOf(p, 'from')).toBe('Informe o primeiro dia.');
    expect(await p.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('name'))).toBe('from');
    await keyboard.close();
  });

  it('has no serious or critical accessibility violations on any screen (axe-core)', async () => {
    const screens: [string, string, string][] = [
      ['entrar', '', 'Entrar no console'],
      ['detalhe', '#/configuracoes/vhsys/detalhe', 'Vhsys'],
      ['formas-de-pagamento', '#/configuracoes/vhsys/formas-de-pagamento', 'Vhsys'],
      ['status', '#/configuracoes/vhsys/status', 'Vhsys'],
      ['notas-fiscais', '#/configuracoes/vhsys/notas-fiscais', 'Vhsys'],
      ['produtos', '#/produtos', 'Produtos'],
      ['faturamento', `#/produtos/${LIVRO.code}/faturamento`, `Produto ${LIVRO.code}`],
      ['vendas', '#/vendas', 'Vendas'],
      ['venda', `#/vendas/${sales.failing ?? sales.first}`, `Venda ${sales.failing ?? sales.first}`],
      ['importar', '#/importar-vendas', 'Importar vendas anteriores'],
      ['conferir', '#/conferir-vhsys', 'Conferir com o Vhsys'],
      ['conferencia', `#/conferir-vhsys/${sales.auditId}`, `Conferência de ${PAST.shown}`],
      ['operacoes', '#/operacoes', 'Operações'],
    ];
    const a11y = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1280, height: 900 } });
    const p = await a11y.newPage();
    const found: Record<string, unknown> = {};
    for (const [name, hash, heading] of screens) {
      if (name === 'entrar') await p.goto(`${base}/console/`);
      else {
        if (name === 'detalhe') await signIn(p, LOCAL_ADMIN_TOKEN, accountA);
        await p.goto(`${base}/console/${hash}`);
      }
      const shown = await p.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 15000 }).then(() => true, () => false);
      if (!shown) {
        found[name] = `the screen did not show (heading ${heading})`;
        continue;
      }
      await p.waitForLoadState('networkidle');
      const violations = await seriousViolations(p);
      if (violations.length > 0) found[name] = violations;
      const shot = screenshotPath(name);
      if (shot) await p.screenshot({ path: shot, fullPage: true });
    }
    expect(found).toEqual({});
    await a11y.close();
  });
});
