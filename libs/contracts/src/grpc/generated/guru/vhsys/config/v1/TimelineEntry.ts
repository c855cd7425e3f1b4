// Original file: libs/contracts/proto/config_service.proto

import type { Long } from '@grpc/proto-loader';

export interface TimelineEntry {
  'at'?: (string);
  /**
   * guru_event | decision | vhsys_step | reprocess_requested
   */
  'kind'?: (string);
  'title'?: (string);
  'detail'?: (string);
  'outcome'?: (string);
  'revision'?: (number | string | Long);
  '_revision'?: "revision";
}

export interface TimelineEntry__Output {
  'at': (string);
  /**
   * guru_event | decision | vhsys_step | reprocess_requested
   */
  'kind': (string);
  'title': (string);
  'detail': (string);
  'outcome': (string);
  'revision'?: (number);
  '_revision'?: "revision";
}
