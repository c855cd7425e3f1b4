import * as grpc from '@grpc/grpc-js';
import {
  CONFIG_SERVICE_PACKAGE, encodeStatusDetails, GRPC_ERROR_TRAILERS, GrpcInvoicePolicy, GrpcPaymentMethods,
  GrpcProductBilling, GrpcStatusMap, loadConfigServiceProto, VhsysCredentialsMessage,
} from '@gv/contracts';
import { errorFields, Logger } from '@gv/telemetry';
import { mayAccess, Principal, ServiceTokens } from '../security/service-tokens';
import { forbidden, ServiceError, ServiceErrorCode } from '../settings/errors';
import { Caller, SettingsService, WriteResult } from '../settings/settings-service';
import {
  auditMessage, invoicePolicyBody, paymentMethodsBody, preconditionOfGrpc, productBody, required, settingsMessage, statusMapBody,
} from './grpc-mapping';

const GRPC_STATUS: Record<ServiceErrorCode, grpc.status> = {
  invalid_request: grpc.status.INVALID_ARGUMENT,
  validation_failed: grpc.status.INVALID_ARGUMENT,
  vhsys_credentials_rejected: grpc.status.INVALID_ARGUMENT,
  vhsys_product_not_found: grpc.status.INVALID_ARGUMENT,
  unauthenticated: grpc.status.UNAUTHENTICATED,
  forbidden: grpc.status.PERMISSION_DENIED,
  not_found: grpc.status.NOT_FOUND,
  credentials_not_set: grpc.status.FAILED_PRECONDITION,
  version_conflict: grpc.status.ABORTED,
  precondition_required: grpc.status.FAILED_PRECONDITION,
  vhsys_unavailable: grpc.status.UNAVAILABLE,
  internal: grpc.status.INTERNAL,
};

/** Metadata values must be printable ASCII: JSON with every other character \u-escaped. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface ConfigGrpcServerOptions {
  settings: SettingsService;
  adminTokens: ServiceTokens;
  internalTokens: ServiceTokens;
  logger: Logger;
  host: string;
  port: number;
}

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>;

/**
 * The admin service (same operations as HTTP) and the internal credentials service, on one
 * @grpc/grpc-js server. Each service authenticates its own token list.
 */
export class ConfigGrpcServer {
  private server: grpc.Server | null = null;
  port = 0;

  constructor(private readonly options: ConfigGrpcServerOptions) {}

