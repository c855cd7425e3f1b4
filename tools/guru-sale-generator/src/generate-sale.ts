import { formatCep, formatDocument, formatPhone, generateAlphanumericCnpj, generateCnpj, generateCpf } from '@gv/brazil';
import type { GuruTransactionEvent } from '@gv/contracts';
import { COMPANY_SUFFIXES, DEFAULT_PRODUCTS, FIRST_NAMES, LAST_NAMES, PLACES, type CatalogProduct } from './catalog';
import { priceTablePlan } from './installment-plan';
import { createRng, rngUuid, type Rng } from './rng';
import { applyStatus, isoSeconds } from './status-change';

/** The four Guru payment methods the seller maps to Vhsys (seed). */
export type GeneratedPaymentMethod = 'billet' | 'credit_card' | 'paypal' | 'pix';
export const GENERATED_PAYMENT_METHODS: readonly GeneratedPaymentMethod[] = ['billet', 'credit_card', 'paypal', 'pix'];

export type GeneratedCoupon =
  | { code: string; type: 'percent'; field: 'products' | 'shipping' | 'total'; percent: number }
  | { code: string; type: 'value'; field: 'products' | 'shipping' | 'total'; valueCents: number };

export interface GenerateSaleOptions {
  /** Same seed and options → same sale. */
  seed: number;
  accountId?: string;
  /** Guru transaction id; a UUID drawn from the seed by default. */
  id?: string;
  /** Guru status (default `approved`); dates are filled as Guru would for it. */
  status?: string;
  method?: GeneratedPaymentMethod;
  /** 1–12; card sales draw 1–12 by default, other methods 1. */
  installments?: number;
  /** Monthly card interest (tabela Price) for 2+ installments; default 0.0299. 0 = interest-free. */
  monthlyInterestRate?: number;
  /** Catalog to draw from (default DEFAULT_PRODUCTS). */
  products?: readonly CatalogProduct[];
  /** Main product code (default: a random non-bump product). */
  productCode?: string;
  /** Quantity of the main product (default 1; produto items sometimes 2–3). */
  quantity?: number;
  /** Order bump product codes (default: 0–2 random bump products). */
  orderBumpCodes?: string[];
  /** A coupon, `false` for none (default: random, about 1 in 4). */
  coupon?: GeneratedCoupon | false;
  /** Freight in centavos (default: random when a `produto` item is sold, else 0). */
  freightCents?: number;
  /**
   * A person (CPF), a company with a numeric CNPJ, or a company with an alphanumeric CNPJ (in force
   * since July 2026, e.g. 12.ABC.345/01DE-35). Default: CNPJ about 1 in 10, else CPF (never
   * alphanumeric unless asked, so the sales of existing seeds stay the same).
   */
  buyer?: 'cpf' | 'cnpj' | 'cnpj_alnum';
  /** Document typed with punctuation ("012.345.678-90"); default random. */
  maskDocument?: boolean;
  /** Address filled (default true); false sends Guru's empty strings. */
  withAddress?: boolean;
  /** `dates.ordered_at` (default: a seeded instant in March–April 2026). */
  orderedAt?: string | Date;
  /**
   * `random` (default) exercises Guru's documented variants: `instalments`, `creditcard`,
   * `payment.method` null, `installments.value` "", masked documents, lower-case UF, …;
   * `canonical` always uses the canonical names.
   */
  variants?: 'random' | 'canonical';
  /** `last_transaction` (e.g. the expired sale a new charge replaces). */
  lastTransactionId?: string;
}

const BASE_INSTANT = Date.parse('2026-03-01T12:00:00Z');

function reais(cents: number): number {
  return cents / 100;
}

function pickDistinct<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]);
  return out;
}

function randomDigits(rng: Rng, count: number): string {
  return Array.from({ length: count }, () => String(rng.int(0, 9))).join('');
}

