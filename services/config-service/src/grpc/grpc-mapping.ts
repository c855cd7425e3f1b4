import type {
  GrpcAuditEntry, GrpcIntegrationSettings, GrpcInvoicePolicy, GrpcNfeSettings, GrpcNfseSettings, GrpcPaymentMethods,
  GrpcProductBilling, GrpcStatusMap, GrpcStatusTarget,
} from '@gv/contracts';
import { ServiceError } from '../settings/errors';
import { Precondition } from '../settings/settings-service';
import { AuditRecord } from '../settings/settings-store';
import { SettingsView } from '../settings/settings-state';
import { ProductBilling } from '@gv/contracts';

/**
 * gRPC messages <-> the HTTP JSON bodies, so both transports run the very same validation and
 * report the same field paths. Proto "" / 0 / unset stand for the JSON null.
 */

export function preconditionOfGrpc(expectedVersion: number | undefined): Precondition {
  if (expectedVersion === undefined || expectedVersion === null) return { kind: 'missing' };
  return expectedVersion === 0 ? { kind: 'absent' } : { kind: 'version', version: expectedVersion };
}

const orNull = (value: string) => (value === '' ? null : value);

export function required<T>(value: T | null | undefined, path: string): T {
  if (value === null || value === undefined) throw new ServiceError('validation_failed', `invalid request: ${path} is required`, [{ path, message: 'is required' }]);
  return value;
}

export function paymentMethodsBody(m: GrpcPaymentMethods): Record<string, unknown> {
  return { billet: orNull(m.billet), credit_card: orNull(m.creditCard), paypal: orNull(m.paypal), pix: orNull(m.pix) };
}

function targetBody(t: GrpcStatusTarget | null): unknown {
  return t === null ? undefined : { status: t.status, situacaoId: t.situacaoId === 0 ? null : t.situacaoId };
}

export function statusMapBody(m: GrpcStatusMap): Record<string, unknown> {
  return { approved: targetBody(m.approved), canceled: targetBody(m.canceled), pending: targetBody(m.pending), refunded: targetBody(m.refunded) };
}

export function invoicePolicyBody(p: GrpcInvoicePolicy): Record<string, unknown> {
  return { ambiente: p.ambiente, issueWhen: p.issueWhen, onRefundAfterInvoice: p.onRefundAfterInvoice };
}

export function productBody(p: GrpcProductBilling): Record<string, unknown> {
  return {
    vhsysProductId: p.vhsysProductId,
    description: orNull(p.description),
    kind: p.kind,
    issueInvoice: p.issueInvoice,
    active: p.active,
    nfe: p.nfe ? { naturezaOperacao: p.nfe.naturezaOperacao, cfop: p.nfe.cfop, serie: p.nfe.serie } : null,
    nfse: p.nfse
      ? {
          serie: p.nfse.serie,
          naturezaOperacao: p.nfse.naturezaOperacao,
          codigoServico: p.nfse.codigoServico,
          aliquotaIss: p.nfse.aliquotaIss,
          regime: p.nfse.regime === 0 ? 1 : p.nfse.regime,
          descricaoServico: orNull(p.nfse.descricaoServico),
        }
      : null,
  };
}

function productMessage(p: ProductBilling): GrpcProductBilling {
  const nfe: GrpcNfeSettings | null = p.nfe ? { ...p.nfe } : null;
  const nfse: GrpcNfseSettings | null = p.nfse ? { ...p.nfse, descricaoServico: p.nfse.descricaoServico ?? '' } : null;
  return {
    guruProductCode: p.guruProductCode,
    vhsysProductId: p.vhsysProductId,
    description: p.description ?? '',
    kind: p.kind,
    issueInvoice: p.issueInvoice,
    active: p.active,
    nfe,
    nfse,
  };
}

export function settingsMessage(view: SettingsView): GrpcIntegrationSettings {
  const token = (t: SettingsView['detalhe']['accessToken']) => ({ set: t.set, last4: t.last4 ?? '', setAt: t.setAt ?? '' });
  const target = (t: { status: string; situacaoId: number | null }) => ({ status: t.status, situacaoId: t.situacaoId ?? 0 });
  return {
    accountId: view.accountId,
    version: view.version,
    detalhe: {
      accessToken: token(view.detalhe.accessToken),
      secretAccessToken: token(view.detalhe.secretAccessToken),
      credentialsVersion: view.detalhe.credentialsVersion,
      criarVendaComJuros: view.detalhe.criarVendaComJuros,
      enviarParcelas: view.detalhe.enviarParcelas,
      ativo: view.detalhe.ativo,
    },
    paymentMethods: {
      billet: view.paymentMethods.billet ?? '',
      creditCard: view.paymentMethods.credit_card ?? '',
      paypal: view.paymentMethods.paypal ?? '',
      pix: view.paymentMethods.pix ?? '',
    },
    statusMap: {
      approved: target(view.statusMap.approved),
      canceled: target(view.statusMap.canceled),
      pending: target(view.statusMap.pending),
      refunded: target(view.statusMap.refunded),
    },
    invoicePolicy: { ...view.invoicePolicy },
    products: view.products.map(productMessage),
    guruApi: token(view.guruApi),
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
  };
}

export function auditMessage(entry: AuditRecord): GrpcAuditEntry {
  return {
    id: Number(entry.id),
    at: entry.at.toISOString(),
    actor: entry.actor,
    via: entry.via,
    action: entry.action,
    version: entry.version,
    changes: entry.changes.map((c) => ({
      path: c.path,
      from: c.secret ? '' : JSON.stringify(c.from ?? null),
      to: c.secret ? '' : JSON.stringify(c.to ?? null),
      secret: c.secret === true,
    })),
    traceId: entry.traceId ?? '',
  };
}
