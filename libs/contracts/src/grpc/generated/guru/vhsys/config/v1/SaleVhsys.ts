// Original file: libs/contracts/proto/config_service.proto

import type { SaleNfe as _guru_vhsys_config_v1_SaleNfe, SaleNfe__Output as _guru_vhsys_config_v1_SaleNfe__Output } from '../../../../guru/vhsys/config/v1/SaleNfe';
import type { SaleNfse as _guru_vhsys_config_v1_SaleNfse, SaleNfse__Output as _guru_vhsys_config_v1_SaleNfse__Output } from '../../../../guru/vhsys/config/v1/SaleNfse';
import type { Long } from '@grpc/proto-loader';

export interface SaleVhsys {
  'idPedido'?: (number | string | Long);
  'nfe'?: (_guru_vhsys_config_v1_SaleNfe | null);
  'nfse'?: (_guru_vhsys_config_v1_SaleNfse | null);
  '_idPedido'?: "idPedido";
}

export interface SaleVhsys__Output {
  'idPedido'?: (number);
  'nfe': (_guru_vhsys_config_v1_SaleNfe__Output | null);
  'nfse': (_guru_vhsys_config_v1_SaleNfse__Output | null);
  '_idPedido'?: "idPedido";
}