function randomCoupon(rng: Rng, hasFreight: boolean): GeneratedCoupon | false {
  if (!rng.chance(0.25)) return false;
  const kind = rng.int(0, hasFreight ? 2 : 1);
  if (kind === 0) return { code: 'BEMVINDO10', type: 'percent', field: 'products', percent: 10 };
  if (kind === 1) return { code: 'DESCONTO20', type: 'value', field: 'products', valueCents: 2000 };
  return { code: 'FRETEGRATIS', type: 'percent', field: 'shipping', percent: 100 };
}

/** The coupon's discount as the checkout computes it (half-up to the centavo, never above its base). */
export function couponDiscount(coupon: GeneratedCoupon, productsCents: number, freightCents: number): number {
  const base = coupon.field === 'shipping' ? freightCents : coupon.field === 'total' ? productsCents + freightCents : productsCents;
  const discount = coupon.type === 'percent' ? Math.floor((base * Math.round(coupon.percent * 100) + 5000) / 10000) : coupon.valueCents;
  return Math.min(discount, base);
}

function item(product: CatalogProduct, quantity: number, marketplace: string, rng: Rng) {
  return {
    id: product.code,
    internal_id: rngUuid(rng),
    name: product.name,
    type: 'product',
    qty: quantity,
    unit_value: reais(product.priceCents),
    total_value: reais(product.priceCents * quantity),
    marketplace_id: product.code,
    marketplace_name: marketplace,
    image_url: '',
    offer: { id: rngUuid(rng), name: `${product.name} - à vista` },
    producer: { name: 'Escola de Confeitaria', marketplace_id: 'prod_1', contact_email: 'produtor@example.com' },
  };
}

/**
 * One realistic Guru transaction webhook, wrapped as the `guru.transactions.v1` event. Money is
 * consistent the way the mapping expects it: items at their offer prices, `payment.discount_value`
 * the coupon's discount, `shipping.value` the freight before a shipping coupon, and
 * `payment.total` = items − discount + freight, plus tabela-Price interest for card installments.
 */
