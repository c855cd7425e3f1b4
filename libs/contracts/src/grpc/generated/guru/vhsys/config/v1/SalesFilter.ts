// Original file: libs/contracts/proto/config_service.proto


export interface SalesFilter {
  /**
   * One or several dispatch outcomes (created, updated, unchanged, ignored, needs_configuration,
   * needs_manual_cancellation, paused, failed); empty = any.
   */
  'outcomes'?: (string)[];
  /**
   * Last-event period: ISO 8601 with offset, from inclusive, to exclusive, at most 366 days; "" = open.
   */
  'from'?: (string);
  'to'?: (string);
  'guruTransactionId'?: (string);
  /**
   * CPF or CNPJ (numeric or alphanumeric), punctuation allowed.
   */
  'buyerDocument'?: (string);
}

export interface SalesFilter__Output {
  /**
   * One or several dispatch outcomes (created, updated, unchanged, ignored, needs_configuration,
   * needs_manual_cancellation, paused, failed); empty = any.
   */
  'outcomes': (string)[];
  /**
   * Last-event period: ISO 8601 with offset, from inclusive, to exclusive, at most 366 days; "" = open.
   */
  'from': (string);
  'to': (string);
  'guruTransactionId': (string);
  /**
   * CPF or CNPJ (numeric or alphanumeric), punctuation allowed.
   */
  'buyerDocument': (string);
}
