// Original file: libs/contracts/proto/config_service.proto


export interface AuditFindingRequest {
  'accountId'?: (string);
  'auditId'?: (string);
  'findingId'?: (string);
}

export interface AuditFindingRequest__Output {
  'accountId': (string);
  'auditId': (string);
  'findingId': (string);
}
