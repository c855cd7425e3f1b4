import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AccountRequest as _guru_vhsys_config_v1_AccountRequest, AccountRequest__Output as _guru_vhsys_config_v1_AccountRequest__Output } from './guru/vhsys/config/v1/AccountRequest';
import type { AuditCounts as _guru_vhsys_config_v1_AuditCounts, AuditCounts__Output as _guru_vhsys_config_v1_AuditCounts__Output } from './guru/vhsys/config/v1/AuditCounts';
import type { AuditDetail as _guru_vhsys_config_v1_AuditDetail, AuditDetail__Output as _guru_vhsys_config_v1_AuditDetail__Output } from './guru/vhsys/config/v1/AuditDetail';
import type { AuditEntry as _guru_vhsys_config_v1_AuditEntry, AuditEntry__Output as _guru_vhsys_config_v1_AuditEntry__Output } from './guru/vhsys/config/v1/AuditEntry';
import type { AuditFindingReply as _guru_vhsys_config_v1_AuditFindingReply, AuditFindingReply__Output as _guru_vhsys_config_v1_AuditFindingReply__Output } from './guru/vhsys/config/v1/AuditFindingReply';
import type { AuditFindingRequest as _guru_vhsys_config_v1_AuditFindingRequest, AuditFindingRequest__Output as _guru_vhsys_config_v1_AuditFindingRequest__Output } from './guru/vhsys/config/v1/AuditFindingRequest';
import type { AuditFindingView as _guru_vhsys_config_v1_AuditFindingView, AuditFindingView__Output as _guru_vhsys_config_v1_AuditFindingView__Output } from './guru/vhsys/config/v1/AuditFindingView';
import type { AuditSummary as _guru_vhsys_config_v1_AuditSummary, AuditSummary__Output as _guru_vhsys_config_v1_AuditSummary__Output } from './guru/vhsys/config/v1/AuditSummary';
import type { Credentials as _guru_vhsys_config_v1_Credentials, Credentials__Output as _guru_vhsys_config_v1_Credentials__Output } from './guru/vhsys/config/v1/Credentials';
import type { DeleteGuruApiTokenRequest as _guru_vhsys_config_v1_DeleteGuruApiTokenRequest, DeleteGuruApiTokenRequest__Output as _guru_vhsys_config_v1_DeleteGuruApiTokenRequest__Output } from './guru/vhsys/config/v1/DeleteGuruApiTokenRequest';
import type { DeleteIntegrationReply as _guru_vhsys_config_v1_DeleteIntegrationReply, DeleteIntegrationReply__Output as _guru_vhsys_config_v1_DeleteIntegrationReply__Output } from './guru/vhsys/config/v1/DeleteIntegrationReply';
import type { DeleteIntegrationRequest as _guru_vhsys_config_v1_DeleteIntegrationRequest, DeleteIntegrationRequest__Output as _guru_vhsys_config_v1_DeleteIntegrationRequest__Output } from './guru/vhsys/config/v1/DeleteIntegrationRequest';
import type { DeleteProductRequest as _guru_vhsys_config_v1_DeleteProductRequest, DeleteProductRequest__Output as _guru_vhsys_config_v1_DeleteProductRequest__Output } from './guru/vhsys/config/v1/DeleteProductRequest';
import type { Detalhe as _guru_vhsys_config_v1_Detalhe, Detalhe__Output as _guru_vhsys_config_v1_Detalhe__Output } from './guru/vhsys/config/v1/Detalhe';
import type { FieldChange as _guru_vhsys_config_v1_FieldChange, FieldChange__Output as _guru_vhsys_config_v1_FieldChange__Output } from './guru/vhsys/config/v1/FieldChange';
import type { GetAuditRequest as _guru_vhsys_config_v1_GetAuditRequest, GetAuditRequest__Output as _guru_vhsys_config_v1_GetAuditRequest__Output } from './guru/vhsys/config/v1/GetAuditRequest';
import type { GetCredentialsRequest as _guru_vhsys_config_v1_GetCredentialsRequest, GetCredentialsRequest__Output as _guru_vhsys_config_v1_GetCredentialsRequest__Output } from './guru/vhsys/config/v1/GetCredentialsRequest';
import type { GetSaleRequest as _guru_vhsys_config_v1_GetSaleRequest, GetSaleRequest__Output as _guru_vhsys_config_v1_GetSaleRequest__Output } from './guru/vhsys/config/v1/GetSaleRequest';
import type { ImportPreview as _guru_vhsys_config_v1_ImportPreview, ImportPreview__Output as _guru_vhsys_config_v1_ImportPreview__Output } from './guru/vhsys/config/v1/ImportPreview';
import type { ImportProgress as _guru_vhsys_config_v1_ImportProgress, ImportProgress__Output as _guru_vhsys_config_v1_ImportProgress__Output } from './guru/vhsys/config/v1/ImportProgress';
import type { ImportRef as _guru_vhsys_config_v1_ImportRef, ImportRef__Output as _guru_vhsys_config_v1_ImportRef__Output } from './guru/vhsys/config/v1/ImportRef';
import type { ImportRequest as _guru_vhsys_config_v1_ImportRequest, ImportRequest__Output as _guru_vhsys_config_v1_ImportRequest__Output } from './guru/vhsys/config/v1/ImportRequest';
import type { IntegrationSettings as _guru_vhsys_config_v1_IntegrationSettings, IntegrationSettings__Output as _guru_vhsys_config_v1_IntegrationSettings__Output } from './guru/vhsys/config/v1/IntegrationSettings';
import type { InvoicePolicy as _guru_vhsys_config_v1_InvoicePolicy, InvoicePolicy__Output as _guru_vhsys_config_v1_InvoicePolicy__Output } from './guru/vhsys/config/v1/InvoicePolicy';
import type { ListAuditReply as _guru_vhsys_config_v1_ListAuditReply, ListAuditReply__Output as _guru_vhsys_config_v1_ListAuditReply__Output } from './guru/vhsys/config/v1/ListAuditReply';
import type { ListAuditRequest as _guru_vhsys_config_v1_ListAuditRequest, ListAuditRequest__Output as _guru_vhsys_config_v1_ListAuditRequest__Output } from './guru/vhsys/config/v1/ListAuditRequest';
import type { ListAuditsReply as _guru_vhsys_config_v1_ListAuditsReply, ListAuditsReply__Output as _guru_vhsys_config_v1_ListAuditsReply__Output } from './guru/vhsys/config/v1/ListAuditsReply';
import type { ListAuditsRequest as _guru_vhsys_config_v1_ListAuditsRequest, ListAuditsRequest__Output as _guru_vhsys_config_v1_ListAuditsRequest__Output } from './guru/vhsys/config/v1/ListAuditsRequest';
import type { ListSalesReply as _guru_vhsys_config_v1_ListSalesReply, ListSalesReply__Output as _guru_vhsys_config_v1_ListSalesReply__Output } from './guru/vhsys/config/v1/ListSalesReply';
import type { ListSalesRequest as _guru_vhsys_config_v1_ListSalesRequest, ListSalesRequest__Output as _guru_vhsys_config_v1_ListSalesRequest__Output } from './guru/vhsys/config/v1/ListSalesRequest';
import type { ListSituacoesReply as _guru_vhsys_config_v1_ListSituacoesReply, ListSituacoesReply__Output as _guru_vhsys_config_v1_ListSituacoesReply__Output } from './guru/vhsys/config/v1/ListSituacoesReply';
import type { ListVhsysProductsReply as _guru_vhsys_config_v1_ListVhsysProductsReply, ListVhsysProductsReply__Output as _guru_vhsys_config_v1_ListVhsysProductsReply__Output } from './guru/vhsys/config/v1/ListVhsysProductsReply';
import type { ListVhsysProductsRequest as _guru_vhsys_config_v1_ListVhsysProductsRequest, ListVhsysProductsRequest__Output as _guru_vhsys_config_v1_ListVhsysProductsRequest__Output } from './guru/vhsys/config/v1/ListVhsysProductsRequest';
import type { ManualCancellation as _guru_vhsys_config_v1_ManualCancellation, ManualCancellation__Output as _guru_vhsys_config_v1_ManualCancellation__Output } from './guru/vhsys/config/v1/ManualCancellation';
import type { NfeSettings as _guru_vhsys_config_v1_NfeSettings, NfeSettings__Output as _guru_vhsys_config_v1_NfeSettings__Output } from './guru/vhsys/config/v1/NfeSettings';
import type { NfseSettings as _guru_vhsys_config_v1_NfseSettings, NfseSettings__Output as _guru_vhsys_config_v1_NfseSettings__Output } from './guru/vhsys/config/v1/NfseSettings';
import type { PaymentMethods as _guru_vhsys_config_v1_PaymentMethods, PaymentMethods__Output as _guru_vhsys_config_v1_PaymentMethods__Output } from './guru/vhsys/config/v1/PaymentMethods';
import type { ProductBilling as _guru_vhsys_config_v1_ProductBilling, ProductBilling__Output as _guru_vhsys_config_v1_ProductBilling__Output } from './guru/vhsys/config/v1/ProductBilling';
import type { PutProductRequest as _guru_vhsys_config_v1_PutProductRequest, PutProductRequest__Output as _guru_vhsys_config_v1_PutProductRequest__Output } from './guru/vhsys/config/v1/PutProductRequest';
import type { ReprocessSaleReply as _guru_vhsys_config_v1_ReprocessSaleReply, ReprocessSaleReply__Output as _guru_vhsys_config_v1_ReprocessSaleReply__Output } from './guru/vhsys/config/v1/ReprocessSaleReply';
import type { ReprocessSaleRequest as _guru_vhsys_config_v1_ReprocessSaleRequest, ReprocessSaleRequest__Output as _guru_vhsys_config_v1_ReprocessSaleRequest__Output } from './guru/vhsys/config/v1/ReprocessSaleRequest';
import type { ReprocessSalesReply as _guru_vhsys_config_v1_ReprocessSalesReply, ReprocessSalesReply__Output as _guru_vhsys_config_v1_ReprocessSalesReply__Output } from './guru/vhsys/config/v1/ReprocessSalesReply';
import type { ReprocessSalesRequest as _guru_vhsys_config_v1_ReprocessSalesRequest, ReprocessSalesRequest__Output as _guru_vhsys_config_v1_ReprocessSalesRequest__Output } from './guru/vhsys/config/v1/ReprocessSalesRequest';
import type { RepublishReply as _guru_vhsys_config_v1_RepublishReply, RepublishReply__Output as _guru_vhsys_config_v1_RepublishReply__Output } from './guru/vhsys/config/v1/RepublishReply';
import type { RepublishRequest as _guru_vhsys_config_v1_RepublishRequest, RepublishRequest__Output as _guru_vhsys_config_v1_RepublishRequest__Output } from './guru/vhsys/config/v1/RepublishRequest';
import type { SaleDetail as _guru_vhsys_config_v1_SaleDetail, SaleDetail__Output as _guru_vhsys_config_v1_SaleDetail__Output } from './guru/vhsys/config/v1/SaleDetail';
import type { SaleNfe as _guru_vhsys_config_v1_SaleNfe, SaleNfe__Output as _guru_vhsys_config_v1_SaleNfe__Output } from './guru/vhsys/config/v1/SaleNfe';
import type { SaleNfse as _guru_vhsys_config_v1_SaleNfse, SaleNfse__Output as _guru_vhsys_config_v1_SaleNfse__Output } from './guru/vhsys/config/v1/SaleNfse';
import type { SaleSummary as _guru_vhsys_config_v1_SaleSummary, SaleSummary__Output as _guru_vhsys_config_v1_SaleSummary__Output } from './guru/vhsys/config/v1/SaleSummary';
import type { SaleVhsys as _guru_vhsys_config_v1_SaleVhsys, SaleVhsys__Output as _guru_vhsys_config_v1_SaleVhsys__Output } from './guru/vhsys/config/v1/SaleVhsys';
import type { SalesAuditClient as _guru_vhsys_config_v1_SalesAuditClient, SalesAuditDefinition as _guru_vhsys_config_v1_SalesAuditDefinition } from './guru/vhsys/config/v1/SalesAudit';
import type { SalesFilter as _guru_vhsys_config_v1_SalesFilter, SalesFilter__Output as _guru_vhsys_config_v1_SalesFilter__Output } from './guru/vhsys/config/v1/SalesFilter';
import type { SalesHistoryClient as _guru_vhsys_config_v1_SalesHistoryClient, SalesHistoryDefinition as _guru_vhsys_config_v1_SalesHistoryDefinition } from './guru/vhsys/config/v1/SalesHistory';
import type { SalesImportClient as _guru_vhsys_config_v1_SalesImportClient, SalesImportDefinition as _guru_vhsys_config_v1_SalesImportDefinition } from './guru/vhsys/config/v1/SalesImport';
import type { SettingsReply as _guru_vhsys_config_v1_SettingsReply, SettingsReply__Output as _guru_vhsys_config_v1_SettingsReply__Output } from './guru/vhsys/config/v1/SettingsReply';
import type { Situacao as _guru_vhsys_config_v1_Situacao, Situacao__Output as _guru_vhsys_config_v1_Situacao__Output } from './guru/vhsys/config/v1/Situacao';
import type { SkippedSale as _guru_vhsys_config_v1_SkippedSale, SkippedSale__Output as _guru_vhsys_config_v1_SkippedSale__Output } from './guru/vhsys/config/v1/SkippedSale';
import type { StartAuditReply as _guru_vhsys_config_v1_StartAuditReply, StartAuditReply__Output as _guru_vhsys_config_v1_StartAuditReply__Output } from './guru/vhsys/config/v1/StartAuditReply';
import type { StartAuditRequest as _guru_vhsys_config_v1_StartAuditRequest, StartAuditRequest__Output as _guru_vhsys_config_v1_StartAuditRequest__Output } from './guru/vhsys/config/v1/StartAuditRequest';
import type { StartImportReply as _guru_vhsys_config_v1_StartImportReply, StartImportReply__Output as _guru_vhsys_config_v1_StartImportReply__Output } from './guru/vhsys/config/v1/StartImportReply';
import type { StatusMap as _guru_vhsys_config_v1_StatusMap, StatusMap__Output as _guru_vhsys_config_v1_StatusMap__Output } from './guru/vhsys/config/v1/StatusMap';
import type { StatusTarget as _guru_vhsys_config_v1_StatusTarget, StatusTarget__Output as _guru_vhsys_config_v1_StatusTarget__Output } from './guru/vhsys/config/v1/StatusTarget';
import type { TimelineEntry as _guru_vhsys_config_v1_TimelineEntry, TimelineEntry__Output as _guru_vhsys_config_v1_TimelineEntry__Output } from './guru/vhsys/config/v1/TimelineEntry';
import type { TokenState as _guru_vhsys_config_v1_TokenState, TokenState__Output as _guru_vhsys_config_v1_TokenState__Output } from './guru/vhsys/config/v1/TokenState';
import type { UpdateDetalheRequest as _guru_vhsys_config_v1_UpdateDetalheRequest, UpdateDetalheRequest__Output as _guru_vhsys_config_v1_UpdateDetalheRequest__Output } from './guru/vhsys/config/v1/UpdateDetalheRequest';
import type { UpdateGuruApiTokenRequest as _guru_vhsys_config_v1_UpdateGuruApiTokenRequest, UpdateGuruApiTokenRequest__Output as _guru_vhsys_config_v1_UpdateGuruApiTokenRequest__Output } from './guru/vhsys/config/v1/UpdateGuruApiTokenRequest';
import type { UpdateInvoicePolicyRequest as _guru_vhsys_config_v1_UpdateInvoicePolicyRequest, UpdateInvoicePolicyRequest__Output as _guru_vhsys_config_v1_UpdateInvoicePolicyRequest__Output } from './guru/vhsys/config/v1/UpdateInvoicePolicyRequest';
import type { UpdatePaymentMethodsRequest as _guru_vhsys_config_v1_UpdatePaymentMethodsRequest, UpdatePaymentMethodsRequest__Output as _guru_vhsys_config_v1_UpdatePaymentMethodsRequest__Output } from './guru/vhsys/config/v1/UpdatePaymentMethodsRequest';
import type { UpdateStatusMapRequest as _guru_vhsys_config_v1_UpdateStatusMapRequest, UpdateStatusMapRequest__Output as _guru_vhsys_config_v1_UpdateStatusMapRequest__Output } from './guru/vhsys/config/v1/UpdateStatusMapRequest';
import type { VhsysCredentialsClient as _guru_vhsys_config_v1_VhsysCredentialsClient, VhsysCredentialsDefinition as _guru_vhsys_config_v1_VhsysCredentialsDefinition } from './guru/vhsys/config/v1/VhsysCredentials';
import type { VhsysIntegrationAdminClient as _guru_vhsys_config_v1_VhsysIntegrationAdminClient, VhsysIntegrationAdminDefinition as _guru_vhsys_config_v1_VhsysIntegrationAdminDefinition } from './guru/vhsys/config/v1/VhsysIntegrationAdmin';
import type { VhsysProduct as _guru_vhsys_config_v1_VhsysProduct, VhsysProduct__Output as _guru_vhsys_config_v1_VhsysProduct__Output } from './guru/vhsys/config/v1/VhsysProduct';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  guru: {
    vhsys: {
      config: {
        v1: {
          AccountRequest: MessageTypeDefinition<_guru_vhsys_config_v1_AccountRequest, _guru_vhsys_config_v1_AccountRequest__Output>
          AuditCounts: MessageTypeDefinition<_guru_vhsys_config_v1_AuditCounts, _guru_vhsys_config_v1_AuditCounts__Output>
          AuditDetail: MessageTypeDefinition<_guru_vhsys_config_v1_AuditDetail, _guru_vhsys_config_v1_AuditDetail__Output>
          AuditEntry: MessageTypeDefinition<_guru_vhsys_config_v1_AuditEntry, _guru_vhsys_config_v1_AuditEntry__Output>
          AuditFindingReply: MessageTypeDefinition<_guru_vhsys_config_v1_AuditFindingReply, _guru_vhsys_config_v1_AuditFindingReply__Output>
          AuditFindingRequest: MessageTypeDefinition<_guru_vhsys_config_v1_AuditFindingRequest, _guru_vhsys_config_v1_AuditFindingRequest__Output>
          AuditFindingView: MessageTypeDefinition<_guru_vhsys_config_v1_AuditFindingView, _guru_vhsys_config_v1_AuditFindingView__Output>
          AuditSummary: MessageTypeDefinition<_guru_vhsys_config_v1_AuditSummary, _guru_vhsys_config_v1_AuditSummary__Output>
          Credentials: MessageTypeDefinition<_guru_vhsys_config_v1_Credentials, _guru_vhsys_config_v1_Credentials__Output>
          DeleteGuruApiTokenRequest: MessageTypeDefinition<_guru_vhsys_config_v1_DeleteGuruApiTokenRequest, _guru_vhsys_config_v1_DeleteGuruApiTokenRequest__Output>
          DeleteIntegrationReply: MessageTypeDefinition<_guru_vhsys_config_v1_DeleteIntegrationReply, _guru_vhsys_config_v1_DeleteIntegrationReply__Output>
          DeleteIntegrationRequest: MessageTypeDefinition<_guru_vhsys_config_v1_DeleteIntegrationRequest, _guru_vhsys_config_v1_DeleteIntegrationRequest__Output>
          DeleteProductRequest: MessageTypeDefinition<_guru_vhsys_config_v1_DeleteProductRequest, _guru_vhsys_config_v1_DeleteProductRequest__Output>
          Detalhe: MessageTypeDefinition<_guru_vhsys_config_v1_Detalhe, _guru_vhsys_config_v1_Detalhe__Output>
          FieldChange: MessageTypeDefinition<_guru_vhsys_config_v1_FieldChange, _guru_vhsys_config_v1_FieldChange__Output>
          GetAuditRequest: MessageTypeDefinition<_guru_vhsys_config_v1_GetAuditRequest, _guru_vhsys_config_v1_GetAuditRequest__Output>
          GetCredentialsRequest: MessageTypeDefinition<_guru_vhsys_config_v1_GetCredentialsRequest, _guru_vhsys_config_v1_GetCredentialsRequest__Output>
          GetSaleRequest: MessageTypeDefinition<_guru_vhsys_config_v1_GetSaleRequest, _guru_vhsys_config_v1_GetSaleRequest__Output>
          ImportPreview: MessageTypeDefinition<_guru_vhsys_config_v1_ImportPreview, _guru_vhsys_config_v1_ImportPreview__Output>
          ImportProgress: MessageTypeDefinition<_guru_vhsys_config_v1_ImportProgress, _guru_vhsys_config_v1_ImportProgress__Output>
          ImportRef: MessageTypeDefinition<_guru_vhsys_config_v1_ImportRef, _guru_vhsys_config_v1_ImportRef__Output>
          ImportRequest: MessageTypeDefinition<_guru_vhsys_config_v1_ImportRequest, _guru_vhsys_config_v1_ImportRequest__Output>
          IntegrationSettings: MessageTypeDefinition<_guru_vhsys_config_v1_IntegrationSettings, _guru_vhsys_config_v1_IntegrationSettings__Output>
          InvoicePolicy: MessageTypeDefinition<_guru_vhsys_config_v1_InvoicePolicy, _guru_vhsys_config_v1_InvoicePolicy__Output>
          ListAuditReply: MessageTypeDefinition<_guru_vhsys_config_v1_ListAuditReply, _guru_vhsys_config_v1_ListAuditReply__Output>
          ListAuditRequest: MessageTypeDefinition<_guru_vhsys_config_v1_ListAuditRequest, _guru_vhsys_config_v1_ListAuditRequest__Output>
          ListAuditsReply: MessageTypeDefinition<_guru_vhsys_config_v1_ListAuditsReply, _guru_vhsys_config_v1_ListAuditsReply__Output>
          ListAuditsRequest: MessageTypeDefinition<_guru_vhsys_config_v1_ListAuditsRequest, _guru_vhsys_config_v1_ListAuditsRequest__Output>
          ListSalesReply: MessageTypeDefinition<_guru_vhsys_config_v1_ListSalesReply, _guru_vhsys_config_v1_ListSalesReply__Output>
          ListSalesRequest: MessageTypeDefinition<_guru_vhsys_config_v1_ListSalesRequest, _guru_vhsys_config_v1_ListSalesRequest__Output>
          ListSituacoesReply: MessageTypeDefinition<_guru_vhsys_config_v1_ListSituacoesReply, _guru_vhsys_config_v1_ListSituacoesReply__Output>
          ListVhsysProductsReply: MessageTypeDefinition<_guru_vhsys_config_v1_ListVhsysProductsReply, _guru_vhsys_config_v1_ListVhsysProductsReply__Output>
          ListVhsysProductsRequest: MessageTypeDefinition<_guru_vhsys_config_v1_ListVhsysProductsRequest, _guru_vhsys_config_v1_ListVhsysProductsRequest__Output>
          ManualCancellation: MessageTypeDefinition<_guru_vhsys_config_v1_ManualCancellation, _guru_vhsys_config_v1_ManualCancellation__Output>
          NfeSettings: MessageTypeDefinition<_guru_vhsys_config_v1_NfeSettings, _guru_vhsys_config_v1_NfeSettings__Output>
          NfseSettings: MessageTypeDefinition<_guru_vhsys_config_v1_NfseSettings, _guru_vhsys_config_v1_NfseSettings__Output>
          PaymentMethods: MessageTypeDefinition<_guru_vhsys_config_v1_PaymentMethods, _guru_vhsys_config_v1_PaymentMethods__Output>
          ProductBilling: MessageTypeDefinition<_guru_vhsys_config_v1_ProductBilling, _guru_vhsys_config_v1_ProductBilling__Output>
          PutProductRequest: MessageTypeDefinition<_guru_vhsys_config_v1_PutProductRequest, _guru_vhsys_config_v1_PutProductRequest__Output>
          ReprocessSaleReply: MessageTypeDefinition<_guru_vhsys_config_v1_ReprocessSaleReply, _guru_vhsys_config_v1_ReprocessSaleReply__Output>
          ReprocessSaleRequest: MessageTypeDefinition<_guru_vhsys_config_v1_ReprocessSaleRequest, _guru_vhsys_config_v1_ReprocessSaleRequest__Output>
          ReprocessSalesReply: MessageTypeDefinition<_guru_vhsys_config_v1_ReprocessSalesReply, _guru_vhsys_config_v1_ReprocessSalesReply__Output>
          ReprocessSalesRequest: MessageTypeDefinition<_guru_vhsys_config_v1_ReprocessSalesRequest, _guru_vhsys_config_v1_ReprocessSalesRequest__Output>
          RepublishReply: MessageTypeDefinition<_guru_vhsys_config_v1_RepublishReply, _guru_vhsys_config_v1_RepublishReply__Output>
          RepublishRequest: MessageTypeDefinition<_guru_vhsys_config_v1_RepublishRequest, _guru_vhsys_config_v1_RepublishRequest__Output>
          SaleDetail: MessageTypeDefinition<_guru_vhsys_config_v1_SaleDetail, _guru_vhsys_config_v1_SaleDetail__Output>
          SaleNfe: MessageTypeDefinition<_guru_vhsys_config_v1_SaleNfe, _guru_vhsys_config_v1_SaleNfe__Output>
          SaleNfse: MessageTypeDefinition<_guru_vhsys_config_v1_SaleNfse, _guru_vhsys_config_v1_SaleNfse__Output>
          SaleSummary: MessageTypeDefinition<_guru_vhsys_config_v1_SaleSummary, _guru_vhsys_config_v1_SaleSummary__Output>
          SaleVhsys: MessageTypeDefinition<_guru_vhsys_config_v1_SaleVhsys, _guru_vhsys_config_v1_SaleVhsys__Output>
          /**
           * The same operations, validation and tenant rule as HTTP /v1/accounts/{account_id}/audits.
           * The dispatcher runs the audit and acts on findings; these calls ask it (after commit, audited)
           * and read what it answered.
           */
          SalesAudit: SubtypeConstructor<typeof grpc.Client, _guru_vhsys_config_v1_SalesAuditClient> & { service: _guru_vhsys_config_v1_SalesAuditDefinition }
          SalesFilter: MessageTypeDefinition<_guru_vhsys_config_v1_SalesFilter, _guru_vhsys_config_v1_SalesFilter__Output>
          SalesHistory: SubtypeConstructor<typeof grpc.Client, _guru_vhsys_config_v1_SalesHistoryClient> & { service: _guru_vhsys_config_v1_SalesHistoryDefinition }
          /**
           * ---- Imports of past sales ("Importar vendas anteriores", admin tokens) ------------------------
           * docs/operations.md#importing-past-sales. Same validation, tenant rule and errors as HTTP.
           */
          SalesImport: SubtypeConstructor<typeof grpc.Client, _guru_vhsys_config_v1_SalesImportClient> & { service: _guru_vhsys_config_v1_SalesImportDefinition }
          SettingsReply: MessageTypeDefinition<_guru_vhsys_config_v1_SettingsReply, _guru_vhsys_config_v1_SettingsReply__Output>
          Situacao: MessageTypeDefinition<_guru_vhsys_config_v1_Situacao, _guru_vhsys_config_v1_Situacao__Output>
          SkippedSale: MessageTypeDefinition<_guru_vhsys_config_v1_SkippedSale, _guru_vhsys_config_v1_SkippedSale__Output>
          StartAuditReply: MessageTypeDefinition<_guru_vhsys_config_v1_StartAuditReply, _guru_vhsys_config_v1_StartAuditReply__Output>
          StartAuditRequest: MessageTypeDefinition<_guru_vhsys_config_v1_StartAuditRequest, _guru_vhsys_config_v1_StartAuditRequest__Output>
          StartImportReply: MessageTypeDefinition<_guru_vhsys_config_v1_StartImportReply, _guru_vhsys_config_v1_StartImportReply__Output>
          StatusMap: MessageTypeDefinition<_guru_vhsys_config_v1_StatusMap, _guru_vhsys_config_v1_StatusMap__Output>
          StatusTarget: MessageTypeDefinition<_guru_vhsys_config_v1_StatusTarget, _guru_vhsys_config_v1_StatusTarget__Output>
          TimelineEntry: MessageTypeDefinition<_guru_vhsys_config_v1_TimelineEntry, _guru_vhsys_config_v1_TimelineEntry__Output>
          TokenState: MessageTypeDefinition<_guru_vhsys_config_v1_TokenState, _guru_vhsys_config_v1_TokenState__Output>
          UpdateDetalheRequest: MessageTypeDefinition<_guru_vhsys_config_v1_UpdateDetalheRequest, _guru_vhsys_config_v1_UpdateDetalheRequest__Output>
          UpdateGuruApiTokenRequest: MessageTypeDefinition<_guru_vhsys_config_v1_UpdateGuruApiTokenRequest, _guru_vhsys_config_v1_UpdateGuruApiTokenRequest__Output>
          UpdateInvoicePolicyRequest: MessageTypeDefinition<_guru_vhsys_config_v1_UpdateInvoicePolicyRequest, _guru_vhsys_config_v1_UpdateInvoicePolicyRequest__Output>
          UpdatePaymentMethodsRequest: MessageTypeDefinition<_guru_vhsys_config_v1_UpdatePaymentMethodsRequest, _guru_vhsys_config_v1_UpdatePaymentMethodsRequest__Output>
          UpdateStatusMapRequest: MessageTypeDefinition<_guru_vhsys_config_v1_UpdateStatusMapRequest, _guru_vhsys_config_v1_UpdateStatusMapRequest__Output>
          VhsysCredentials: SubtypeConstructor<typeof grpc.Client, _guru_vhsys_config_v1_VhsysCredentialsClient> & { service: _guru_vhsys_config_v1_VhsysCredentialsDefinition }
          VhsysIntegrationAdmin: SubtypeConstructor<typeof grpc.Client, _guru_vhsys_config_v1_VhsysIntegrationAdminClient> & { service: _guru_vhsys_config_v1_VhsysIntegrationAdminDefinition }
          VhsysProduct: MessageTypeDefinition<_guru_vhsys_config_v1_VhsysProduct, _guru_vhsys_config_v1_VhsysProduct__Output>
        }
      }
    }
  }
}

