// Original file: libs/contracts/proto/config_service.proto


export interface StartAuditReply {
  'auditId'?: (string);
  'requestedBy'?: (string);
  'requestedAt'?: (string);
}

export interface StartAuditReply__Output {
  'auditId': (string);
  'requestedBy': (string);
  'requestedAt': (string);
}
