// Original file: libs/contracts/proto/config_service.proto


export interface Credentials {
  'accountId'?: (string);
  'accessToken'?: (string);
  'secretAccessToken'?: (string);
  'credentialsVersion'?: (number);
  /**
   * The "Ativo" switch; the dispatcher decides what an inactive account may still do.
   */
  'active'?: (boolean);
  /**
   * ISO-8601 instant the current tokens were stored.
   */
  'setAt'?: (string);
}

export interface Credentials__Output {
  'accountId': (string);
  'accessToken': (string);
  'secretAccessToken': (string);
  'credentialsVersion': (number);
  /**
   * The "Ativo" switch; the dispatcher decides what an inactive account may still do.
   */
  'active': (boolean);
  /**
   * ISO-8601 instant the current tokens were stored.
   */
  'setAt': (string);
}
