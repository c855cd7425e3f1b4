// Original file: libs/contracts/proto/config_service.proto

import type { StatusTarget as _guru_vhsys_config_v1_StatusTarget, StatusTarget__Output as _guru_vhsys_config_v1_StatusTarget__Output } from '../../../../guru/vhsys/config/v1/StatusTarget';

/**
 * Guru status group -> Vhsys order status: Aprovada, Cancelada/Expirada, Pendente, Reembolsada.
 */
export interface StatusMap {
  'approved'?: (_guru_vhsys_config_v1_StatusTarget | null);
  'canceled'?: (_guru_vhsys_config_v1_StatusTarget | null);
  'pending'?: (_guru_vhsys_config_v1_StatusTarget | null);
  'refunded'?: (_guru_vhsys_config_v1_StatusTarget | null);
}

/**
 * Guru status group -> Vhsys order status: Aprovada, Cancelada/Expirada, Pendente, Reembolsada.
 */
export interface StatusMap__Output {
  'approved': (_guru_vhsys_config_v1_StatusTarget__Output | null);
  'canceled': (_guru_vhsys_config_v1_StatusTarget__Output | null);
  'pending': (_guru_vhsys_config_v1_StatusTarget__Output | null);
  'refunded': (_guru_vhsys_config_v1_StatusTarget__Output | null);
}
