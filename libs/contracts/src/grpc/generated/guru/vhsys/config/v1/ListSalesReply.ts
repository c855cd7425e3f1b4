// Original file: libs/contracts/proto/config_service.proto

import type { SaleSummary as _guru_vhsys_config_v1_SaleSummary, SaleSummary__Output as _guru_vhsys_config_v1_SaleSummary__Output } from '../../../../guru/vhsys/config/v1/SaleSummary';

export interface ListSalesReply {
  'items'?: (_guru_vhsys_config_v1_SaleSummary)[];
  /**
   * "" on the last page.
   */
  'nextCursor'?: (string);
}

export interface ListSalesReply__Output {
  'items': (_guru_vhsys_config_v1_SaleSummary__Output)[];
  /**
   * "" on the last page.
   */
  'nextCursor': (string);
}
