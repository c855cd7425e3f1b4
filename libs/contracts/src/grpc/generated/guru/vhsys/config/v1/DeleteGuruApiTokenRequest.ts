// Original file: libs/contracts/proto/config_service.proto


export interface DeleteGuruApiTokenRequest {
  'accountId'?: (string);
  'expectedVersion'?: (number);
  '_expectedVersion'?: "expectedVersion";
}

export interface DeleteGuruApiTokenRequest__Output {
  'accountId': (string);
  'expectedVersion'?: (number);
  '_expectedVersion'?: "expectedVersion";
}
