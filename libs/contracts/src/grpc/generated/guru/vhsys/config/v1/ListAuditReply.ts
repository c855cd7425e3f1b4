// Original file: libs/contracts/proto/config_service.proto

import type { AuditEntry as _guru_vhsys_config_v1_AuditEntry, AuditEntry__Output as _guru_vhsys_config_v1_AuditEntry__Output } from '../../../../guru/vhsys/config/v1/AuditEntry';

export interface ListAuditReply {
  'entries'?: (_guru_vhsys_config_v1_AuditEntry)[];
}

export interface ListAuditReply__Output {
  'entries': (_guru_vhsys_config_v1_AuditEntry__Output)[];
}
