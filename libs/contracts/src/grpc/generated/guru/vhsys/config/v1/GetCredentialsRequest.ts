// Original file: libs/contracts/proto/config_service.proto


export interface GetCredentialsRequest {
  'accountId'?: (string);
}

export interface GetCredentialsRequest__Output {
  'accountId': (string);
}
