// Original file: libs/contracts/proto/config_service.proto


export interface RepublishReply {
  /**
   * Snapshots (and tombstones) written to the outbox.
   */
  'republished'?: (number);
}

export interface RepublishReply__Output {
  /**
   * Snapshots (and tombstones) written to the outbox.
   */
  'republished': (number);
}
