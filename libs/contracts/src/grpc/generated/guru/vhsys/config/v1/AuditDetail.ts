// Original file: libs/contracts/proto/config_service.proto

import type { AuditSummary as _guru_vhsys_config_v1_AuditSummary, AuditSummary__Output as _guru_vhsys_config_v1_AuditSummary__Output } from '../../../../guru/vhsys/config/v1/AuditSummary';
import type { AuditFindingView as _guru_vhsys_config_v1_AuditFindingView, AuditFindingView__Output as _guru_vhsys_config_v1_AuditFindingView__Output } from '../../../../guru/vhsys/config/v1/AuditFindingView';

export interface AuditDetail {
  'audit'?: (_guru_vhsys_config_v1_AuditSummary | null);
  'findings'?: (_guru_vhsys_config_v1_AuditFindingView)[];
  'findingsTotal'?: (number);
}

export interface AuditDetail__Output {
  'audit': (_guru_vhsys_config_v1_AuditSummary__Output | null);
  'findings': (_guru_vhsys_config_v1_AuditFindingView__Output)[];
  'findingsTotal': (number);
}
