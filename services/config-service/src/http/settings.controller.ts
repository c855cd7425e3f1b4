import { Controller, Delete, Get, HttpCode, Inject, Param, Patch, Put, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import { ServiceError } from '../settings/errors';
import {
  DetalhePatchSchema, DetalhePutSchema, GuruApiPutSchema, InvoicePolicyPatchSchema, InvoicePolicyPutSchema, PaymentMethodsPatchSchema,
  PaymentMethodsPutSchema, ProductPutSchema, StatusMapPatchSchema, StatusMapPutSchema,
} from '../settings/sections';
import { Caller, SettingsService, WriteMode, WriteResult } from '../settings/settings-service';
import {
  AuditResponseSchema, DeleteResponseSchema, SettingsViewSchema, SituacoesResponseSchema, VhsysProductsResponseSchema, WriteResponseSchema,
} from '../settings/view-schema';
import { AdminOperation } from './openapi';
import { etag, preconditionOf } from './preconditions';
import { ProductBillingSchema } from '@gv/contracts';

type Section = 'detalhe' | 'payment-methods' | 'status-map' | 'invoice-policy';

const PRODUCT_PARAM = [{ name: 'guruProductCode', description: 'The Guru product code (URL-encoded)' }];

/** The Vhsys settings screens of one Guru account, for Guru's admin backend. */
@ApiTags('vhsys-integration')
@Controller('v1/accounts/:accountId/vhsys-integration')
@ServiceTokenAuth({ tokens: 'admin', tenant: true })
export class SettingsController {
  constructor(@Inject(SettingsService) private readonly settings: SettingsService) {}

  @Get()
  @AdminOperation({ summary: 'All settings of the account', response: SettingsViewSchema, errors: [[404, 'no integration for this account']] })
  async get(@AuthorizedCaller() caller: Caller, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    const view = await this.settings.get(caller, accountId);
    res.setHeader('ETag', etag(view.version));
    return view;
  }

  @Delete()
  @AdminOperation({ summary: 'Delete the integration: tokens wiped, settings removed, a tombstone published', response: DeleteResponseSchema, write: true })
  async remove(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Param('accountId') accountId: string) {
    return this.settings.deleteIntegration(caller, accountId, preconditionOf(req));
  }

  @Put('detalhe')
  @AdminOperation({
    summary: 'Aba Detalhe: tokens (write-only) and switches',
    description: 'accessToken/secretAccessToken are optional (absent = keep the stored pair). ativo=true checks the tokens with Vhsys first.',
    body: DetalhePutSchema, response: WriteResponseSchema, write: true,
  })
  putDetalhe(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.section(caller, req, res, accountId, 'detalhe', 'put');
  }

  @Patch('detalhe')
  @AdminOperation({ summary: 'Aba Detalhe, only the fields sent', body: DetalhePatchSchema, response: WriteResponseSchema, write: true })
  patchDetalhe(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.section(caller, req, res, accountId, 'detalhe', 'patch');
  }

  @Put('payment-methods')
  @AdminOperation({ summary: 'Formas de Pagamento: Guru method → Vhsys forma_pagamento', body: PaymentMethodsPutSchema, response: WriteResponseSchema, write: true })
  putPaymentMethods(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.section(caller, req, res, accountId, 'payment-methods', 'put');
  }

  @Patch('payment-methods')
  @AdminOperation({ summary: 'Formas de Pagamento, only the methods sent', body: PaymentMethodsPatchSchema, response: WriteResponseSchema, write: true })
  patchPaymentMethods(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.section(caller, req, res, accountId, 'payment-methods', 'patch');
  }

  @Put('status-map')
  @AdminOperation({ summary: 'Status: Guru status → Vhsys order status (+ optional situação)', body: StatusMapPutSchema, response: WriteResponseSchema, write: true })
  putStatusMap(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.section(caller, req, res, accountId, 'status-map', 'put');
  }

  @Patch('status-map')
  @AdminOperation({ summary: 'Status, only the Guru statuses sent', body: StatusMapPatchSchema, response: WriteResponseSchema, write: true })
  patchStatusMap(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.section(caller, req, res, accountId, 'status-map', 'patch');
  }

  @Put('invoice-policy')
  @AdminOperation({ summary: 'Account invoice policy: ambiente, when to issue, refunds after an invoice', body: InvoicePolicyPutSchema, response: WriteResponseSchema, write: true })
  putInvoicePolicy(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.section(caller, req, res, accountId, 'invoice-policy', 'put');
  }

  @Patch('invoice-policy')
  @AdminOperation({ summary: 'Invoice policy, only the fields sent', body: InvoicePolicyPatchSchema, response: WriteResponseSchema, write: true })
  patchInvoicePolicy(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.section(caller, req, res, accountId, 'invoice-policy', 'patch');
  }

  @Put('guru-api')
  @AdminOperation({
    summary: 'API do Guru: the seller\'s Guru API user token (write-only), checked with Guru before it is saved',
    description: 'The settings show it as guruApi {set, last4, setAt}, never its value. Sending the stored token again changes nothing.',
    body: GuruApiPutSchema, response: WriteResponseSchema, write: true,
    errors: [[422, 'validation_failed, or guru_token_rejected: Guru refused the token (details name userToken)'], [502, 'guru_unavailable: Guru could not answer; nothing saved']],
  })
  async putGuruApi(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.written(res, await this.settings.putGuruApiToken(caller, accountId, preconditionOf(req), req.body));
  }

  @Delete('guru-api')
  @AdminOperation({ summary: 'API do Guru: remove the Guru API user token', response: WriteResponseSchema, write: true, errors: [[404, 'no integration, or no Guru API token set']] })
  async deleteGuruApi(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string) {
    return this.written(res, await this.settings.deleteGuruApiToken(caller, accountId, preconditionOf(req)));
  }

  @Get('products/:guruProductCode')
  @AdminOperation({ summary: 'Faturamento settings of one Guru product', response: ProductBillingSchema, extraParams: PRODUCT_PARAM, errors: [[404, 'no integration, or no settings for this product']] })
  async getProduct(@AuthorizedCaller() caller: Caller, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string, @Param('guruProductCode') code: string) {
    const view = await this.settings.get(caller, accountId);
    res.setHeader('ETag', etag(view.version));
    const product = view.products.find((p) => p.guruProductCode === code);
    if (!product) throw new ServiceError('not_found', 'this product has no Faturamento settings');
    return product;
  }

  @Put('products/:guruProductCode')
  @AdminOperation({
    summary: 'Faturamento of one Guru product (created or replaced)',
    description: 'The Vhsys product must exist in the account (checked with the stored tokens).',
    body: ProductPutSchema, response: WriteResponseSchema, write: true, extraParams: PRODUCT_PARAM,
    errors: [[409, 'credentials_not_set: save the tokens first']],
  })
  async putProduct(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string, @Param('guruProductCode') code: string) {
    return this.written(res, await this.settings.putProduct(caller, accountId, code, preconditionOf(req), req.body));
  }

  @Delete('products/:guruProductCode')
  @AdminOperation({ summary: 'Remove the Faturamento settings of one Guru product', response: WriteResponseSchema, write: true, extraParams: PRODUCT_PARAM })
  async deleteProduct(@AuthorizedCaller() caller: Caller, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('accountId') accountId: string, @Param('guruProductCode') code: string) {
    return this.written(res, await this.settings.deleteProduct(caller, accountId, code, preconditionOf(req)));
  }

  @Get('situacoes')
  @AdminOperation({ summary: "The account's custom situações de pedido, read from Vhsys", response: SituacoesResponseSchema, errors: [[409, 'credentials_not_set'], [502, 'vhsys_unavailable']] })
  async situacoes(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string) {
    return { situacoes: await this.settings.listSituacoes(caller, accountId) };
  }

  @Get('vhsys-products')
  @AdminOperation({
    summary: "The account's Vhsys products, read live from Vhsys with the stored tokens (the Faturamento tab's picker)",
    description: 'Query: search (part of the description, at most 60 characters), page (1-50, 20 products each). Products in the lixeira are left out.',
    response: VhsysProductsResponseSchema,
    errors: [[409, 'credentials_not_set'], [422, 'validation_failed: search or page out of bounds'], [502, 'vhsys_unavailable']],
  })
  async vhsysProducts(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Query('search') search?: unknown, @Query('page') page?: unknown) {
    return this.settings.listVhsysProducts(caller, accountId, {
      // A repeated parameter (?search=a&search=b) arrives as an array: refused like any other bad value.
      search: search === undefined ? null : typeof search === 'string' ? search : '\u0000',
      page: page === undefined ? undefined : typeof page === 'string' && /^\d{1,4}$/.test(page) ? Number(page) : Number.NaN,
    });
  }

  @Get('audit')
  @HttpCode(200)
  @AdminOperation({ summary: 'Audit log, newest first (who, when, which fields; never token values)', response: AuditResponseSchema })
  async audit(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Query('limit') limit?: string, @Query('before') before?: string) {
    const entries = await this.settings.listAudit(caller, accountId, {
      limit: limit === undefined ? undefined : /^\d+$/.test(limit) ? Number(limit) : Number.NaN,
      beforeId: before ?? null,
    });
    return { entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) };
  }

  private async section(caller: Caller, req: Request, res: Response, accountId: string, section: Section, mode: WriteMode) {
    const pre = preconditionOf(req);
    const s = this.settings;
    const result =
      section === 'detalhe' ? await s.updateDetalhe(caller, accountId, pre, req.body, mode)
        : section === 'payment-methods' ? await s.updatePaymentMethods(caller, accountId, pre, req.body, mode)
          : section === 'status-map' ? await s.updateStatusMap(caller, accountId, pre, req.body, mode)
            : await s.updateInvoicePolicy(caller, accountId, pre, req.body, mode);
    return this.written(res, result);
  }

  private written(res: Response, result: WriteResult) {
    res.setHeader('ETag', etag(result.settings.version));
    return { message: result.message, settings: result.settings };
  }
}
