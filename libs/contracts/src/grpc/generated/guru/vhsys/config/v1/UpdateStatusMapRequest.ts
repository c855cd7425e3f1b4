// Original file: libs/contracts/proto/config_service.proto

import type { StatusMap as _guru_vhsys_config_v1_StatusMap, StatusMap__Output as _guru_vhsys_config_v1_StatusMap__Output } from '../../../../guru/vhsys/config/v1/StatusMap';

export interface UpdateStatusMapRequest {
  'accountId'?: (string);
  'expectedVersion'?: (number);
  'statusMap'?: (_guru_vhsys_config_v1_StatusMap | null);
  '_expectedVersion'?: "expectedVersion";
}

export interface UpdateStatusMapRequest__Output {
  'accountId': (string);
  'expectedVersion'?: (number);
  'statusMap': (_guru_vhsys_config_v1_StatusMap__Output | null);
  '_expectedVersion'?: "expectedVersion";
}
