// Original file: libs/contracts/proto/config_service.proto

import type { InvoicePolicy as _guru_vhsys_config_v1_InvoicePolicy, InvoicePolicy__Output as _guru_vhsys_config_v1_InvoicePolicy__Output } from '../../../../guru/vhsys/config/v1/InvoicePolicy';

export interface UpdateInvoicePolicyRequest {
  'accountId'?: (string);
  'expectedVersion'?: (number);
  'invoicePolicy'?: (_guru_vhsys_config_v1_InvoicePolicy | null);
  '_expectedVersion'?: "expectedVersion";
}

export interface UpdateInvoicePolicyRequest__Output {
  'accountId': (string);
  'expectedVersion'?: (number);
  'invoicePolicy': (_guru_vhsys_config_v1_InvoicePolicy__Output | null);
  '_expectedVersion'?: "expectedVersion";
}
