// Original file: libs/contracts/proto/config_service.proto

import type { FieldChange as _guru_vhsys_config_v1_FieldChange, FieldChange__Output as _guru_vhsys_config_v1_FieldChange__Output } from '../../../../guru/vhsys/config/v1/FieldChange';
import type { Long } from '@grpc/proto-loader';

export interface AuditEntry {
  'id'?: (number | string | Long);
  'at'?: (string);
  /**
   * Name of the service token that made the change.
   */
  'actor'?: (string);
  /**
   * "http" | "grpc".
   */
  'via'?: (string);
  'action'?: (string);
  'version'?: (number);
  'changes'?: (_guru_vhsys_config_v1_FieldChange)[];
  'traceId'?: (string);
}

export interface AuditEntry__Output {
  'id': (number);
  'at': (string);
  /**
   * Name of the service token that made the change.
   */
  'actor': (string);
  /**
   * "http" | "grpc".
   */
  'via': (string);
  'action': (string);
  'version': (number);
  'changes': (_guru_vhsys_config_v1_FieldChange__Output)[];
  'traceId': (string);
}
