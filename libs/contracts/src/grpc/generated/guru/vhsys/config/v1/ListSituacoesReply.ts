// Original file: libs/contracts/proto/config_service.proto

import type { Situacao as _guru_vhsys_config_v1_Situacao, Situacao__Output as _guru_vhsys_config_v1_Situacao__Output } from '../../../../guru/vhsys/config/v1/Situacao';

export interface ListSituacoesReply {
  'situacoes'?: (_guru_vhsys_config_v1_Situacao)[];
}

export interface ListSituacoesReply__Output {
  'situacoes': (_guru_vhsys_config_v1_Situacao__Output)[];
}
