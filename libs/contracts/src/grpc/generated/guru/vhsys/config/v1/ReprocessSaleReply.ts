// Original file: libs/contracts/proto/config_service.proto


export interface ReprocessSaleReply {
  'requestId'?: (string);
  'guruTransactionId'?: (string);
  'requestedBy'?: (string);
  'requestedAt'?: (string);
}

export interface ReprocessSaleReply__Output {
  'requestId': (string);
  'guruTransactionId': (string);
  'requestedBy': (string);
  'requestedAt': (string);
}
