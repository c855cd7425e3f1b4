/**
 * The config-service gRPC definitions (libs/contracts/proto/config_service.proto), loaded the same
 * way by the server and every client (invoice-dispatcher, the admin backend, tests).
 *
 * `@grpc/grpc-js` and `@grpc/proto-loader` are required lazily, inside the functions: importing
 * this module has no side effects, so it is safe to re-export from the contracts index and cannot
 * load grpc-js before telemetry has started.
 */
import path from 'path';
import type * as grpc from '@grpc/grpc-js';
import type { Options, PackageDefinition } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/config_service';

export const CONFIG_SERVICE_PROTO_DIR = path.resolve(__dirname, '../../proto');
export const CONFIG_SERVICE_PROTO_PATH = path.join(CONFIG_SERVICE_PROTO_DIR, 'config_service.proto');
export const CONFIG_SERVICE_PACKAGE = 'guru.vhsys.config.v1';
/** Fully qualified service names (as in grpcurl: `<service>/<method>`). */
export const CONFIG_ADMIN_SERVICE = `${CONFIG_SERVICE_PACKAGE}.VhsysIntegrationAdmin`;
export const CONFIG_CREDENTIALS_SERVICE = `${CONFIG_SERVICE_PACKAGE}.VhsysCredentials`;
/** The sales history (admin tokens, served with VhsysIntegrationAdmin). */
export const CONFIG_SALES_HISTORY_SERVICE = `${CONFIG_SERVICE_PACKAGE}.SalesHistory`;
/** The audits against Vhsys (admin tokens, served with VhsysIntegrationAdmin). */
export const CONFIG_SALES_AUDIT_SERVICE = `${CONFIG_SERVICE_PACKAGE}.SalesAudit`;
/** Imports of past sales (admin tokens, served with VhsysIntegrationAdmin). */
export const CONFIG_SALES_IMPORT_SERVICE = `${CONFIG_SERVICE_PACKAGE}.SalesImport`;

/**
 * Loader options shared by server and clients: lowerCamelCase fields (as proto3 JSON and grpcurl
 * use), int64 as JS numbers, unset scalars as their defaults, unset messages as null, proto3
 * `optional` fields absent (undefined) unless set.
 */
export const CONFIG_SERVICE_LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  oneofs: true,
};

let cachedDefinition: PackageDefinition | null = null;

export function loadConfigServicePackageDefinition(): PackageDefinition {
  if (!cachedDefinition) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loader = require('@grpc/proto-loader') as typeof import('@grpc/proto-loader');
    cachedDefinition = loader.loadSync(CONFIG_SERVICE_PROTO_PATH, CONFIG_SERVICE_LOADER_OPTIONS);
  }
  return cachedDefinition;
}

/** The package's client constructors and `.service` definitions, typed by the generated code. */
export type ConfigServiceProto = Pick<ProtoGrpcType['guru']['vhsys']['config']['v1'], 'VhsysIntegrationAdmin' | 'VhsysCredentials' | 'SalesHistory' | 'SalesAudit' | 'SalesImport'>;

/** The services, ready for `new proto.VhsysCredentials(address, credentials)` or `server.addService`. */
export function loadConfigServiceProto(): ConfigServiceProto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpcJs = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  const root = grpcJs.loadPackageDefinition(loadConfigServicePackageDefinition()) as unknown as ProtoGrpcType;
  return root.guru.vhsys.config.v1;
}

