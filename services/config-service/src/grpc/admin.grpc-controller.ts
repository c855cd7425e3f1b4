import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import type {
  GrpcAccountRequest, GrpcDeleteIntegrationReply, GrpcDeleteIntegrationRequest, GrpcDeleteGuruApiTokenRequest, GrpcDeleteProductRequest, GrpcIntegrationSettings,
  GrpcListAuditReply, GrpcListAuditRequest, GrpcListSituacoesReply, GrpcListVhsysProductsReply, GrpcListVhsysProductsRequest, GrpcPutProductRequest, GrpcRepublishReply, GrpcRepublishRequest,
  GrpcSettingsReply, GrpcUpdateDetalheRequest, GrpcUpdateGuruApiTokenRequest, GrpcUpdateInvoicePolicyRequest, GrpcUpdatePaymentMethodsRequest, GrpcUpdateStatusMapRequest,
} from '@gv/contracts';
import { AuthorizedCaller, ServiceTokenAuth, TokenRequirement } from '../auth/service-token-auth';
import { Caller, SettingsService, WriteResult } from '../settings/settings-service';
import {
  auditMessage, invoicePolicyBody, paymentMethodsBody, preconditionOfGrpc, productBody, required, settingsMessage, statusMapBody,
} from './grpc-mapping';

/** Service name of @GrpcMethod, relative to the proto package (CONFIG_ADMIN_SERVICE fully qualified). */
const ADMIN = 'VhsysIntegrationAdmin';

const written = (r: WriteResult): GrpcSettingsReply => ({ message: r.message, settings: settingsMessage(r.settings) });

/** The admin gRPC service: the same settings operations as HTTP, for Guru's admin backend. */
@Controller()
@ServiceTokenAuth({ tokens: 'admin', tenant: true })
export class AdminGrpcController {
  constructor(@Inject(SettingsService) private readonly settings: SettingsService) {}

  @GrpcMethod(ADMIN, 'GetSettings')
  async getSettings(@Payload() r: GrpcAccountRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcIntegrationSettings> {
    return settingsMessage(await this.settings.get(caller, r.accountId));
  }

  @GrpcMethod(ADMIN, 'UpdateDetalhe')
  async updateDetalhe(@Payload() r: GrpcUpdateDetalheRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcSettingsReply> {
    const body: Record<string, unknown> = { criarVendaComJuros: r.criarVendaComJuros, enviarParcelas: r.enviarParcelas, ativo: r.ativo };
    if (r.accessToken !== undefined) body.accessToken = r.accessToken;
    if (r.secretAccessToken !== undefined) body.secretAccessToken = r.secretAccessToken;
    return written(await this.settings.updateDetalhe(caller, r.accountId, preconditionOfGrpc(r.expectedVersion), body, 'put'));
  }

  @GrpcMethod(ADMIN, 'UpdatePaymentMethods')
  async updatePaymentMethods(@Payload() r: GrpcUpdatePaymentMethodsRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcSettingsReply> {
    const body = paymentMethodsBody(required(r.paymentMethods, 'paymentMethods'));
    return written(await this.settings.updatePaymentMethods(caller, r.accountId, preconditionOfGrpc(r.expectedVersion), body, 'put'));
  }

  @GrpcMethod(ADMIN, 'UpdateStatusMap')
  async updateStatusMap(@Payload() r: GrpcUpdateStatusMapRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcSettingsReply> {
    const body = statusMapBody(required(r.statusMap, 'statusMap'));
    return written(await this.settings.updateStatusMap(caller, r.accountId, preconditionOfGrpc(r.expectedVersion), body, 'put'));
  }

  @GrpcMethod(ADMIN, 'UpdateInvoicePolicy')
  async updateInvoicePolicy(@Payload() r: GrpcUpdateInvoicePolicyRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcSettingsReply> {
    const body = invoicePolicyBody(required(r.invoicePolicy, 'invoicePolicy'));
    return written(await this.settings.updateInvoicePolicy(caller, r.accountId, preconditionOfGrpc(r.expectedVersion), body, 'put'));
  }

  @GrpcMethod(ADMIN, 'PutProduct')
  async putProduct(@Payload() r: GrpcPutProductRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcSettingsReply> {
    const product = required(r.product, 'product');
    return written(await this.settings.putProduct(caller, r.accountId, product.guruProductCode, preconditionOfGrpc(r.expectedVersion), productBody(product)));
  }

  @GrpcMethod(ADMIN, 'DeleteProduct')
  async deleteProduct(@Payload() r: GrpcDeleteProductRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcSettingsReply> {
    return written(await this.settings.deleteProduct(caller, r.accountId, r.guruProductCode, preconditionOfGrpc(r.expectedVersion)));
  }

  @GrpcMethod(ADMIN, 'UpdateGuruApiToken')
  async updateGuruApiToken(@Payload() r: GrpcUpdateGuruApiTokenRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcSettingsReply> {
    return written(await this.settings.putGuruApiToken(caller, r.accountId, preconditionOfGrpc(r.expectedVersion), { userToken: r.userToken }));
  }

  @GrpcMethod(ADMIN, 'DeleteGuruApiToken')
  async deleteGuruApiToken(@Payload() r: GrpcDeleteGuruApiTokenRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcSettingsReply> {
    return written(await this.settings.deleteGuruApiToken(caller, r.accountId, preconditionOfGrpc(r.expectedVersion)));
  }

  @GrpcMethod(ADMIN, 'DeleteIntegration')
  deleteIntegration(@Payload() r: GrpcDeleteIntegrationRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcDeleteIntegrationReply> {
    return this.settings.deleteIntegration(caller, r.accountId, preconditionOfGrpc(r.expectedVersion));
  }

  @GrpcMethod(ADMIN, 'ListSituacoes')
  async listSituacoes(@Payload() r: GrpcAccountRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcListSituacoesReply> {
    return { situacoes: await this.settings.listSituacoes(caller, r.accountId) };
  }

  @GrpcMethod(ADMIN, 'ListVhsysProducts')
  async listVhsysProducts(@Payload() r: GrpcListVhsysProductsRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcListVhsysProductsReply> {
    const found = await this.settings.listVhsysProducts(caller, r.accountId, { search: r.search, page: r.page === 0 ? undefined : r.page });
    return { ...found, products: found.products.map((p) => ({ ...p, kind: p.kind ?? '' })) };
  }

  @GrpcMethod(ADMIN, 'ListAudit')
  async listAudit(@Payload() r: GrpcListAuditRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcListAuditReply> {
    const entries = await this.settings.listAudit(caller, r.accountId, { limit: r.limit === 0 ? undefined : r.limit, beforeId: r.beforeId ? String(r.beforeId) : null });
    return { entries: entries.map(auditMessage) };
  }

  /** Every account when account_id is empty, which only a token allowed on all accounts may ask (checked by the service). */
  @GrpcMethod(ADMIN, 'Republish')
  @TokenRequirement({ tokens: 'admin', tenant: false })
  republish(@Payload() r: GrpcRepublishRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcRepublishReply> {
    return this.settings.republish(caller, r.accountId ? { accountId: r.accountId } : {});
  }
}
