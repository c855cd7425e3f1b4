// Original file: libs/contracts/proto/config_service.proto


export interface AccountRequest {
  'accountId'?: (string);
}

export interface AccountRequest__Output {
  'accountId': (string);
}
