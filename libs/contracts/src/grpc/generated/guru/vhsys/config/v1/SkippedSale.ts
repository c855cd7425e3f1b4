// Original file: libs/contracts/proto/config_service.proto


export interface SkippedSale {
  'guruTransactionId'?: (string);
  'reason'?: (string);
}

export interface SkippedSale__Output {
  'guruTransactionId': (string);
  'reason': (string);
}
