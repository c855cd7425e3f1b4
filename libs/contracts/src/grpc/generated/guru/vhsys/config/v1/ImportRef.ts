// Original file: libs/contracts/proto/config_service.proto


export interface ImportRef {
  'accountId'?: (string);
  'importId'?: (string);
}

export interface ImportRef__Output {
  'accountId': (string);
  'importId': (string);
}
