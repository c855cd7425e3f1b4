// Original file: libs/contracts/proto/config_service.proto


export interface DeleteProductRequest {
  'accountId'?: (string);
  'expectedVersion'?: (number);
  'guruProductCode'?: (string);
  '_expectedVersion'?: "expectedVersion";
}

export interface DeleteProductRequest__Output {
  'accountId': (string);
  'expectedVersion'?: (number);
  'guruProductCode': (string);
  '_expectedVersion'?: "expectedVersion";
}
