// Original file: libs/contracts/proto/config_service.proto

import type { AuditCounts as _guru_vhsys_config_v1_AuditCounts, AuditCounts__Output as _guru_vhsys_config_v1_AuditCounts__Output } from '../../../../guru/vhsys/config/v1/AuditCounts';

export interface AuditSummary {
  'auditId'?: (string);
  /**
   * requested | running | done | failed
   */
  'status'?: (string);
  'from'?: (string);
  'to'?: (string);
  'requestedBy'?: (string);
  'requestedAt'?: (string);
  'startedAt'?: (string);
  'finishedAt'?: (string);
  'error'?: (string);
  'counts'?: (_guru_vhsys_config_v1_AuditCounts | null);
}

export interface AuditSummary__Output {
  'auditId': (string);
  /**
   * requested | running | done | failed
   */
  'status': (string);
  'from': (string);
  'to': (string);
  'requestedBy': (string);
  'requestedAt': (string);
  'startedAt': (string);
  'finishedAt': (string);
  'error': (string);
  'counts': (_guru_vhsys_config_v1_AuditCounts__Output | null);
}