  async start(): Promise<number> {
    const proto = loadConfigServiceProto();
    const server = new grpc.Server();
    const s = this.options.settings;
    const written = (r: WriteResult) => ({ message: r.message, settings: settingsMessage(r.settings) });

    server.addService(proto.VhsysIntegrationAdmin.service, {
      GetSettings: this.unary<{ accountId: string }, unknown>(async (call) => settingsMessage(await s.get(this.admin(call), call.request.accountId))),
      UpdateDetalhe: this.unary<DetalheRequest, unknown>(async (call) => {
        const r = call.request;
        const body: Record<string, unknown> = { criarVendaComJuros: r.criarVendaComJuros, enviarParcelas: r.enviarParcelas, ativo: r.ativo };
        if (r.accessToken !== undefined) body.accessToken = r.accessToken;
        if (r.secretAccessToken !== undefined) body.secretAccessToken = r.secretAccessToken;
        return written(await s.updateDetalhe(this.admin(call), r.accountId, preconditionOfGrpc(r.expectedVersion), body, 'put'));
      }),
      UpdatePaymentMethods: this.unary<WithVersion & { paymentMethods: GrpcPaymentMethods | null }, unknown>(async (call) => {
        const r = call.request;
        const caller = this.admin(call);
        return written(await s.updatePaymentMethods(caller, r.accountId, preconditionOfGrpc(r.expectedVersion), paymentMethodsBody(required(r.paymentMethods, 'paymentMethods')), 'put'));
      }),
      UpdateStatusMap: this.unary<WithVersion & { statusMap: GrpcStatusMap | null }, unknown>(async (call) => {
        const r = call.request;
        const caller = this.admin(call);
        return written(await s.updateStatusMap(caller, r.accountId, preconditionOfGrpc(r.expectedVersion), statusMapBody(required(r.statusMap, 'statusMap')), 'put'));
      }),
      UpdateInvoicePolicy: this.unary<WithVersion & { invoicePolicy: GrpcInvoicePolicy | null }, unknown>(async (call) => {
        const r = call.request;
        const caller = this.admin(call);
        return written(await s.updateInvoicePolicy(caller, r.accountId, preconditionOfGrpc(r.expectedVersion), invoicePolicyBody(required(r.invoicePolicy, 'invoicePolicy')), 'put'));
      }),
      PutProduct: this.unary<WithVersion & { product: GrpcProductBilling | null }, unknown>(async (call) => {
        const r = call.request;
        const caller = this.admin(call);
        const product = required(r.product, 'product');
        return written(await s.putProduct(caller, r.accountId, product.guruProductCode, preconditionOfGrpc(r.expectedVersion), productBody(product)));
      }),
      DeleteProduct: this.unary<WithVersion & { guruProductCode: string }, unknown>(async (call) => {
        const r = call.request;
        return written(await s.deleteProduct(this.admin(call), r.accountId, r.guruProductCode, preconditionOfGrpc(r.expectedVersion)));
      }),
      DeleteIntegration: this.unary<WithVersion, unknown>(async (call) => {
        const r = call.request;
        return s.deleteIntegration(this.admin(call), r.accountId, preconditionOfGrpc(r.expectedVersion));
      }),
      ListSituacoes: this.unary<{ accountId: string }, unknown>(async (call) => ({
        situacoes: await s.listSituacoes(this.admin(call), call.request.accountId),
      })),
      ListAudit: this.unary<{ accountId: string; limit: number; beforeId: number }, unknown>(async (call) => {
        const r = call.request;
        const entries = await s.listAudit(this.admin(call), r.accountId, { limit: r.limit === 0 ? undefined : r.limit, beforeId: r.beforeId ? String(r.beforeId) : null });
        return { entries: entries.map(auditMessage) };
      }),
      Republish: this.unary<{ accountId: string }, unknown>(async (call) => {
        const principal = this.authenticate(call, this.options.adminTokens, 'send authorization: Bearer <admin service token>');
        const accountId = call.request.accountId;
        return s.republish({ principal, via: 'grpc' }, accountId ? { accountId } : {});
      }),
    });

    server.addService(proto.VhsysCredentials.service, {
      GetCredentials: this.unary<{ accountId: string }, VhsysCredentialsMessage>(async (call) => {
        const principal = this.authenticate(call, this.options.internalTokens, 'send authorization: Bearer <internal service token>');
        const { tokens, state } = await s.getCredentials(principal.name, call.request.accountId);
        return {
          accountId: state.accountId,
          accessToken: tokens.accessToken,
          secretAccessToken: tokens.secretAccessToken,
          credentialsVersion: state.credentialsVersion,
          active: state.active,
          setAt: state.credentials!.setAt.toISOString(),
        };
      }),
    });

    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${this.options.host}:${this.options.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    this.server = server;
    this.port = port;
    this.options.logger.info({ port, services: [`${CONFIG_SERVICE_PACKAGE}.VhsysIntegrationAdmin`, `${CONFIG_SERVICE_PACKAGE}.VhsysCredentials`] }, 'gRPC listening');
    return port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 5000);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private admin(call: grpc.ServerUnaryCall<{ accountId: string }, unknown>): Caller {
    const principal = this.authenticate(call, this.options.adminTokens, 'send authorization: Bearer <admin service token>');
    if (!mayAccess(principal, call.request.accountId)) throw forbidden();
    return { principal, via: 'grpc' };
  }

  private authenticate(call: grpc.ServerUnaryCall<unknown, unknown>, tokens: ServiceTokens, hint: string): Principal {
    const value = call.metadata.get('authorization')[0];
    const principal = tokens.authenticate(typeof value === 'string' ? value : null);
    if (!principal) throw new ServiceError('unauthenticated', hint);
    return principal;
  }

  private unary<Req, Res>(handler: Unary<Req, Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      handler(call).then(
        (response) => callback(null, response),
        (error: unknown) => callback(this.toStatus(error)),
      );
    };
  }

  private toStatus(error: unknown): Partial<grpc.StatusObject> {
    const metadata = new grpc.Metadata();
    if (error instanceof ServiceError) {
      const code = GRPC_STATUS[error.code];
      metadata.set(GRPC_ERROR_TRAILERS.code, error.code);
      metadata.set(GRPC_ERROR_TRAILERS.details, asciiJson(error.details));
      if (error.extra.currentVersion !== undefined) metadata.set(GRPC_ERROR_TRAILERS.currentVersion, String(error.extra.currentVersion));
      metadata.set(GRPC_ERROR_TRAILERS.statusDetails, encodeStatusDetails(code, error.message, error.details));
      return { code, details: error.message, metadata };
    }
    this.options.logger.error({ ...errorFields(error) }, 'gRPC call failed');
    metadata.set(GRPC_ERROR_TRAILERS.code, 'internal');
    return { code: grpc.status.INTERNAL, details: 'internal error; see the service log', metadata };
  }
}

interface WithVersion {
  accountId: string;
  expectedVersion?: number;
}

interface DetalheRequest extends WithVersion {
  accessToken?: string;
  secretAccessToken?: string;
  criarVendaComJuros: boolean;
  enviarParcelas: boolean;
  ativo: boolean;
}
