import { INTEGRATION_CONFIG_MAX_MESSAGE_BYTES } from '../topics/topics';
import {
  IntegrationConfigSnapshot, IntegrationConfigSnapshotSchema, MAX_PRODUCTS_PER_ACCOUNT, NfeSettingsSchema, NfseSettingsSchema,
  ProductBillingSchema, VHSYS_FORMAS_PAGAMENTO, VHSYS_ORDER_STATUSES,
} from './integration-config';

/**
 * The largest snapshot the limits allow, and the arithmetic of docs/config-service.md ("Limits"):
 * every text field at its maximum length, each UTF-16 unit the most expensive one in JSON (a
 * control character, `\u0001`, six bytes), every number the largest the schema accepts, both
 * invoice sections present, MAX_PRODUCTS_PER_ACCOUNT products.
 */
const WORST_CHAR = '\u0001';
const text = (length: number) => WORST_CHAR.repeat(length);
const BIG = Number.MAX_SAFE_INTEGER;

/** The text fields of a product with the longest value their schema accepts. */
const LENGTHS = {
  guruProductCode: 191,
  description: 255,
  'nfe.naturezaOperacao': 120,
  'nfse.codigoServico': 20,
  'nfse.descricaoServico': 255,
} as const;

/** One product at its largest (real codes differ from each other, and so cost a little less). */
function worstProduct() {
  return {
    guruProductCode: text(LENGTHS.guruProductCode),
    vhsysProductId: BIG,
    description: text(LENGTHS.description),
    kind: 'servico' as const,
    issueInvoice: false,
    active: false,
    nfe: { naturezaOperacao: text(LENGTHS['nfe.naturezaOperacao']), cfop: '9999', serie: 999 },
    nfse: { serie: 9, naturezaOperacao: 5, codigoServico: text(LENGTHS['nfse.codigoServico']), aliquotaIss: '99.9999', regime: 2, descricaoServico: text(LENGTHS['nfse.descricaoServico']) },
  };
}

const longestForma = [...VHSYS_FORMAS_PAGAMENTO].sort((a, b) => Buffer.byteLength(JSON.stringify(b)) - Buffer.byteLength(JSON.stringify(a)))[0]!;
const longestStatus = [...VHSYS_ORDER_STATUSES].sort((a, b) => b.length - a.length)[0]!;

function worstSnapshot(products: number): IntegrationConfigSnapshot {
  const target = { status: longestStatus, situacaoId: BIG };
  return {
    accountId: 'a'.repeat(64),
    version: BIG,
    active: false,
    criarVendaComJuros: false,
    enviarParcelas: false,
    credentialsSet: false,
    credentialsVersion: BIG,
    paymentMethods: { billet: longestForma, credit_card: longestForma, paypal: longestForma, pix: longestForma },
    statusMap: { approved: target, canceled: target, pending: target, refunded: target },
    invoicePolicy: { ambiente: 'homologacao', issueWhen: 'after_warranty', onRefundAfterInvoice: 'manual_cancellation' },
    products: Array.from({ length: products }, () => worstProduct()),
    // What config-service writes (toISOString), four-digit year.
    updatedAt: new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)).toISOString(),
  };
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Key (≤ 64 bytes), headers (contract, account, version, traceparent/tracestate) and record framing: generously. */
const KEY_HEADERS_AND_FRAMING = 2048;

describe('settings limits keep every snapshot under the topic max.message.bytes', () => {
  it('uses the longest values the schemas accept (one more character is refused)', () => {
    const product = worstProduct();
    expect(ProductBillingSchema.safeParse(product).success).toBe(true);
    expect(ProductBillingSchema.safeParse({ ...product, guruProductCode: text(LENGTHS.guruProductCode + 1) }).success).toBe(false);
    expect(ProductBillingSchema.safeParse({ ...product, description: text(LENGTHS.description + 1) }).success).toBe(false);
    expect(NfeSettingsSchema.safeParse({ ...product.nfe, naturezaOperacao: text(LENGTHS['nfe.naturezaOperacao'] + 1) }).success).toBe(false);
    expect(NfseSettingsSchema.safeParse({ ...product.nfse, codigoServico: text(LENGTHS['nfse.codigoServico'] + 1) }).success).toBe(false);
    expect(NfseSettingsSchema.safeParse({ ...product.nfse, descricaoServico: text(LENGTHS['nfse.descricaoServico'] + 1) }).success).toBe(false);
    expect(NfseSettingsSchema.safeParse({ ...product.nfse, aliquotaIss: '99.99999' }).success).toBe(false);
    expect(ProductBillingSchema.safeParse({ ...product, vhsysProductId: BIG + 1 }).success).toBe(false);
    expect(IntegrationConfigSnapshotSchema.safeParse(worstSnapshot(2)).success).toBe(true);
    expect(IntegrationConfigSnapshotSchema.safeParse({ ...worstSnapshot(0), accountId: 'a'.repeat(65) }).success).toBe(false);
    // Six bytes per character: nothing a string can hold costs more in JSON.
    expect(bytes(WORST_CHAR)).toBe(2 + 6);
  });

  it('the largest allowed snapshot is under half of max.message.bytes (the arithmetic of docs/config-service.md)', () => {
    const perProduct = bytes(worstSnapshot(2)) - bytes(worstSnapshot(1));
    const base = bytes(worstSnapshot(0));
    const largest = bytes(worstSnapshot(MAX_PRODUCTS_PER_ACCOUNT));
    // The figures the documentation states.
    expect(perProduct).toBe(5345);
    expect(base).toBe(841);
    expect(largest).toBe(428_440);
    expect(largest).toBe(base + MAX_PRODUCTS_PER_ACCOUNT * perProduct - 1);
    expect(MAX_PRODUCTS_PER_ACCOUNT).toBe(80);
    expect(INTEGRATION_CONFIG_MAX_MESSAGE_BYTES).toBe(1_048_588);
    expect(largest + KEY_HEADERS_AND_FRAMING).toBeLessThan(INTEGRATION_CONFIG_MAX_MESSAGE_BYTES / 2);
  });
});
