// Original file: libs/contracts/proto/config_service.proto


/**
 * The invoice(s) to cancel by hand in Vhsys.
 */
export interface ManualCancellation {
  'nfeChave'?: (string);
  'nfseNumero'?: (string);
}

/**
 * The invoice(s) to cancel by hand in Vhsys.
 */
export interface ManualCancellation__Output {
  'nfeChave': (string);
  'nfseNumero': (string);
}
