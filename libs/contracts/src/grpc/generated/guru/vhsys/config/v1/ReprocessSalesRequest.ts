// Original file: libs/contracts/proto/config_service.proto

import type { SalesFilter as _guru_vhsys_config_v1_SalesFilter, SalesFilter__Output as _guru_vhsys_config_v1_SalesFilter__Output } from '../../../../guru/vhsys/config/v1/SalesFilter';

export interface ReprocessSalesRequest {
  'accountId'?: (string);
  'filter'?: (_guru_vhsys_config_v1_SalesFilter | null);
  'max'?: (number);
}

export interface ReprocessSalesRequest__Output {
  'accountId': (string);
  'filter': (_guru_vhsys_config_v1_SalesFilter__Output | null);
  'max': (number);
}
