// Original file: libs/contracts/proto/config_service.proto


export interface ImportProgress {
  'importId'?: (string);
  'accountId'?: (string);
  /**
   * queued, running, cancelling, cancelled, done, failed.
   */
  'status'?: (string);
  'from'?: (string);
  'to'?: (string);
  'productIds'?: (string)[];
  'statuses'?: (string)[];
  'done'?: (number);
  /**
   * Absent until counted.
   */
  'total'?: (number);
  'produced'?: (number);
  'skipped'?: (number);
  'errors'?: (number);
  'lastError'?: (string);
  'ratePerSecond'?: (number | string);
  'etaSeconds'?: (number);
  'windowIndex'?: (number);
  'windowCount'?: (number);
  'requestedBy'?: (string);
  'createdAt'?: (string);
  'startedAt'?: (string);
  'finishedAt'?: (string);
  '_total'?: "total";
  '_ratePerSecond'?: "ratePerSecond";
  '_etaSeconds'?: "etaSeconds";
}

export interface ImportProgress__Output {
  'importId': (string);
  'accountId': (string);
  /**
   * queued, running, cancelling, cancelled, done, failed.
   */
  'status': (string);
  'from': (string);
  'to': (string);
  'productIds': (string)[];
  'statuses': (string)[];
  'done': (number);
  /**
   * Absent until counted.
   */
  'total'?: (number);
  'produced': (number);
  'skipped': (number);
  'errors': (number);
  'lastError': (string);
  'ratePerSecond'?: (number);
  'etaSeconds'?: (number);
  'windowIndex': (number);
  'windowCount': (number);
  'requestedBy': (string);
  'createdAt': (string);
  'startedAt': (string);
  'finishedAt': (string);
  '_total'?: "total";
  '_ratePerSecond'?: "ratePerSecond";
  '_etaSeconds'?: "etaSeconds";
}
