// Original file: libs/contracts/proto/config_service.proto

import type { SalesFilter as _guru_vhsys_config_v1_SalesFilter, SalesFilter__Output as _guru_vhsys_config_v1_SalesFilter__Output } from '../../../../guru/vhsys/config/v1/SalesFilter';

export interface ListSalesRequest {
  'accountId'?: (string);
  'filter'?: (_guru_vhsys_config_v1_SalesFilter | null);
  /**
   * 1..100, 0 = 25.
   */
  'limit'?: (number);
  /**
   * next_cursor of the previous page, "" for the first.
   */
  'cursor'?: (string);
}

export interface ListSalesRequest__Output {
  'accountId': (string);
  'filter': (_guru_vhsys_config_v1_SalesFilter__Output | null);
  /**
   * 1..100, 0 = 25.
   */
  'limit': (number);
  /**
   * next_cursor of the previous page, "" for the first.
   */
  'cursor': (string);
}
