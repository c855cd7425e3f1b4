// Original file: libs/contracts/proto/config_service.proto


export interface ImportRequest {
  'accountId'?: (string);
  /**
   * Brasília midnights, ISO 8601 with offset: from inclusive, to exclusive, at most 1096 days.
   */
  'from'?: (string);
  'to'?: (string);
  /**
   * Guru product codes (empty = every product), at most 20.
   */
  'productIds'?: (string)[];
  /**
   * Guru statuses (empty = every status), at most 24.
   */
  'statuses'?: (string)[];
}

export interface ImportRequest__Output {
  'accountId': (string);
  /**
   * Brasília midnights, ISO 8601 with offset: from inclusive, to exclusive, at most 1096 days.
   */
  'from': (string);
  'to': (string);
  /**
   * Guru product codes (empty = every product), at most 20.
   */
  'productIds': (string)[];
  /**
   * Guru statuses (empty = every status), at most 24.
   */
  'statuses': (string)[];
}
