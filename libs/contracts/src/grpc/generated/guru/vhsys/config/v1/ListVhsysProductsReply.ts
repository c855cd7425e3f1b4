// Original file: libs/contracts/proto/config_service.proto

import type { VhsysProduct as _guru_vhsys_config_v1_VhsysProduct, VhsysProduct__Output as _guru_vhsys_config_v1_VhsysProduct__Output } from '../../../../guru/vhsys/config/v1/VhsysProduct';

export interface ListVhsysProductsReply {
  'products'?: (_guru_vhsys_config_v1_VhsysProduct)[];
  /**
   * Products matching the search.
   */
  'total'?: (number);
  'page'?: (number);
  'pageSize'?: (number);
}

export interface ListVhsysProductsReply__Output {
  'products': (_guru_vhsys_config_v1_VhsysProduct__Output)[];
  /**
   * Products matching the search.
   */
  'total': (number);
  'page': (number);
  'pageSize': (number);
}
