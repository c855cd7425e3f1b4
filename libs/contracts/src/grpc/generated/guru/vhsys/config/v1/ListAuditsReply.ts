// Original file: libs/contracts/proto/config_service.proto

import type { AuditSummary as _guru_vhsys_config_v1_AuditSummary, AuditSummary__Output as _guru_vhsys_config_v1_AuditSummary__Output } from '../../../../guru/vhsys/config/v1/AuditSummary';

export interface ListAuditsReply {
  'items'?: (_guru_vhsys_config_v1_AuditSummary)[];
}

export interface ListAuditsReply__Output {
  'items': (_guru_vhsys_config_v1_AuditSummary__Output)[];
}
