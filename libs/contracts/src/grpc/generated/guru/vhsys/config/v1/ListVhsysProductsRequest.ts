// Original file: libs/contracts/proto/config_service.proto


export interface ListVhsysProductsRequest {
  'accountId'?: (string);
  /**
   * Part of the description, at most 60 characters; "" = all.
   */
  'search'?: (string);
  /**
   * 1..50 (20 products each); 0 = 1.
   */
  'page'?: (number);
}

export interface ListVhsysProductsRequest__Output {
  'accountId': (string);
  /**
   * Part of the description, at most 60 characters; "" = all.
   */
  'search': (string);
  /**
   * 1..50 (20 products each); 0 = 1.
   */
  'page': (number);
}
