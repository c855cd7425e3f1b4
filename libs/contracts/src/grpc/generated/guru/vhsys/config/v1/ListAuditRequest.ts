// Original file: libs/contracts/proto/config_service.proto

import type { Long } from '@grpc/proto-loader';

export interface ListAuditRequest {
  'accountId'?: (string);
  /**
   * 1..200, default 50.
   */
  'limit'?: (number);
  /**
   * Entries older than this id (paging); 0 = newest.
   */
  'beforeId'?: (number | string | Long);
}

export interface ListAuditRequest__Output {
  'accountId': (string);
  /**
   * 1..200, default 50.
   */
  'limit': (number);
  /**
   * Entries older than this id (paging); 0 = newest.
   */
  'beforeId': (number);
}
