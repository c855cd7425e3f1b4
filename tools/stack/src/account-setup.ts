import { centsToDecimalString } from '@gv/brazil';
import { DEFAULT_PRODUCTS, CatalogProduct, productBillingFor } from '@gv/guru-sale-generator';
import { SimulatorAdmin } from '@gv/vhsys-simulator';

export interface AccountSetup {
  accountId: string;
  accessToken: string;
  secretAccessToken: string;
  products?: readonly CatalogProduct[];
  criarVendaComJuros?: boolean;
  enviarParcelas?: boolean;
  issueWhen?: 'on_approval' | 'after_warranty';
}

export interface Endpoints {
  configServiceUrl: string;
  simulatorAdminUrl: string;
  adminToken: string;
  /** When given, waits until mapping-service's settings view has the final version. */
  mappingServiceUrl?: string;
  /** mapping-service's OPS_HTTP_TOKEN, when it has one (its settings view is an ops route). */
  opsToken?: string | null;
}

/**
 * Sets an account up the way a seller does: the company exists in Vhsys (simulator) with the
 * products registered, then the Guru admin backend saves every settings screen through
 * config-service's HTTP API (each write with the ETag of the previous one), and finally switches
 * the integration on. Settings reach mapping-service asynchronously (outbox → compacted topic →
 * its view), so with `mappingServiceUrl` this waits until mapping sees the final version: a sale
 * sent earlier would be mapped with the previous settings. Returns the settings version reached.
 */
export async function setUpAccount(endpoints: Endpoints, setup: AccountSetup): Promise<number> {
  const products = setup.products ?? DEFAULT_PRODUCTS;
  await new SimulatorAdmin(endpoints.simulatorAdminUrl).createAccount({
    accessToken: setup.accessToken,
    secretAccessToken: setup.secretAccessToken,
    produtos: products.map((p) => ({
      idProduto: p.vhsysProductId,
      codProduto: p.code,
      descProduto: p.name,
      valorProduto: centsToDecimalString(p.priceCents),
      tipoProduto: p.kind === 'produto' ? 'Produto' : 'Servico',
    })),
  });
  const base = `${endpoints.configServiceUrl}/v1/accounts/${encodeURIComponent(setup.accountId)}/vhsys-integration`;
  let version = await write(endpoints, 'PUT', `${base}/detalhe`, null, {
    accessToken: setup.accessToken,
    secretAccessToken: setup.secretAccessToken,
    criarVendaComJuros: setup.criarVendaComJuros ?? true,
    enviarParcelas: setup.enviarParcelas ?? true,
    ativo: false,
  });
  version = await write(endpoints, 'PUT', `${base}/payment-methods`, version, {
    billet: 'Boleto', credit_card: 'Cartão de Crédito', paypal: 'Pagamento online', pix: 'PIX',
  });
  version = await write(endpoints, 'PUT', `${base}/status-map`, version, {
    approved: { status: 'Atendido', situacaoId: null },
    canceled: { status: 'Cancelado', situacaoId: null },
    pending: { status: 'Em Aberto', situacaoId: null },
    refunded: { status: 'Cancelado', situacaoId: null },
  });
  version = await write(endpoints, 'PUT', `${base}/invoice-policy`, version, {
    ambiente: 'homologacao', issueWhen: setup.issueWhen ?? 'on_approval', onRefundAfterInvoice: 'manual_cancellation',
  });
  for (const product of products) {
    const { guruProductCode: _code, ...billing } = productBillingFor(product);
    version = await write(endpoints, 'PUT', `${base}/products/${encodeURIComponent(product.code)}`, version, billing);
  }
  version = await write(endpoints, 'PATCH', `${base}/detalhe`, version, { ativo: true });
  if (endpoints.mappingServiceUrl) await waitForMappingView(endpoints.mappingServiceUrl, setup.accountId, version, endpoints.opsToken ?? null);
  return version;
}

async function waitForMappingView(mappingServiceUrl: string, accountId: string, version: number, opsToken: string | null): Promise<void> {
  const deadline = Date.now() + 30000;
  for (;;) {
    const response = await fetch(`${mappingServiceUrl}/config-view/${encodeURIComponent(accountId)}`, { headers: opsToken ? { authorization: `Bearer ${opsToken}` } : {} });
    if (response.ok && ((await response.json()) as { version: number }).version >= version) return;
    if (Date.now() > deadline) throw new Error(`mapping-service did not see settings version ${version} of ${accountId} within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function write(endpoints: Endpoints, method: 'PUT' | 'PATCH', url: string, version: number | null, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${endpoints.adminToken}`,
      'content-type': 'application/json',
      ...(version === null ? { 'if-none-match': '*' } : { 'if-match': `"${version}"` }),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${new URL(url).pathname} → ${response.status}: ${text}`);
  return (JSON.parse(text) as { settings: { version: number } }).settings.version;
}
