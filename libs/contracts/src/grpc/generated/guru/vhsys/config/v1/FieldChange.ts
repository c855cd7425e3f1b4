// Original file: libs/contracts/proto/config_service.proto


export interface FieldChange {
  'path'?: (string);
  /**
   * JSON text of the old and new values; "" for secrets (only that they changed).
   */
  'from'?: (string);
  'to'?: (string);
  'secret'?: (boolean);
}

export interface FieldChange__Output {
  'path': (string);
  /**
   * JSON text of the old and new values; "" for secrets (only that they changed).
   */
  'from': (string);
  'to': (string);
  'secret': (boolean);
}
