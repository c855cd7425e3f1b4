// Original file: libs/contracts/proto/config_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AccountRequest as _guru_vhsys_config_v1_AccountRequest, AccountRequest__Output as _guru_vhsys_config_v1_AccountRequest__Output } from '../../../../guru/vhsys/config/v1/AccountRequest';
import type { DeleteGuruApiTokenRequest as _guru_vhsys_config_v1_DeleteGuruApiTokenRequest, DeleteGuruApiTokenRequest__Output as _guru_vhsys_config_v1_DeleteGuruApiTokenRequest__Output } from '../../../../guru/vhsys/config/v1/DeleteGuruApiTokenRequest';
import type { DeleteIntegrationReply as _guru_vhsys_config_v1_DeleteIntegrationReply, DeleteIntegrationReply__Output as _guru_vhsys_config_v1_DeleteIntegrationReply__Output } from '../../../../guru/vhsys/config/v1/DeleteIntegrationReply';
import type { DeleteIntegrationRequest as _guru_vhsys_config_v1_DeleteIntegrationRequest, DeleteIntegrationRequest__Output as _guru_vhsys_config_v1_DeleteIntegrationRequest__Output } from '../../../../guru/vhsys/config/v1/DeleteIntegrationRequest';
import type { DeleteProductRequest as _guru_vhsys_config_v1_DeleteProductRequest, DeleteProductRequest__Output as _guru_vhsys_config_v1_DeleteProductRequest__Output } from '../../../../guru/vhsys/config/v1/DeleteProductRequest';
import type { IntegrationSettings as _guru_vhsys_config_v1_IntegrationSettings, IntegrationSettings__Output as _guru_vhsys_config_v1_IntegrationSettings__Output } from '../../../../guru/vhsys/config/v1/IntegrationSettings';
import type { ListAuditReply as _guru_vhsys_config_v1_ListAuditReply, ListAuditReply__Output as _guru_vhsys_config_v1_ListAuditReply__Output } from '../../../../guru/vhsys/config/v1/ListAuditReply';
import type { ListAuditRequest as _guru_vhsys_config_v1_ListAuditRequest, ListAuditRequest__Output as _guru_vhsys_config_v1_ListAuditRequest__Output } from '../../../../guru/vhsys/config/v1/ListAuditRequest';
import type { ListSituacoesReply as _guru_vhsys_config_v1_ListSituacoesReply, ListSituacoesReply__Output as _guru_vhsys_config_v1_ListSituacoesReply__Output } from '../../../../guru/vhsys/config/v1/ListSituacoesReply';
import type { ListVhsysProductsReply as _guru_vhsys_config_v1_ListVhsysProductsReply, ListVhsysProductsReply__Output as _guru_vhsys_config_v1_ListVhsysProductsReply__Output } from '../../../../guru/vhsys/config/v1/ListVhsysProductsReply';
import type { ListVhsysProductsRequest as _guru_vhsys_config_v1_ListVhsysProductsRequest, ListVhsysProductsRequest__Output as _guru_vhsys_config_v1_ListVhsysProductsRequest__Output } from '../../../../guru/vhsys/config/v1/ListVhsysProductsRequest';
import type { PutProductRequest as _guru_vhsys_config_v1_PutProductRequest, PutProductRequest__Output as _guru_vhsys_config_v1_PutProductRequest__Output } from '../../../../guru/vhsys/config/v1/PutProductRequest';
import type { RepublishReply as _guru_vhsys_config_v1_RepublishReply, RepublishReply__Output as _guru_vhsys_config_v1_RepublishReply__Output } from '../../../../guru/vhsys/config/v1/RepublishReply';
import type { RepublishRequest as _guru_vhsys_config_v1_RepublishRequest, RepublishRequest__Output as _guru_vhsys_config_v1_RepublishRequest__Output } from '../../../../guru/vhsys/config/v1/RepublishRequest';
import type { SettingsReply as _guru_vhsys_config_v1_SettingsReply, SettingsReply__Output as _guru_vhsys_config_v1_SettingsReply__Output } from '../../../../guru/vhsys/config/v1/SettingsReply';
import type { UpdateDetalheRequest as _guru_vhsys_config_v1_UpdateDetalheRequest, UpdateDetalheRequest__Output as _guru_vhsys_config_v1_UpdateDetalheRequest__Output } from '../../../../guru/vhsys/config/v1/UpdateDetalheRequest';
import type { UpdateGuruApiTokenRequest as _guru_vhsys_config_v1_UpdateGuruApiTokenRequest, UpdateGuruApiTokenRequest__Output as _guru_vhsys_config_v1_UpdateGuruApiTokenRequest__Output } from '../../../../guru/vhsys/config/v1/UpdateGuruApiTokenRequest';
import type { UpdateInvoicePolicyRequest as _guru_vhsys_config_v1_UpdateInvoicePolicyRequest, UpdateInvoicePolicyRequest__Output as _guru_vhsys_config_v1_UpdateInvoicePolicyRequest__Output } from '../../../../guru/vhsys/config/v1/UpdateInvoicePolicyRequest';
import type { UpdatePaymentMethodsRequest as _guru_vhsys_config_v1_UpdatePaymentMethodsRequest, UpdatePaymentMethodsRequest__Output as _guru_vhsys_config_v1_UpdatePaymentMethodsRequest__Output } from '../../../../guru/vhsys/config/v1/UpdatePaymentMethodsRequest';
import type { UpdateStatusMapRequest as _guru_vhsys_config_v1_UpdateStatusMapRequest, UpdateStatusMapRequest__Output as _guru_vhsys_config_v1_UpdateStatusMapRequest__Output } from '../../../../guru/vhsys/config/v1/UpdateStatusMapRequest';

