// Original file: libs/contracts/proto/config_service.proto

import type { Long } from '@grpc/proto-loader';

export interface AuditFindingView {
  'findingId'?: (string);
  'kind'?: (string);
  'guruTransactionId'?: (string);
  'idPed'?: (number | string | Long);
  /**
   * What the ledger wants / what Vhsys holds, as JSON objects ("" when none); money in centavos.
   */
  'expectedJson'?: (string);
  'foundJson'?: (string);
  /**
   * open | repairing | repaired | repair_failed | accepted
   */
  'resolution'?: (string);
  'resolvedBy'?: (string);
  'resolvedAt'?: (string);
  'note'?: (string);
  'repairable'?: (boolean);
  /**
   * repair | accept while a request is unanswered, else "".
   */
  'pendingRequest'?: (string);
  'refusal'?: (string);
  '_idPed'?: "idPed";
}

export interface AuditFindingView__Output {
  'findingId': (string);
  'kind': (string);
  'guruTransactionId': (string);
  'idPed'?: (number);
  /**
   * What the ledger wants / what Vhsys holds, as JSON objects ("" when none); money in centavos.
   */
  'expectedJson': (string);
  'foundJson': (string);
  /**
   * open | repairing | repaired | repair_failed | accepted
   */
  'resolution': (string);
  'resolvedBy': (string);
  'resolvedAt': (string);
  'note': (string);
  'repairable': (boolean);
  /**
   * repair | accept while a request is unanswered, else "".
   */
  'pendingRequest': (string);
  'refusal': (string);
  '_idPed'?: "idPed";
}
