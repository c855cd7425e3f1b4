// Original file: libs/contracts/proto/config_service.proto


/**
 * Guru payment method -> Vhsys forma_pagamento ("" = not mapped).
 */
export interface PaymentMethods {
  'billet'?: (string);
  'creditCard'?: (string);
  'paypal'?: (string);
  'pix'?: (string);
}

/**
 * Guru payment method -> Vhsys forma_pagamento ("" = not mapped).
 */
export interface PaymentMethods__Output {
  'billet': (string);
  'creditCard': (string);
  'paypal': (string);
  'pix': (string);
}
