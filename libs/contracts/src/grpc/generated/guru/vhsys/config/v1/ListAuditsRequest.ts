// Original file: libs/contracts/proto/config_service.proto


export interface ListAuditsRequest {
  'accountId'?: (string);
  'limit'?: (number);
}

export interface ListAuditsRequest__Output {
  'accountId': (string);
  'limit': (number);
}
