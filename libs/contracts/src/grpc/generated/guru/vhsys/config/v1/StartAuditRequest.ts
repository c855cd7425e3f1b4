// Original file: libs/contracts/proto/config_service.proto


export interface StartAuditRequest {
  'accountId'?: (string);
  'from'?: (string);
  'to'?: (string);
}

export interface StartAuditRequest__Output {
  'accountId': (string);
  'from': (string);
  'to': (string);
}
