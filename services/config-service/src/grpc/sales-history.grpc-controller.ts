import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import type {
  GrpcGetSaleRequest, GrpcListSalesReply, GrpcListSalesRequest, GrpcReprocessSaleReply, GrpcReprocessSaleRequest, GrpcReprocessSalesReply,
  GrpcReprocessSalesRequest, GrpcSaleDetail,
} from '@gv/contracts';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import type { Caller } from '../settings/settings-service';
import { SalesHistoryService } from '../sales-history/sales-history-service';
import { bulkReprocessMessage, saleDetailMessage, salesFilterOf, salesPageMessage } from './sales-grpc-mapping';

/** Service name of @GrpcMethod, relative to the proto package (CONFIG_SALES_HISTORY_SERVICE fully qualified). */
const SALES = 'SalesHistory';

/** The sales history over gRPC: the same operations, validation and tenant rule as HTTP. */
@Controller()
@ServiceTokenAuth({ tokens: 'admin', tenant: true })
export class SalesHistoryGrpcController {
  constructor(@Inject(SalesHistoryService) private readonly sales: SalesHistoryService) {}

  @GrpcMethod(SALES, 'ListSales')
  async listSales(@Payload() r: GrpcListSalesRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcListSalesReply> {
    return salesPageMessage(await this.sales.list(caller, r.accountId, { ...salesFilterOf(r.filter), limit: r.limit, cursor: r.cursor }));
  }

  @GrpcMethod(SALES, 'GetSale')
  async getSale(@Payload() r: GrpcGetSaleRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcSaleDetail> {
    return saleDetailMessage(await this.sales.get(caller, r.accountId, r.guruTransactionId));
  }

  @GrpcMethod(SALES, 'ReprocessSale')
  reprocessSale(@Payload() r: GrpcReprocessSaleRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcReprocessSaleReply> {
    return this.sales.reprocess(caller, r.accountId, r.guruTransactionId);
  }

  @GrpcMethod(SALES, 'ReprocessSales')
  async reprocessSales(@Payload() r: GrpcReprocessSalesRequest, @AuthorizedCaller() caller: Caller): Promise<GrpcReprocessSalesReply> {
    return bulkReprocessMessage(await this.sales.reprocessMany(caller, r.accountId, { ...salesFilterOf(r.filter), ...(r.max === 0 ? {} : { max: r.max }) }));
  }
}