export function generateSale(options: GenerateSaleOptions): GuruTransactionEvent {
  const rng = createRng(options.seed);
  const variants = options.variants ?? 'random';
  const vary = (p: number): boolean => variants === 'random' && rng.chance(p);
  const catalog = options.products ?? DEFAULT_PRODUCTS;
  const accountId = options.accountId ?? 'acc-1';
  const id = options.id ?? rngUuid(rng);

  // Products: the main one, then the order bumps.
  const mainCandidates = catalog.filter((p) => !p.orderBump);
  const main = options.productCode ? catalog.find((p) => p.code === options.productCode) : rng.pick(mainCandidates.length > 0 ? mainCandidates : catalog);
  if (!main) throw new Error(`product ${options.productCode} is not in the catalog`);
  const bumps = options.orderBumpCodes
    ? options.orderBumpCodes.map((code) => {
        const found = catalog.find((p) => p.code === code);
        if (!found) throw new Error(`order bump ${code} is not in the catalog`);
        return found;
      })
    : pickDistinct(rng, catalog.filter((p) => p.orderBump && p.code !== main.code), rng.chance(0.6) ? 0 : rng.chance(0.75) ? 1 : 2);
  const quantity = options.quantity ?? (main.kind === 'produto' && rng.chance(0.3) ? rng.int(2, 3) : 1);
  const lines = [{ product: main, quantity }, ...bumps.map((product) => ({ product, quantity: 1 }))];

  // Payment method, marketplace, installments.
  const method = options.method ?? rng.pick(GENERATED_PAYMENT_METHODS);
  const marketplace = method === 'paypal' ? 'paypal' : rng.pick(['mundipagg', 'pagarme2', 'iugu']);
  const installments = options.installments ?? (method === 'credit_card' ? rng.int(1, 12) : 1);
  if (!Number.isInteger(installments) || installments < 1 || installments > 12) throw new Error('installments must be 1–12');

  // Money.
  const productsCents = lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0);
  const hasProduto = lines.some((l) => l.product.kind === 'produto');
  const freightCents = options.freightCents ?? (hasProduto ? rng.pick([0, 1590, 2290, 3190]) : 0);
  const coupon = options.coupon ?? randomCoupon(rng, freightCents > 0);
  const discountCents = coupon ? couponDiscount(coupon, productsCents, freightCents) : 0;
  const principal = productsCents - discountCents + freightCents;
  const rate = method === 'credit_card' ? options.monthlyInterestRate ?? 0.0299 : 0;
  const plan = priceTablePlan(principal, installments, rate);
  const feeCents = Math.round(plan.totalCents * 0.0499) + 100;

  // Buyer.
  const place = rng.pick(PLACES);
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const buyer = options.buyer ?? (rng.chance(0.1) ? 'cnpj' : 'cpf');
  const document = buyer === 'cnpj' ? generateCnpj(rng.next) : buyer === 'cnpj_alnum' ? generateAlphanumericCnpj(rng.next) : generateCpf(rng.next);
  const masked = options.maskDocument ?? vary(0.4);
  const typed = masked ? formatDocument(document) : document;
  // A buyer may type the letters of an alphanumeric CNPJ in lower case (drawn only for such buyers).
  const doc = buyer === 'cnpj_alnum' && vary(0.3) ? typed.toLowerCase() : typed;
  const phoneDigits = `${place.ddd}9${randomDigits(rng, 8)}`;
  const withAddress = options.withAddress ?? true;
  const contact = {
    id: rngUuid(rng),
    name: `${firstName} ${lastName}`,
    email: `${firstName}.${lastName}${rng.int(1, 999)}@example.com`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(),
    doc,
    company_name: buyer !== 'cpf' ? `${lastName} ${rng.pick(COMPANY_SUFFIXES)}` : '',
    phone_local_code: '55',
    phone_number: vary(0.3) ? formatPhone(phoneDigits) : phoneDigits,
    address: withAddress ? place.street : '',
    address_number: withAddress ? String(rng.int(1, 2999)) : '',
    address_comp: withAddress && rng.chance(0.3) ? `Apto ${rng.int(11, 1204)}` : '',
    address_district: withAddress ? place.district : '',
    address_city: withAddress ? place.city : '',
    address_state: withAddress ? (vary(0.15) ? place.uf.toLowerCase() : place.uf) : '',
    address_state_full_name: withAddress ? place.stateName : '',
    address_country: withAddress ? 'BR' : '',
    address_zip_code: withAddress ? (vary(0.5) ? formatCep(place.cep) : place.cep) : '',
    lead: { first_tracking: { name: '', type: '', publisher: '', tracked_at: '' }, last_tracking: { name: '', type: '', publisher: '', tracked_at: '' } },
  };

  // Dates (applyStatus fills the status-dependent ones).
  const orderedAt = options.orderedAt ? new Date(options.orderedAt) : new Date(BASE_INSTANT + rng.int(0, 60 * 24 * 60) * 60_000);
  const expiresAt = new Date(orderedAt.getTime() + 3 * 86_400_000);

  // Payment blocks.
  const cardBlock = method === 'credit_card'
    ? { id: rngUuid(rng), brand: rng.pick(['visa', 'mastercard', 'elo', 'amex']), first_digits: '400000', last_digits: randomDigits(rng, 4), expiration_month: rng.int(1, 12), expiration_year: rng.int(2027, 2033) }
    : { id: '', brand: '', first_digits: '', last_digits: '', expiration_month: '', expiration_year: '' };
  const billetBlock = method === 'billet'
    ? { line: randomDigits(rng, 47), url: `https://boleto.example.com/${id}`, expiration_date: isoSeconds(expiresAt) }
    : { line: '', url: '', expiration_date: '' };
  const pixBlock = method === 'pix'
    ? { qrcode: { signature: `00020126580014br.gov.bcb.pix0136${rngUuid(rng)}5204000053039865802BR`, url: `https://pix.example.com/${id}.png` }, expiration_date: isoSeconds(expiresAt) }
    : null;
  const installmentsKey = vary(0.5) ? 'instalments' : 'installments';
  const cardKey = vary(0.3) ? 'creditcard' : 'credit_card';
  const methodValue = method !== 'paypal' && vary(0.2) ? null : method;
  const discountValue = coupon && vary(0.1) ? '' : reais(discountCents);

  const payment: Record<string, unknown> = {
    method: methodValue,
    currency: 'BRL',
    total: reais(plan.totalCents),
    gross: reais(plan.totalCents),
    net: reais(plan.totalCents - feeCents),
    discount_value: discountValue,
    affiliate_value: 0,
    marketplace_value: reais(feeCents),
    marketplace_id: `ch_${randomDigits(rng, 16)}`,
    marketplace_name: marketplace,
    [installmentsKey]: {
      qty: installments,
      value: vary(0.15) ? '' : reais(plan.installmentValueCents),
      interest: reais(plan.interestCents),
    },
    coupon: coupon
      ? {
          id: rngUuid(rng),
          coupon_code: coupon.code,
          incidence_type: coupon.type,
          incidence_field: coupon.field,
          incidence_value: coupon.type === 'percent' ? coupon.percent : reais(coupon.valueCents),
          final_value: reais(discountCents),
          last_sent_at: '',
        }
      : null,
    tax: { value: 0, rate: 0 },
    refund_reason: '',
    refuse_reason: '',
    can_try_again: 0,
    acquirer: { code: '00', message: 'Transação autorizada', name: marketplace, nsu: randomDigits(rng, 6), tid: randomDigits(rng, 12) },
    [cardKey]: cardBlock,
    billet: billetBlock,
    pix: pixBlock,
  };

  const body: Record<string, unknown> = {
    webhook_type: 'transaction',
    api_token: Array.from({ length: 40 }, () => rng.int(0, 35).toString(36)).join(''),
    id,
    status: 'waiting_payment',
    type: 'producer',
    checkout_url: `https://clkdmg.site/pay/${main.code.toLowerCase()}`,
    is_order_bump: 0,
    has_order_bump: bumps.length > 0 ? 1 : 0,
    is_reissue: options.lastTransactionId ? 1 : 0,
    last_transaction: options.lastTransactionId ? { id: options.lastTransactionId, url: '' } : [],
    contracts: [],
    ecommerces: [],
    extras: { accepted_terms_url: 1, accepted_privacy_policy_url: 1 },
    contact,
    product: item(main, quantity, marketplace, rng),
    items: lines.map((l) => item(l.product, l.quantity, marketplace, rng)),
    payment,
    shipping: { name: freightCents > 0 ? 'PAC' : '', value: reais(freightCents) },
    shipment: { carrier: '', service: '', tracking: '', value: reais(freightCents), status: [], delivery_time: '' },
    dates: {
      created_at: isoSeconds(orderedAt),
      ordered_at: isoSeconds(orderedAt),
      updated_at: isoSeconds(orderedAt),
      confirmed_at: null,
      canceled_at: null,
      expires_at: method === 'billet' || method === 'pix' ? isoSeconds(expiresAt) : null,
      unavailable_until: null,
      warranty_until: null,
    },
    subscription: [],
    invoice: [],
    source: { source: '', checkout_source: '', utm_source: '', utm_campaign: '', utm_medium: '', utm_content: '', utm_term: '', pptc: [] },
    affiliations: [],
    infrastructure: { ip: `200.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, host: 'clkdmg.site', country: 'BR', region: place.uf, city: place.city, user_agent: 'Mozilla/5.0' },
  };

  const event: GuruTransactionEvent = { accountId, receivedAt: isoSeconds(new Date(orderedAt.getTime() + 5000)), transaction: body };
  return applyStatus(event, options.status ?? 'approved', orderedAt);
}
