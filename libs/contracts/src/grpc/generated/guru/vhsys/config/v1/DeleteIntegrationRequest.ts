// Original file: libs/contracts/proto/config_service.proto


export interface DeleteIntegrationRequest {
  'accountId'?: (string);
  'expectedVersion'?: (number);
  '_expectedVersion'?: "expectedVersion";
}

export interface DeleteIntegrationRequest__Output {
  'accountId': (string);
  'expectedVersion'?: (number);
  '_expectedVersion'?: "expectedVersion";
}
