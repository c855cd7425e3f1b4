// Original file: libs/contracts/proto/config_service.proto


export interface Situacao {
  'id'?: (number);
  'name'?: (string);
  /**
   * The base status it belongs to ("Em Aberto", ...).
   */
  'status'?: (string);
}

export interface Situacao__Output {
  'id': (number);
  'name': (string);
  /**
   * The base status it belongs to ("Em Aberto", ...).
   */
  'status': (string);
}
