// Original file: libs/contracts/proto/config_service.proto


export interface AuditFindingReply {
  'auditId'?: (string);
  'findingId'?: (string);
  'requested'?: (string);
  'requestedBy'?: (string);
  'requestedAt'?: (string);
}

export interface AuditFindingReply__Output {
  'auditId': (string);
  'findingId': (string);
  'requested': (string);
  'requestedBy': (string);
  'requestedAt': (string);
}
