// Original file: libs/contracts/proto/config_service.proto


/**
 * A write-only token as the admin sees it: never the value.
 */
export interface TokenState {
  'set'?: (boolean);
  'last4'?: (string);
  /**
   * ISO-8601 instant, "" when not set.
   */
  'setAt'?: (string);
}

/**
 * A write-only token as the admin sees it: never the value.
 */
export interface TokenState__Output {
  'set': (boolean);
  'last4': (string);
  /**
   * ISO-8601 instant, "" when not set.
   */
  'setAt': (string);
}
