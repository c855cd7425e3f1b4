// Original file: libs/contracts/proto/config_service.proto


export interface GetSaleRequest {
  'accountId'?: (string);
  'guruTransactionId'?: (string);
}

export interface GetSaleRequest__Output {
  'accountId': (string);
  'guruTransactionId': (string);
}
