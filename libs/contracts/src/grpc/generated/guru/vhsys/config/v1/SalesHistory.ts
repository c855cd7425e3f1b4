// Original file: libs/contracts/proto/config_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetSaleRequest as _guru_vhsys_config_v1_GetSaleRequest, GetSaleRequest__Output as _guru_vhsys_config_v1_GetSaleRequest__Output } from '../../../../guru/vhsys/config/v1/GetSaleRequest';
import type { ListSalesReply as _guru_vhsys_config_v1_ListSalesReply, ListSalesReply__Output as _guru_vhsys_config_v1_ListSalesReply__Output } from '../../../../guru/vhsys/config/v1/ListSalesReply';
import type { ListSalesRequest as _guru_vhsys_config_v1_ListSalesRequest, ListSalesRequest__Output as _guru_vhsys_config_v1_ListSalesRequest__Output } from '../../../../guru/vhsys/config/v1/ListSalesRequest';
import type { ReprocessSaleReply as _guru_vhsys_config_v1_ReprocessSaleReply, ReprocessSaleReply__Output as _guru_vhsys_config_v1_ReprocessSaleReply__Output } from '../../../../guru/vhsys/config/v1/ReprocessSaleReply';
import type { ReprocessSaleRequest as _guru_vhsys_config_v1_ReprocessSaleRequest, ReprocessSaleRequest__Output as _guru_vhsys_config_v1_ReprocessSaleRequest__Output } from '../../../../guru/vhsys/config/v1/ReprocessSaleRequest';
import type { ReprocessSalesReply as _guru_vhsys_config_v1_ReprocessSalesReply, ReprocessSalesReply__Output as _guru_vhsys_config_v1_ReprocessSalesReply__Output } from '../../../../guru/vhsys/config/v1/ReprocessSalesReply';
import type { ReprocessSalesRequest as _guru_vhsys_config_v1_ReprocessSalesRequest, ReprocessSalesRequest__Output as _guru_vhsys_config_v1_ReprocessSalesRequest__Output } from '../../../../guru/vhsys/config/v1/ReprocessSalesRequest';
import type { SaleDetail as _guru_vhsys_config_v1_SaleDetail, SaleDetail__Output as _guru_vhsys_config_v1_SaleDetail__Output } from '../../../../guru/vhsys/config/v1/SaleDetail';

