// Original file: libs/contracts/proto/config_service.proto


export interface GetAuditRequest {
  'accountId'?: (string);
  'auditId'?: (string);
}

export interface GetAuditRequest__Output {
  'accountId': (string);
  'auditId': (string);
}
