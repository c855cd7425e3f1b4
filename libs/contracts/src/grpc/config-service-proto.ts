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

export const CONFIG_SERVICE_PROTO_DIR = path.resolve(__dirname, '../../proto');
export const CONFIG_SERVICE_PROTO_PATH = path.join(CONFIG_SERVICE_PROTO_DIR, 'config_service.proto');
export const CONFIG_SERVICE_PACKAGE = 'guru.vhsys.config.v1';
/** Fully qualified service names (as in grpcurl: `<service>/<method>`). */
export const CONFIG_ADMIN_SERVICE = `${CONFIG_SERVICE_PACKAGE}.VhsysIntegrationAdmin`;
export const CONFIG_CREDENTIALS_SERVICE = `${CONFIG_SERVICE_PACKAGE}.VhsysCredentials`;

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

export interface ConfigServiceProto {
  /** Client constructor and `.service` definition of the admin service. */
  VhsysIntegrationAdmin: grpc.ServiceClientConstructor;
  /** Client constructor and `.service` definition of the internal credentials service. */
  VhsysCredentials: grpc.ServiceClientConstructor;
}

/** The two services, ready for `new proto.VhsysCredentials(address, credentials)` or `server.addService`. */
export function loadConfigServiceProto(): ConfigServiceProto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpcJs = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  const root = grpcJs.loadPackageDefinition(loadConfigServicePackageDefinition()) as unknown as {
    guru: { vhsys: { config: { v1: ConfigServiceProto } } };
  };
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

// ---- message shapes (as loaded with CONFIG_SERVICE_LOADER_OPTIONS) ----------------------------

export interface GrpcTokenState { set: boolean; last4: string; setAt: string }
export interface GrpcDetalhe {
  accessToken: GrpcTokenState;
  secretAccessToken: GrpcTokenState;
  credentialsVersion: number;
  criarVendaComJuros: boolean;
  enviarParcelas: boolean;
  ativo: boolean;
}
export interface GrpcPaymentMethods { billet: string; creditCard: string; paypal: string; pix: string }
export interface GrpcStatusTarget { status: string; situacaoId: number }
export interface GrpcStatusMap { approved: GrpcStatusTarget; canceled: GrpcStatusTarget; pending: GrpcStatusTarget; refunded: GrpcStatusTarget }
export interface GrpcInvoicePolicy { ambiente: string; issueWhen: string; onRefundAfterInvoice: string }
export interface GrpcNfeSettings { naturezaOperacao: string; cfop: string; serie: number }
export interface GrpcNfseSettings {
  serie: number;
  naturezaOperacao: number;
  codigoServico: string;
  aliquotaIss: string;
  regime: number;
  descricaoServico: string;
}
export interface GrpcProductBilling {
  guruProductCode: string;
  vhsysProductId: number;
  description: string;
  kind: string;
  issueInvoice: boolean;
  active: boolean;
  nfe: GrpcNfeSettings | null;
  nfse: GrpcNfseSettings | null;
}
export interface GrpcIntegrationSettings {
  accountId: string;
  version: number;
  detalhe: GrpcDetalhe;
  paymentMethods: GrpcPaymentMethods;
  statusMap: GrpcStatusMap;
  invoicePolicy: GrpcInvoicePolicy;
  products: GrpcProductBilling[];
  createdAt: string;
  updatedAt: string;
}
export interface GrpcSettingsReply { message: string; settings: GrpcIntegrationSettings }
export interface GrpcSituacao { id: number; name: string; status: string }
export interface GrpcFieldChange { path: string; from: string; to: string; secret: boolean }
export interface GrpcAuditEntry {
  id: number;
  at: string;
  actor: string;
  via: string;
  action: string;
  version: number;
  changes: GrpcFieldChange[];
  traceId: string;
}

/** GetCredentials answer: the only message that ever carries the Vhsys tokens. */
export interface VhsysCredentialsMessage {
  accountId: string;
  accessToken: string;
  secretAccessToken: string;
  credentialsVersion: number;
  active: boolean;
  setAt: string;
}
