// Original file: libs/contracts/proto/config_service.proto

import type { ReprocessSaleReply as _guru_vhsys_config_v1_ReprocessSaleReply, ReprocessSaleReply__Output as _guru_vhsys_config_v1_ReprocessSaleReply__Output } from '../../../../guru/vhsys/config/v1/ReprocessSaleReply';
import type { SkippedSale as _guru_vhsys_config_v1_SkippedSale, SkippedSale__Output as _guru_vhsys_config_v1_SkippedSale__Output } from '../../../../guru/vhsys/config/v1/SkippedSale';

export interface ReprocessSalesReply {
  'requested'?: (number);
  'skipped'?: (number);
  'truncated'?: (boolean);
  'requests'?: (_guru_vhsys_config_v1_ReprocessSaleReply)[];
  'skippedSales'?: (_guru_vhsys_config_v1_SkippedSale)[];
}

export interface ReprocessSalesReply__Output {
  'requested': (number);
  'skipped': (number);
  'truncated': (boolean);
  'requests': (_guru_vhsys_config_v1_ReprocessSaleReply__Output)[];
  'skippedSales': (_guru_vhsys_config_v1_SkippedSale__Output)[];
}
