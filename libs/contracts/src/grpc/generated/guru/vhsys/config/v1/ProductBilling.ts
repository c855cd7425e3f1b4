// Original file: libs/contracts/proto/config_service.proto

import type { NfeSettings as _guru_vhsys_config_v1_NfeSettings, NfeSettings__Output as _guru_vhsys_config_v1_NfeSettings__Output } from '../../../../guru/vhsys/config/v1/NfeSettings';
import type { NfseSettings as _guru_vhsys_config_v1_NfseSettings, NfseSettings__Output as _guru_vhsys_config_v1_NfseSettings__Output } from '../../../../guru/vhsys/config/v1/NfseSettings';
import type { Long } from '@grpc/proto-loader';

export interface ProductBilling {
  'guruProductCode'?: (string);
  'vhsysProductId'?: (number | string | Long);
  /**
   * "" = the Vhsys product's own description.
   */
  'description'?: (string);
  /**
   * "produto" (NF-e) | "servico" (NFS-e).
   */
  'kind'?: (string);
  'issueInvoice'?: (boolean);
  'active'?: (boolean);
  'nfe'?: (_guru_vhsys_config_v1_NfeSettings | null);
  'nfse'?: (_guru_vhsys_config_v1_NfseSettings | null);
}

export interface ProductBilling__Output {
  'guruProductCode': (string);
  'vhsysProductId': (number);
  /**
   * "" = the Vhsys product's own description.
   */
  'description': (string);
  /**
   * "produto" (NF-e) | "servico" (NFS-e).
   */
  'kind': (string);
  'issueInvoice': (boolean);
  'active': (boolean);
  'nfe': (_guru_vhsys_config_v1_NfeSettings__Output | null);
  'nfse': (_guru_vhsys_config_v1_NfseSettings__Output | null);
}
