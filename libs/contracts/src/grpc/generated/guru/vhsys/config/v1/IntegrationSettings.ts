// Original file: libs/contracts/proto/config_service.proto

import type { Detalhe as _guru_vhsys_config_v1_Detalhe, Detalhe__Output as _guru_vhsys_config_v1_Detalhe__Output } from '../../../../guru/vhsys/config/v1/Detalhe';
import type { PaymentMethods as _guru_vhsys_config_v1_PaymentMethods, PaymentMethods__Output as _guru_vhsys_config_v1_PaymentMethods__Output } from '../../../../guru/vhsys/config/v1/PaymentMethods';
import type { StatusMap as _guru_vhsys_config_v1_StatusMap, StatusMap__Output as _guru_vhsys_config_v1_StatusMap__Output } from '../../../../guru/vhsys/config/v1/StatusMap';
import type { InvoicePolicy as _guru_vhsys_config_v1_InvoicePolicy, InvoicePolicy__Output as _guru_vhsys_config_v1_InvoicePolicy__Output } from '../../../../guru/vhsys/config/v1/InvoicePolicy';
import type { ProductBilling as _guru_vhsys_config_v1_ProductBilling, ProductBilling__Output as _guru_vhsys_config_v1_ProductBilling__Output } from '../../../../guru/vhsys/config/v1/ProductBilling';
import type { TokenState as _guru_vhsys_config_v1_TokenState, TokenState__Output as _guru_vhsys_config_v1_TokenState__Output } from '../../../../guru/vhsys/config/v1/TokenState';

export interface IntegrationSettings {
  'accountId'?: (string);
  'version'?: (number);
  'detalhe'?: (_guru_vhsys_config_v1_Detalhe | null);
  'paymentMethods'?: (_guru_vhsys_config_v1_PaymentMethods | null);
  'statusMap'?: (_guru_vhsys_config_v1_StatusMap | null);
  'invoicePolicy'?: (_guru_vhsys_config_v1_InvoicePolicy | null);
  'products'?: (_guru_vhsys_config_v1_ProductBilling)[];
  'createdAt'?: (string);
  'updatedAt'?: (string);
  /**
   * The Guru API user token: whether it is set, its last 4 characters, when; never its value.
   */
  'guruApi'?: (_guru_vhsys_config_v1_TokenState | null);
}

export interface IntegrationSettings__Output {
  'accountId': (string);
  'version': (number);
  'detalhe': (_guru_vhsys_config_v1_Detalhe__Output | null);
  'paymentMethods': (_guru_vhsys_config_v1_PaymentMethods__Output | null);
  'statusMap': (_guru_vhsys_config_v1_StatusMap__Output | null);
  'invoicePolicy': (_guru_vhsys_config_v1_InvoicePolicy__Output | null);
  'products': (_guru_vhsys_config_v1_ProductBilling__Output)[];
  'createdAt': (string);
  'updatedAt': (string);
  /**
   * The Guru API user token: whether it is set, its last 4 characters, when; never its value.
   */
  'guruApi': (_guru_vhsys_config_v1_TokenState__Output | null);
}
