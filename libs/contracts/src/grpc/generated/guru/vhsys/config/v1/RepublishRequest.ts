// Original file: libs/contracts/proto/config_service.proto


export interface RepublishRequest {
  /**
   * "" = every account.
   */
  'accountId'?: (string);
}

export interface RepublishRequest__Output {
  /**
   * "" = every account.
   */
  'accountId': (string);
}
