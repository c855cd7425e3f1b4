// Original file: libs/contracts/proto/config_service.proto


export interface ReprocessSaleRequest {
  'accountId'?: (string);
  'guruTransactionId'?: (string);
}

export interface ReprocessSaleRequest__Output {
  'accountId': (string);
  'guruTransactionId': (string);
}