export interface SalesHistoryClient extends grpc.Client {
  /**
   * One sale with its timeline (NOT_FOUND when the history has no such sale).
   */
  GetSale(argument: _guru_vhsys_config_v1_GetSaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SaleDetail__Output>): grpc.ClientUnaryCall;
  GetSale(argument: _guru_vhsys_config_v1_GetSaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SaleDetail__Output>): grpc.ClientUnaryCall;
  GetSale(argument: _guru_vhsys_config_v1_GetSaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SaleDetail__Output>): grpc.ClientUnaryCall;
  GetSale(argument: _guru_vhsys_config_v1_GetSaleRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SaleDetail__Output>): grpc.ClientUnaryCall;
  /**
   * One sale with its timeline (NOT_FOUND when the history has no such sale).
   */
  getSale(argument: _guru_vhsys_config_v1_GetSaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SaleDetail__Output>): grpc.ClientUnaryCall;
  getSale(argument: _guru_vhsys_config_v1_GetSaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_SaleDetail__Output>): grpc.ClientUnaryCall;
  getSale(argument: _guru_vhsys_config_v1_GetSaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_SaleDetail__Output>): grpc.ClientUnaryCall;
  getSale(argument: _guru_vhsys_config_v1_GetSaleRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_SaleDetail__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sales newest first (by last event), filtered, one page (keyset: pass next_cursor back with
   * the same filter). INVALID_ARGUMENT names the bad field.
   */
  ListSales(argument: _guru_vhsys_config_v1_ListSalesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSalesReply__Output>): grpc.ClientUnaryCall;
  ListSales(argument: _guru_vhsys_config_v1_ListSalesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSalesReply__Output>): grpc.ClientUnaryCall;
  ListSales(argument: _guru_vhsys_config_v1_ListSalesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSalesReply__Output>): grpc.ClientUnaryCall;
  ListSales(argument: _guru_vhsys_config_v1_ListSalesRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSalesReply__Output>): grpc.ClientUnaryCall;
  /**
   * Sales newest first (by last event), filtered, one page (keyset: pass next_cursor back with
   * the same filter). INVALID_ARGUMENT names the bad field.
   */
  listSales(argument: _guru_vhsys_config_v1_ListSalesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSalesReply__Output>): grpc.ClientUnaryCall;
  listSales(argument: _guru_vhsys_config_v1_ListSalesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSalesReply__Output>): grpc.ClientUnaryCall;
  listSales(argument: _guru_vhsys_config_v1_ListSalesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSalesReply__Output>): grpc.ClientUnaryCall;
  listSales(argument: _guru_vhsys_config_v1_ListSalesRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListSalesReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Asks the dispatcher to bring one sale to its desired state again (audited; never a second
   * order or invoice). FAILED_PRECONDITION (reprocess_refused) for a sale the dispatcher never received.
   */
  ReprocessSale(argument: _guru_vhsys_config_v1_ReprocessSaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSaleReply__Output>): grpc.ClientUnaryCall;
  ReprocessSale(argument: _guru_vhsys_config_v1_ReprocessSaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSaleReply__Output>): grpc.ClientUnaryCall;
  ReprocessSale(argument: _guru_vhsys_config_v1_ReprocessSaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSaleReply__Output>): grpc.ClientUnaryCall;
  ReprocessSale(argument: _guru_vhsys_config_v1_ReprocessSaleRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSaleReply__Output>): grpc.ClientUnaryCall;
  /**
   * Asks the dispatcher to bring one sale to its desired state again (audited; never a second
   * order or invoice). FAILED_PRECONDITION (reprocess_refused) for a sale the dispatcher never received.
   */
  reprocessSale(argument: _guru_vhsys_config_v1_ReprocessSaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSaleReply__Output>): grpc.ClientUnaryCall;
  reprocessSale(argument: _guru_vhsys_config_v1_ReprocessSaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSaleReply__Output>): grpc.ClientUnaryCall;
  reprocessSale(argument: _guru_vhsys_config_v1_ReprocessSaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSaleReply__Output>): grpc.ClientUnaryCall;
  reprocessSale(argument: _guru_vhsys_config_v1_ReprocessSaleRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSaleReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * The same for the sales a filter matches, newest first, at most `max` (1..500, 0 = 100).
   */
  ReprocessSales(argument: _guru_vhsys_config_v1_ReprocessSalesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSalesReply__Output>): grpc.ClientUnaryCall;
  ReprocessSales(argument: _guru_vhsys_config_v1_ReprocessSalesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSalesReply__Output>): grpc.ClientUnaryCall;
  ReprocessSales(argument: _guru_vhsys_config_v1_ReprocessSalesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSalesReply__Output>): grpc.ClientUnaryCall;
  ReprocessSales(argument: _guru_vhsys_config_v1_ReprocessSalesRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSalesReply__Output>): grpc.ClientUnaryCall;
  /**
   * The same for the sales a filter matches, newest first, at most `max` (1..500, 0 = 100).
   */
  reprocessSales(argument: _guru_vhsys_config_v1_ReprocessSalesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSalesReply__Output>): grpc.ClientUnaryCall;
  reprocessSales(argument: _guru_vhsys_config_v1_ReprocessSalesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSalesReply__Output>): grpc.ClientUnaryCall;
  reprocessSales(argument: _guru_vhsys_config_v1_ReprocessSalesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSalesReply__Output>): grpc.ClientUnaryCall;
  reprocessSales(argument: _guru_vhsys_config_v1_ReprocessSalesRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ReprocessSalesReply__Output>): grpc.ClientUnaryCall;
  
}

export interface SalesHistoryHandlers extends grpc.UntypedServiceImplementation {
  /**
   * One sale with its timeline (NOT_FOUND when the history has no such sale).
   */
  GetSale: grpc.handleUnaryCall<_guru_vhsys_config_v1_GetSaleRequest__Output, _guru_vhsys_config_v1_SaleDetail>;
  
  /**
   * Sales newest first (by last event), filtered, one page (keyset: pass next_cursor back with
   * the same filter). INVALID_ARGUMENT names the bad field.
   */
  ListSales: grpc.handleUnaryCall<_guru_vhsys_config_v1_ListSalesRequest__Output, _guru_vhsys_config_v1_ListSalesReply>;
  
  /**
   * Asks the dispatcher to bring one sale to its desired state again (audited; never a second
   * order or invoice). FAILED_PRECONDITION (reprocess_refused) for a sale the dispatcher never received.
   */
  ReprocessSale: grpc.handleUnaryCall<_guru_vhsys_config_v1_ReprocessSaleRequest__Output, _guru_vhsys_config_v1_ReprocessSaleReply>;
  
  /**
   * The same for the sales a filter matches, newest first, at most `max` (1..500, 0 = 100).
   */
  ReprocessSales: grpc.handleUnaryCall<_guru_vhsys_config_v1_ReprocessSalesRequest__Output, _guru_vhsys_config_v1_ReprocessSalesReply>;
  
}

export interface SalesHistoryDefinition extends grpc.ServiceDefinition {
  GetSale: MethodDefinition<_guru_vhsys_config_v1_GetSaleRequest, _guru_vhsys_config_v1_SaleDetail, _guru_vhsys_config_v1_GetSaleRequest__Output, _guru_vhsys_config_v1_SaleDetail__Output>
  ListSales: MethodDefinition<_guru_vhsys_config_v1_ListSalesRequest, _guru_vhsys_config_v1_ListSalesReply, _guru_vhsys_config_v1_ListSalesRequest__Output, _guru_vhsys_config_v1_ListSalesReply__Output>
  ReprocessSale: MethodDefinition<_guru_vhsys_config_v1_ReprocessSaleRequest, _guru_vhsys_config_v1_ReprocessSaleReply, _guru_vhsys_config_v1_ReprocessSaleRequest__Output, _guru_vhsys_config_v1_ReprocessSaleReply__Output>
  ReprocessSales: MethodDefinition<_guru_vhsys_config_v1_ReprocessSalesRequest, _guru_vhsys_config_v1_ReprocessSalesReply, _guru_vhsys_config_v1_ReprocessSalesRequest__Output, _guru_vhsys_config_v1_ReprocessSalesReply__Output>
}
