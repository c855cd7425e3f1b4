// Original file: libs/contracts/proto/config_service.proto

import type { IntegrationSettings as _guru_vhsys_config_v1_IntegrationSettings, IntegrationSettings__Output as _guru_vhsys_config_v1_IntegrationSettings__Output } from '../../../../guru/vhsys/config/v1/IntegrationSettings';

export interface SettingsReply {
  /**
   * What the admin shows: "Integração ativa", "Configurações salvas", "Nada mudou".
   */
  'message'?: (string);
  'settings'?: (_guru_vhsys_config_v1_IntegrationSettings | null);
}

export interface SettingsReply__Output {
  /**
   * What the admin shows: "Integração ativa", "Configurações salvas", "Nada mudou".
   */
  'message': (string);
  'settings': (_guru_vhsys_config_v1_IntegrationSettings__Output | null);
}
