// Original file: libs/contracts/proto/config_service.proto

import type { ProductBilling as _guru_vhsys_config_v1_ProductBilling, ProductBilling__Output as _guru_vhsys_config_v1_ProductBilling__Output } from '../../../../guru/vhsys/config/v1/ProductBilling';

export interface PutProductRequest {
  'accountId'?: (string);
  'expectedVersion'?: (number);
  /**
   * product.guru_product_code names the product.
   */
  'product'?: (_guru_vhsys_config_v1_ProductBilling | null);
  '_expectedVersion'?: "expectedVersion";
}

export interface PutProductRequest__Output {
  'accountId': (string);
  'expectedVersion'?: (number);
  /**
   * product.guru_product_code names the product.
   */
  'product': (_guru_vhsys_config_v1_ProductBilling__Output | null);
  '_expectedVersion'?: "expectedVersion";
}
