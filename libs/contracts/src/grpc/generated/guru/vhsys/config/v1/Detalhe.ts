// Original file: libs/contracts/proto/config_service.proto

import type { TokenState as _guru_vhsys_config_v1_TokenState, TokenState__Output as _guru_vhsys_config_v1_TokenState__Output } from '../../../../guru/vhsys/config/v1/TokenState';

export interface Detalhe {
  'accessToken'?: (_guru_vhsys_config_v1_TokenState | null);
  'secretAccessToken'?: (_guru_vhsys_config_v1_TokenState | null);
  /**
   * Increases whenever the tokens change.
   */
  'credentialsVersion'?: (number);
  'criarVendaComJuros'?: (boolean);
  'enviarParcelas'?: (boolean);
  'ativo'?: (boolean);
}

export interface Detalhe__Output {
  'accessToken': (_guru_vhsys_config_v1_TokenState__Output | null);
  'secretAccessToken': (_guru_vhsys_config_v1_TokenState__Output | null);
  /**
   * Increases whenever the tokens change.
   */
  'credentialsVersion': (number);
  'criarVendaComJuros': (boolean);
  'enviarParcelas': (boolean);
  'ativo': (boolean);
}
