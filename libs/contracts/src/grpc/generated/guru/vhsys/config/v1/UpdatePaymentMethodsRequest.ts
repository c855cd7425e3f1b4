// Original file: libs/contracts/proto/config_service.proto

import type { PaymentMethods as _guru_vhsys_config_v1_PaymentMethods, PaymentMethods__Output as _guru_vhsys_config_v1_PaymentMethods__Output } from '../../../../guru/vhsys/config/v1/PaymentMethods';

export interface UpdatePaymentMethodsRequest {
  'accountId'?: (string);
  'expectedVersion'?: (number);
  'paymentMethods'?: (_guru_vhsys_config_v1_PaymentMethods | null);
  '_expectedVersion'?: "expectedVersion";
}

export interface UpdatePaymentMethodsRequest__Output {
  'accountId': (string);
  'expectedVersion'?: (number);
  'paymentMethods': (_guru_vhsys_config_v1_PaymentMethods__Output | null);
  '_expectedVersion'?: "expectedVersion";
}