export interface VhsysIntegrationAdminClient extends grpc.Client {
  /**
   * Removes it (NOT_FOUND when none is set). HTTP: DELETE …/guru-api.
   */
  DeleteGuruApiToken(argument: _guru_vhsys_config_v1_DeleteGuruApiTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  DeleteGuruApiToken(argument: _guru_vhsys_config_v1_DeleteGuruApiTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  DeleteGuruApiToken(argument: _guru_vhsys_config_v1_DeleteGuruApiTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  DeleteGuruApiToken(argument: _guru_vhsys_config_v1_DeleteGuruApiTokenRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Removes it (NOT_FOUND when none is set). HTTP: DELETE …/guru-api.
   */
  deleteGuruApiToken(argument: _guru_vhsys_config_v1_DeleteGuruApiTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  deleteGuruApiToken(argument: _guru_vhsys_config_v1_DeleteGuruApiTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  deleteGuruApiToken(argument: _guru_vhsys_config_v1_DeleteGuruApiTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  deleteGuruApiToken(argument: _guru_vhsys_config_v1_DeleteGuruApiTokenRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes the integration (tokens wiped); publishes a tombstone.
   */
  DeleteIntegration(argument: _guru_vhsys_config_v1_DeleteIntegrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_DeleteIntegrationReply__Output>): grpc.ClientUnaryCall;
  DeleteIntegration(argument: _guru_vhsys_config_v1_DeleteIntegrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_DeleteIntegrationReply__Output>): grpc.ClientUnaryCall;
  DeleteIntegration(argument: _guru_vhsys_config_v1_DeleteIntegrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_DeleteIntegrationReply__Output>): grpc.ClientUnaryCall;
  DeleteIntegration(argument: _guru_vhsys_config_v1_DeleteIntegrationRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_DeleteIntegrationReply__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes the integration (tokens wiped); publishes a tombstone.
   */
  deleteIntegration(argument: _guru_vhsys_config_v1_DeleteIntegrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_DeleteIntegrationReply__Output>): grpc.ClientUnaryCall;
  deleteIntegration(argument: _guru_vhsys_config_v1_DeleteIntegrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_DeleteIntegrationReply__Output>): grpc.ClientUnaryCall;
  deleteIntegration(argument: _guru_vhsys_config_v1_DeleteIntegrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_DeleteIntegrationReply__Output>): grpc.ClientUnaryCall;
  deleteIntegration(argument: _guru_vhsys_config_v1_DeleteIntegrationRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_DeleteIntegrationReply__Output>): grpc.ClientUnaryCall;
  
  DeleteProduct(argument: _guru_vhsys_config_v1_DeleteProductRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  DeleteProduct(argument: _guru_vhsys_config_v1_DeleteProductRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  DeleteProduct(argument: _guru_vhsys_config_v1_DeleteProductRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  DeleteProduct(argument: _guru_vhsys_config_v1_DeleteProductRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  deleteProduct(argument: _guru_vhsys_config_v1_DeleteProductRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  deleteProduct(argument: _guru_vhsys_config_v1_DeleteProductRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  deleteProduct(argument: _guru_vhsys_config_v1_DeleteProductRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  deleteProduct(argument: _guru_vhsys_config_v1_DeleteProductRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * The whole settings of one account (NOT_FOUND when the integration does not exist).
   */
  GetSettings(argument: _guru_vhsys_config_v1_AccountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_IntegrationSettings__Output>): grpc.ClientUnaryCall;
  GetSettings(argument: _guru_vhsys_config_v1_AccountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_IntegrationSettings__Output>): grpc.ClientUnaryCall;
  GetSettings(argument: _guru_vhsys_config_v1_AccountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_IntegrationSettings__Output>): grpc.ClientUnaryCall;
  GetSettings(argument: _guru_vhsys_config_v1_AccountRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_IntegrationSettings__Output>): grpc.ClientUnaryCall;
  /**
   * The whole settings of one account (NOT_FOUND when the integration does not exist).
   */
  getSettings(argument: _guru_vhsys_config_v1_AccountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_IntegrationSettings__Output>): grpc.ClientUnaryCall;
  getSettings(argument: _guru_vhsys_config_v1_AccountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_IntegrationSettings__Output>): grpc.ClientUnaryCall;
  getSettings(argument: _guru_vhsys_config_v1_AccountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_IntegrationSettings__Output>): grpc.ClientUnaryCall;
  getSettings(argument: _guru_vhsys_config_v1_AccountRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_IntegrationSettings__Output>): grpc.ClientUnaryCall;
  
  /**
   * Who changed what and when (newest first). Never contains token values.
   */
  ListAudit(argument: _guru_vhsys_config_v1_ListAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditReply__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _guru_vhsys_config_v1_ListAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditReply__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _guru_vhsys_config_v1_ListAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditReply__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _guru_vhsys_config_v1_ListAuditRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditReply__Output>): grpc.ClientUnaryCall;
  /**
   * Who changed what and when (newest first). Never contains token values.
   */
  listAudit(argument: _guru_vhsys_config_v1_ListAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditReply__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _guru_vhsys_config_v1_ListAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditReply__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _guru_vhsys_config_v1_ListAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditReply__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _guru_vhsys_config_v1_ListAuditRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * The account's custom situações de pedido, read from Vhsys with the stored tokens.
   */
  ListSituacoes(argument: _guru_vhsys_config_v1_AccountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSituacoesReply__Output>): grpc.ClientUnaryCall;
  ListSituacoes(argument: _guru_vhsys_config_v1_AccountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSituacoesReply__Output>): grpc.ClientUnaryCall;
  ListSituacoes(argument: _guru_vhsys_config_v1_AccountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSituacoesReply__Output>): grpc.ClientUnaryCall;
  ListSituacoes(argument: _guru_vhsys_config_v1_AccountRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSituacoesReply__Output>): grpc.ClientUnaryCall;
  /**
   * The account's custom situações de pedido, read from Vhsys with the stored tokens.
   */
  listSituacoes(argument: _guru_vhsys_config_v1_AccountRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSituacoesReply__Output>): grpc.ClientUnaryCall;
  listSituacoes(argument: _guru_vhsys_config_v1_AccountRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSituacoesReply__Output>): grpc.ClientUnaryCall;
  listSituacoes(argument: _guru_vhsys_config_v1_AccountRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSituacoesReply__Output>): grpc.ClientUnaryCall;
  listSituacoes(argument: _guru_vhsys_config_v1_AccountRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSituacoesReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * One page of the account's Vhsys products, read from Vhsys with the stored tokens (the
   * Faturamento tab's picker). HTTP: GET /v1/accounts/{accountId}/vhsys-integration/vhsys-products.
   */
  ListVhsysProducts(argument: _guru_vhsys_config_v1_ListVhsysProductsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListVhsysProductsReply__Output>): grpc.ClientUnaryCall;
  ListVhsysProducts(argument: _guru_vhsys_config_v1_ListVhsysProductsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListVhsysProductsReply__Output>): grpc.ClientUnaryCall;
  ListVhsysProducts(argument: _guru_vhsys_config_v1_ListVhsysProductsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListVhsysProductsReply__Output>): grpc.ClientUnaryCall;
  ListVhsysProducts(argument: _guru_vhsys_config_v1_ListVhsysProductsRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListVhsysProductsReply__Output>): grpc.ClientUnaryCall;
  /**
   * One page of the account's Vhsys products, read from Vhsys with the stored tokens (the
   * Faturamento tab's picker). HTTP: GET /v1/accounts/{accountId}/vhsys-integration/vhsys-products.
   */
  listVhsysProducts(argument: _guru_vhsys_config_v1_ListVhsysProductsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListVhsysProductsReply__Output>): grpc.ClientUnaryCall;
  listVhsysProducts(argument: _guru_vhsys_config_v1_ListVhsysProductsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListVhsysProductsReply__Output>): grpc.ClientUnaryCall;
  listVhsysProducts(argument: _guru_vhsys_config_v1_ListVhsysProductsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListVhsysProductsReply__Output>): grpc.ClientUnaryCall;
  listVhsysProducts(argument: _guru_vhsys_config_v1_ListVhsysProductsRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListVhsysProductsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Aba "Faturamento" of one Guru product (created or replaced).
   */
  PutProduct(argument: _guru_vhsys_config_v1_PutProductRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  PutProduct(argument: _guru_vhsys_config_v1_PutProductRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  PutProduct(argument: _guru_vhsys_config_v1_PutProductRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  PutProduct(argument: _guru_vhsys_config_v1_PutProductRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Aba "Faturamento" of one Guru product (created or replaced).
   */
  putProduct(argument: _guru_vhsys_config_v1_PutProductRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  putProduct(argument: _guru_vhsys_config_v1_PutProductRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  putProduct(argument: _guru_vhsys_config_v1_PutProductRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  putProduct(argument: _guru_vhsys_config_v1_PutProductRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Publishes the current snapshot of one account (or a deleted one's tombstone) again; with an
   * empty account_id, of every account (only tokens allowed on all accounts). Versions do not
   * change; each account gets an audit entry "republish". HTTP: POST /v1/admin/republish.
   */
  Republish(argument: _guru_vhsys_config_v1_RepublishRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_RepublishReply__Output>): grpc.ClientUnaryCall;
  Republish(argument: _guru_vhsys_config_v1_RepublishRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_RepublishReply__Output>): grpc.ClientUnaryCall;
  Republish(argument: _guru_vhsys_config_v1_RepublishRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_RepublishReply__Output>): grpc.ClientUnaryCall;
  Republish(argument: _guru_vhsys_config_v1_RepublishRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_RepublishReply__Output>): grpc.ClientUnaryCall;
  /**
   * Publishes the current snapshot of one account (or a deleted one's tombstone) again; with an
   * empty account_id, of every account (only tokens allowed on all accounts). Versions do not
   * change; each account gets an audit entry "republish". HTTP: POST /v1/admin/republish.
   */
  republish(argument: _guru_vhsys_config_v1_RepublishRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_RepublishReply__Output>): grpc.ClientUnaryCall;
  republish(argument: _guru_vhsys_config_v1_RepublishRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_RepublishReply__Output>): grpc.ClientUnaryCall;
  republish(argument: _guru_vhsys_config_v1_RepublishRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_RepublishReply__Output>): grpc.ClientUnaryCall;
  republish(argument: _guru_vhsys_config_v1_RepublishRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_RepublishReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Aba "Detalhe": tokens (write-only, optional: unchanged when absent) and the three switches.
   */
  UpdateDetalhe(argument: _guru_vhsys_config_v1_UpdateDetalheRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateDetalhe(argument: _guru_vhsys_config_v1_UpdateDetalheRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateDetalhe(argument: _guru_vhsys_config_v1_UpdateDetalheRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateDetalhe(argument: _guru_vhsys_config_v1_UpdateDetalheRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Aba "Detalhe": tokens (write-only, optional: unchanged when absent) and the three switches.
   */
  updateDetalhe(argument: _guru_vhsys_config_v1_UpdateDetalheRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateDetalhe(argument: _guru_vhsys_config_v1_UpdateDetalheRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateDetalhe(argument: _guru_vhsys_config_v1_UpdateDetalheRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateDetalhe(argument: _guru_vhsys_config_v1_UpdateDetalheRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * "API do Guru": the seller's Guru API user token (write-only), checked with Guru before it is
   * saved (INVALID_ARGUMENT guru_token_rejected naming user_token; UNAVAILABLE guru_unavailable).
   * HTTP: PUT /v1/accounts/{accountId}/vhsys-integration/guru-api.
   */
  UpdateGuruApiToken(argument: _guru_vhsys_config_v1_UpdateGuruApiTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateGuruApiToken(argument: _guru_vhsys_config_v1_UpdateGuruApiTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateGuruApiToken(argument: _guru_vhsys_config_v1_UpdateGuruApiTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateGuruApiToken(argument: _guru_vhsys_config_v1_UpdateGuruApiTokenRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  /**
   * "API do Guru": the seller's Guru API user token (write-only), checked with Guru before it is
   * saved (INVALID_ARGUMENT guru_token_rejected naming user_token; UNAVAILABLE guru_unavailable).
   * HTTP: PUT /v1/accounts/{accountId}/vhsys-integration/guru-api.
   */
  updateGuruApiToken(argument: _guru_vhsys_config_v1_UpdateGuruApiTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateGuruApiToken(argument: _guru_vhsys_config_v1_UpdateGuruApiTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateGuruApiToken(argument: _guru_vhsys_config_v1_UpdateGuruApiTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateGuruApiToken(argument: _guru_vhsys_config_v1_UpdateGuruApiTokenRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Account invoice policy (ambiente, when to issue, what to do on refund).
   */
  UpdateInvoicePolicy(argument: _guru_vhsys_config_v1_UpdateInvoicePolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateInvoicePolicy(argument: _guru_vhsys_config_v1_UpdateInvoicePolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateInvoicePolicy(argument: _guru_vhsys_config_v1_UpdateInvoicePolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateInvoicePolicy(argument: _guru_vhsys_config_v1_UpdateInvoicePolicyRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Account invoice policy (ambiente, when to issue, what to do on refund).
   */
  updateInvoicePolicy(argument: _guru_vhsys_config_v1_UpdateInvoicePolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateInvoicePolicy(argument: _guru_vhsys_config_v1_UpdateInvoicePolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateInvoicePolicy(argument: _guru_vhsys_config_v1_UpdateInvoicePolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateInvoicePolicy(argument: _guru_vhsys_config_v1_UpdateInvoicePolicyRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Aba "Formas de Pagamento".
   */
  UpdatePaymentMethods(argument: _guru_vhsys_config_v1_UpdatePaymentMethodsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdatePaymentMethods(argument: _guru_vhsys_config_v1_UpdatePaymentMethodsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdatePaymentMethods(argument: _guru_vhsys_config_v1_UpdatePaymentMethodsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdatePaymentMethods(argument: _guru_vhsys_config_v1_UpdatePaymentMethodsRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Aba "Formas de Pagamento".
   */
  updatePaymentMethods(argument: _guru_vhsys_config_v1_UpdatePaymentMethodsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updatePaymentMethods(argument: _guru_vhsys_config_v1_UpdatePaymentMethodsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updatePaymentMethods(argument: _guru_vhsys_config_v1_UpdatePaymentMethodsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updatePaymentMethods(argument: _guru_vhsys_config_v1_UpdatePaymentMethodsRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Aba "Status".
   */
  UpdateStatusMap(argument: _guru_vhsys_config_v1_UpdateStatusMapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateStatusMap(argument: _guru_vhsys_config_v1_UpdateStatusMapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateStatusMap(argument: _guru_vhsys_config_v1_UpdateStatusMapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  UpdateStatusMap(argument: _guru_vhsys_config_v1_UpdateStatusMapRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Aba "Status".
   */
  updateStatusMap(argument: _guru_vhsys_config_v1_UpdateStatusMapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateStatusMap(argument: _guru_vhsys_config_v1_UpdateStatusMapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateStatusMap(argument: _guru_vhsys_config_v1_UpdateStatusMapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  updateStatusMap(argument: _guru_vhsys_config_v1_UpdateStatusMapRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SettingsReply__Output>): grpc.ClientUnaryCall;
  
}

export interface VhsysIntegrationAdminHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Removes it (NOT_FOUND when none is set). HTTP: DELETE …/guru-api.
   */
  DeleteGuruApiToken: grpc.handleUnaryCall<_guru_vhsys_config_v1_DeleteGuruApiTokenRequest__Output, _guru_vhsys_config_v1_SettingsReply>;
  
  /**
   * Deletes the integration (tokens wiped); publishes a tombstone.
   */
  DeleteIntegration: grpc.handleUnaryCall<_guru_vhsys_config_v1_DeleteIntegrationRequest__Output, _guru_vhsys_config_v1_DeleteIntegrationReply>;
  
  DeleteProduct: grpc.handleUnaryCall<_guru_vhsys_config_v1_DeleteProductRequest__Output, _guru_vhsys_config_v1_SettingsReply>;
  
  /**
   * The whole settings of one account (NOT_FOUND when the integration does not exist).
   */
  GetSettings: grpc.handleUnaryCall<_guru_vhsys_config_v1_AccountRequest__Output, _guru_vhsys_config_v1_IntegrationSettings>;
  
  /**
   * Who changed what and when (newest first). Never contains token values.
   */
  ListAudit: grpc.handleUnaryCall<_guru_vhsys_config_v1_ListAuditRequest__Output, _guru_vhsys_config_v1_ListAuditReply>;
  
  /**
   * The account's custom situações de pedido, read from Vhsys with the stored tokens.
   */
  ListSituacoes: grpc.handleUnaryCall<_guru_vhsys_config_v1_AccountRequest__Output, _guru_vhsys_config_v1_ListSituacoesReply>;
  
  /**
   * One page of the account's Vhsys products, read from Vhsys with the stored tokens (the
   * Faturamento tab's picker). HTTP: GET /v1/accounts/{accountId}/vhsys-integration/vhsys-products.
   */
  ListVhsysProducts: grpc.handleUnaryCall<_guru_vhsys_config_v1_ListVhsysProductsRequest__Output, _guru_vhsys_config_v1_ListVhsysProductsReply>;
  
  /**
   * Aba "Faturamento" of one Guru product (created or replaced).
   */
  PutProduct: grpc.handleUnaryCall<_guru_vhsys_config_v1_PutProductRequest__Output, _guru_vhsys_config_v1_SettingsReply>;
  
  /**
   * Publishes the current snapshot of one account (or a deleted one's tombstone) again; with an
   * empty account_id, of every account (only tokens allowed on all accounts). Versions do not
   * change; each account gets an audit entry "republish". HTTP: POST /v1/admin/republish.
   */
  Republish: grpc.handleUnaryCall<_guru_vhsys_config_v1_RepublishRequest__Output, _guru_vhsys_config_v1_RepublishReply>;
  
  /**
   * Aba "Detalhe": tokens (write-only, optional: unchanged when absent) and the three switches.
   */
  UpdateDetalhe: grpc.handleUnaryCall<_guru_vhsys_config_v1_UpdateDetalheRequest__Output, _guru_vhsys_config_v1_SettingsReply>;
  
  /**
   * "API do Guru": the seller's Guru API user token (write-only), checked with Guru before it is
   * saved (INVALID_ARGUMENT guru_token_rejected naming user_token; UNAVAILABLE guru_unavailable).
   * HTTP: PUT /v1/accounts/{accountId}/vhsys-integration/guru-api.
   */
  UpdateGuruApiToken: grpc.handleUnaryCall<_guru_vhsys_config_v1_UpdateGuruApiTokenRequest__Output, _guru_vhsys_config_v1_SettingsReply>;
  
  /**
   * Account invoice policy (ambiente, when to issue, what to do on refund).
   */
  UpdateInvoicePolicy: grpc.handleUnaryCall<_guru_vhsys_config_v1_UpdateInvoicePolicyRequest__Output, _guru_vhsys_config_v1_SettingsReply>;
  
  /**
   * Aba "Formas de Pagamento".
   */
  UpdatePaymentMethods: grpc.handleUnaryCall<_guru_vhsys_config_v1_UpdatePaymentMethodsRequest__Output, _guru_vhsys_config_v1_SettingsReply>;
  
  /**
   * Aba "Status".
   */
  UpdateStatusMap: grpc.handleUnaryCall<_guru_vhsys_config_v1_UpdateStatusMapRequest__Output, _guru_vhsys_config_v1_SettingsReply>;
  
}

export interface VhsysIntegrationAdminDefinition extends grpc.ServiceDefinition {
  DeleteGuruApiToken: MethodDefinition<_guru_vhsys_config_v1_DeleteGuruApiTokenRequest, _guru_vhsys_config_v1_SettingsReply, _guru_vhsys_config_v1_DeleteGuruApiTokenRequest__Output, _guru_vhsys_config_v1_SettingsReply__Output>
  DeleteIntegration: MethodDefinition<_guru_vhsys_config_v1_DeleteIntegrationRequest, _guru_vhsys_config_v1_DeleteIntegrationReply, _guru_vhsys_config_v1_DeleteIntegrationRequest__Output, _guru_vhsys_config_v1_DeleteIntegrationReply__Output>
  DeleteProduct: MethodDefinition<_guru_vhsys_config_v1_DeleteProductRequest, _guru_vhsys_config_v1_SettingsReply, _guru_vhsys_config_v1_DeleteProductRequest__Output, _guru_vhsys_config_v1_SettingsReply__Output>
  GetSettings: MethodDefinition<_guru_vhsys_config_v1_AccountRequest, _guru_vhsys_config_v1_IntegrationSettings, _guru_vhsys_config_v1_AccountRequest__Output, _guru_vhsys_config_v1_IntegrationSettings__Output>
  ListAudit: MethodDefinition<_guru_vhsys_config_v1_ListAuditRequest, _guru_vhsys_config_v1_ListAuditReply, _guru_vhsys_config_v1_ListAuditRequest__Output, _guru_vhsys_config_v1_ListAuditReply__Output>
  ListSituacoes: MethodDefinition<_guru_vhsys_config_v1_AccountRequest, _guru_vhsys_config_v1_ListSituacoesReply, _guru_vhsys_config_v1_AccountRequest__Output, _guru_vhsys_config_v1_ListSituacoesReply__Output>
  ListVhsysProducts: MethodDefinition<_guru_vhsys_config_v1_ListVhsysProductsRequest, _guru_vhsys_config_v1_ListVhsysProductsReply, _guru_vhsys_config_v1_ListVhsysProductsRequest__Output, _guru_vhsys_config_v1_ListVhsysProductsReply__Output>
  PutProduct: MethodDefinition<_guru_vhsys_config_v1_PutProductRequest, _guru_vhsys_config_v1_SettingsReply, _guru_vhsys_config_v1_PutProductRequest__Output, _guru_vhsys_config_v1_SettingsReply__Output>
  Republish: MethodDefinition<_guru_vhsys_config_v1_RepublishRequest, _guru_vhsys_config_v1_RepublishReply, _guru_vhsys_config_v1_RepublishRequest__Output, _guru_vhsys_config_v1_RepublishReply__Output>
  UpdateDetalhe: MethodDefinition<_guru_vhsys_config_v1_UpdateDetalheRequest, _guru_vhsys_config_v1_SettingsReply, _guru_vhsys_config_v1_UpdateDetalheRequest__Output, _guru_vhsys_config_v1_SettingsReply__Output>
  UpdateGuruApiToken: MethodDefinition<_guru_vhsys_config_v1_UpdateGuruApiTokenRequest, _guru_vhsys_config_v1_SettingsReply, _guru_vhsys_config_v1_UpdateGuruApiTokenRequest__Output, _guru_vhsys_config_v1_SettingsReply__Output>
  UpdateInvoicePolicy: MethodDefinition<_guru_vhsys_config_v1_UpdateInvoicePolicyRequest, _guru_vhsys_config_v1_SettingsReply, _guru_vhsys_config_v1_UpdateInvoicePolicyRequest__Output, _guru_vhsys_config_v1_SettingsReply__Output>
  UpdatePaymentMethods: MethodDefinition<_guru_vhsys_config_v1_UpdatePaymentMethodsRequest, _guru_vhsys_config_v1_SettingsReply, _guru_vhsys_config_v1_UpdatePaymentMethodsRequest__Output, _guru_vhsys_config_v1_SettingsReply__Output>
  UpdateStatusMap: MethodDefinition<_guru_vhsys_config_v1_UpdateStatusMapRequest, _guru_vhsys_config_v1_SettingsReply, _guru_vhsys_config_v1_UpdateStatusMapRequest__Output, _guru_vhsys_config_v1_SettingsReply__Output>
}