/** Metadata carrying a bearer service token (`authorization: Bearer <token>`). */
export function bearerMetadata(token: string): grpc.Metadata {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpcJs = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  const metadata = new grpcJs.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

// ---- message shapes: generated from the proto (npm run generate:grpc-types) ---------------------
// As loaded with CONFIG_SERVICE_LOADER_OPTIONS (`__Output`: scalars always present, unset
// messages null, proto3 `optional` fields absent unless set).

export type { ProtoGrpcType as ConfigServiceProtoTypes } from './generated/config_service';
export type { VhsysIntegrationAdminHandlers } from './generated/guru/vhsys/config/v1/VhsysIntegrationAdmin';
export type { VhsysCredentialsHandlers } from './generated/guru/vhsys/config/v1/VhsysCredentials';
export type { AccountRequest__Output as GrpcAccountRequest } from './generated/guru/vhsys/config/v1/AccountRequest';
export type { TokenState__Output as GrpcTokenState } from './generated/guru/vhsys/config/v1/TokenState';
export type { Detalhe__Output as GrpcDetalhe } from './generated/guru/vhsys/config/v1/Detalhe';
export type { PaymentMethods__Output as GrpcPaymentMethods } from './generated/guru/vhsys/config/v1/PaymentMethods';
export type { StatusTarget__Output as GrpcStatusTarget } from './generated/guru/vhsys/config/v1/StatusTarget';
export type { StatusMap__Output as GrpcStatusMap } from './generated/guru/vhsys/config/v1/StatusMap';
export type { InvoicePolicy__Output as GrpcInvoicePolicy } from './generated/guru/vhsys/config/v1/InvoicePolicy';
export type { NfeSettings__Output as GrpcNfeSettings } from './generated/guru/vhsys/config/v1/NfeSettings';
export type { NfseSettings__Output as GrpcNfseSettings } from './generated/guru/vhsys/config/v1/NfseSettings';
export type { ProductBilling__Output as GrpcProductBilling } from './generated/guru/vhsys/config/v1/ProductBilling';
export type { IntegrationSettings__Output as GrpcIntegrationSettings } from './generated/guru/vhsys/config/v1/IntegrationSettings';
export type { SettingsReply__Output as GrpcSettingsReply } from './generated/guru/vhsys/config/v1/SettingsReply';
export type { Situacao__Output as GrpcSituacao } from './generated/guru/vhsys/config/v1/Situacao';
export type { FieldChange__Output as GrpcFieldChange } from './generated/guru/vhsys/config/v1/FieldChange';
export type { AuditEntry__Output as GrpcAuditEntry } from './generated/guru/vhsys/config/v1/AuditEntry';
export type { UpdateDetalheRequest__Output as GrpcUpdateDetalheRequest } from './generated/guru/vhsys/config/v1/UpdateDetalheRequest';
export type { UpdatePaymentMethodsRequest__Output as GrpcUpdatePaymentMethodsRequest } from './generated/guru/vhsys/config/v1/UpdatePaymentMethodsRequest';
export type { UpdateStatusMapRequest__Output as GrpcUpdateStatusMapRequest } from './generated/guru/vhsys/config/v1/UpdateStatusMapRequest';
export type { UpdateInvoicePolicyRequest__Output as GrpcUpdateInvoicePolicyRequest } from './generated/guru/vhsys/config/v1/UpdateInvoicePolicyRequest';
export type { PutProductRequest__Output as GrpcPutProductRequest } from './generated/guru/vhsys/config/v1/PutProductRequest';
export type { DeleteProductRequest__Output as GrpcDeleteProductRequest } from './generated/guru/vhsys/config/v1/DeleteProductRequest';
export type { UpdateGuruApiTokenRequest__Output as GrpcUpdateGuruApiTokenRequest } from './generated/guru/vhsys/config/v1/UpdateGuruApiTokenRequest';
export type { DeleteGuruApiTokenRequest__Output as GrpcDeleteGuruApiTokenRequest } from './generated/guru/vhsys/config/v1/DeleteGuruApiTokenRequest';
export type { DeleteIntegrationRequest__Output as GrpcDeleteIntegrationRequest } from './generated/guru/vhsys/config/v1/DeleteIntegrationRequest';
export type { DeleteIntegrationReply__Output as GrpcDeleteIntegrationReply } from './generated/guru/vhsys/config/v1/DeleteIntegrationReply';
export type { ListSituacoesReply__Output as GrpcListSituacoesReply } from './generated/guru/vhsys/config/v1/ListSituacoesReply';
export type { ListVhsysProductsRequest__Output as GrpcListVhsysProductsRequest } from './generated/guru/vhsys/config/v1/ListVhsysProductsRequest';
export type { ListVhsysProductsReply__Output as GrpcListVhsysProductsReply } from './generated/guru/vhsys/config/v1/ListVhsysProductsReply';
export type { ListAuditRequest__Output as GrpcListAuditRequest } from './generated/guru/vhsys/config/v1/ListAuditRequest';
export type { ListAuditReply__Output as GrpcListAuditReply } from './generated/guru/vhsys/config/v1/ListAuditReply';
export type { RepublishRequest__Output as GrpcRepublishRequest } from './generated/guru/vhsys/config/v1/RepublishRequest';
export type { RepublishReply__Output as GrpcRepublishReply } from './generated/guru/vhsys/config/v1/RepublishReply';
export type { GetCredentialsRequest__Output as GrpcGetCredentialsRequest } from './generated/guru/vhsys/config/v1/GetCredentialsRequest';
/** GetCredentials answer: the only message that ever carries the Vhsys tokens. */
export type { Credentials__Output as VhsysCredentialsMessage } from './generated/guru/vhsys/config/v1/Credentials';
export type { SalesHistoryHandlers } from './generated/guru/vhsys/config/v1/SalesHistory';
export type { SalesFilter__Output as GrpcSalesFilter } from './generated/guru/vhsys/config/v1/SalesFilter';
export type { ListSalesRequest__Output as GrpcListSalesRequest } from './generated/guru/vhsys/config/v1/ListSalesRequest';
export type { ListSalesReply__Output as GrpcListSalesReply } from './generated/guru/vhsys/config/v1/ListSalesReply';
export type { SaleSummary__Output as GrpcSaleSummary } from './generated/guru/vhsys/config/v1/SaleSummary';
export type { GetSaleRequest__Output as GrpcGetSaleRequest } from './generated/guru/vhsys/config/v1/GetSaleRequest';
export type { SaleDetail__Output as GrpcSaleDetail } from './generated/guru/vhsys/config/v1/SaleDetail';
export type { TimelineEntry__Output as GrpcTimelineEntry } from './generated/guru/vhsys/config/v1/TimelineEntry';
export type { ReprocessSaleRequest__Output as GrpcReprocessSaleRequest } from './generated/guru/vhsys/config/v1/ReprocessSaleRequest';
export type { ReprocessSaleReply__Output as GrpcReprocessSaleReply } from './generated/guru/vhsys/config/v1/ReprocessSaleReply';
export type { ReprocessSalesRequest__Output as GrpcReprocessSalesRequest } from './generated/guru/vhsys/config/v1/ReprocessSalesRequest';
export type { ReprocessSalesReply__Output as GrpcReprocessSalesReply } from './generated/guru/vhsys/config/v1/ReprocessSalesReply';
export type { SalesAuditHandlers } from './generated/guru/vhsys/config/v1/SalesAudit';
export type { StartAuditRequest__Output as GrpcStartAuditRequest } from './generated/guru/vhsys/config/v1/StartAuditRequest';
export type { StartAuditReply__Output as GrpcStartAuditReply } from './generated/guru/vhsys/config/v1/StartAuditReply';
export type { ListAuditsRequest__Output as GrpcListAuditsRequest } from './generated/guru/vhsys/config/v1/ListAuditsRequest';
export type { ListAuditsReply__Output as GrpcListAuditsReply } from './generated/guru/vhsys/config/v1/ListAuditsReply';
export type { AuditSummary__Output as GrpcAuditSummary } from './generated/guru/vhsys/config/v1/AuditSummary';
export type { GetAuditRequest__Output as GrpcGetAuditRequest } from './generated/guru/vhsys/config/v1/GetAuditRequest';
export type { AuditDetail__Output as GrpcAuditDetail } from './generated/guru/vhsys/config/v1/AuditDetail';
export type { AuditFindingView__Output as GrpcAuditFindingView } from './generated/guru/vhsys/config/v1/AuditFindingView';
export type { AuditFindingRequest__Output as GrpcAuditFindingRequest } from './generated/guru/vhsys/config/v1/AuditFindingRequest';
export type { AuditFindingReply__Output as GrpcAuditFindingReply } from './generated/guru/vhsys/config/v1/AuditFindingReply';
export type { SalesImportHandlers } from './generated/guru/vhsys/config/v1/SalesImport';
export type { ImportRequest__Output as GrpcImportRequest } from './generated/guru/vhsys/config/v1/ImportRequest';
export type { ImportPreview__Output as GrpcImportPreview } from './generated/guru/vhsys/config/v1/ImportPreview';
export type { StartImportReply__Output as GrpcStartImportReply } from './generated/guru/vhsys/config/v1/StartImportReply';
export type { ImportRef__Output as GrpcImportRef } from './generated/guru/vhsys/config/v1/ImportRef';
export type { ImportProgress__Output as GrpcImportProgress } from './generated/guru/vhsys/config/v1/ImportProgress';
