// Original file: libs/contracts/proto/config_service.proto


export interface DeleteIntegrationReply {
  'message'?: (string);
  /**
   * The version the deletion was committed as (published as a tombstone).
   */
  'version'?: (number);
}

export interface DeleteIntegrationReply__Output {
  'message': (string);
  /**
   * The version the deletion was committed as (published as a tombstone).
   */
  'version': (number);
}
