import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import type { GrpcImportPreview, GrpcImportProgress, GrpcImportRef, GrpcImportRequest, GrpcStartImportReply } from '@gv/contracts';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import { ImportsService, ImportView } from '../imports/imports-service';
import type { Caller } from '../settings/settings-service';

/** Service name of @GrpcMethod, relative to the proto package (CONFIG_SALES_IMPORT_SERVICE fully qualified). */
const IMPORTS = 'SalesImport';

/** The HTTP body of a request: empty repeated fields (proto3 cannot tell them from absent) are left out. */
function bodyOf(r: GrpcImportRequest): Record<string, unknown> {
  return {
    from: r.from,
    to: r.to,
    ...(r.productIds.length > 0 ? { productIds: r.productIds } : {}),
    ...(r.statuses.length > 0 ? { statuses: r.statuses } : {}),
  };
}

function progressMessage(v: ImportView): GrpcImportProgress {
  return {
    importId: v.importId, accountId: v.accountId, status: v.status, from: v.from, to: v.to,
    productIds: v.productIds ?? [], statuses: v.statuses ?? [],
    done: v.done,
    ...(v.total === null ? {} : { total: v.total }),
    produced: v.produced, skipped: v.skipped, errors: v.errors, lastError: v.lastError ?? '',
    ...(v.ratePerSecond === null ? {} : { ratePerSecond: v.ratePerSecond }),
    ...(v.etaSeconds === null ? {} : { etaSeconds: v.etaSeconds }),
    windowIndex: v.window.index, windowCount: v.window.count,
    requestedBy: v.requestedBy, createdAt: v.createdAt, startedAt: v.startedAt ?? '', finishedAt: v.finishedAt ?? '',
  };
}

/** Imports of past sales over gRPC: the same operations, validation and tenant rule as HTTP. */
@Controller()
@ServiceTokenAuth({ tokens: 'admin', tenant: true })
export class ImportsGrpcController {
  constructor(@Inject(ImportsService) private readonly imports: ImportsService) {}

  @GrpcMethod(IMPORTS, 'PreviewImport')
  async previewImport(@Payload() r: GrpcImportRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcImportPreview> {
    return this.imports.preview(caller, r.accountId, bodyOf(r));
  }

  @GrpcMethod(IMPORTS, 'StartImport')
  startImport(@Payload() r: GrpcImportRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcStartImportReply> {
    return this.imports.start(caller, r.accountId, bodyOf(r));
  }

  @GrpcMethod(IMPORTS, 'GetImport')
  async getImport(@Payload() r: GrpcImportRef, @AuthorizedCaller() caller: Caller): Promise<GrpcImportProgress> {
    return progressMessage(await this.imports.get(caller, r.accountId, r.importId));
  }

  @GrpcMethod(IMPORTS, 'CancelImport')
  async cancelImport(@Payload() r: GrpcImportRef, @AuthorizedCaller() caller: Caller): Promise<GrpcImportProgress> {
    return progressMessage(await this.imports.cancel(caller, r.accountId, r.importId));
  }
}
