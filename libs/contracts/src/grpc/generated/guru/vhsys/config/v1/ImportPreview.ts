// Original file: libs/contracts/proto/config_service.proto

import type { Long } from '@grpc/proto-loader';

export interface ImportPreview {
  'sales'?: (number);
  'wouldCreateOrders'?: (number);
  'alreadyInHistory'?: (number);
  'needProductSettings'?: (number);
  'unreadable'?: (number);
  'totalCents'?: (number | string | Long);
  'windows'?: (number);
  'estimated'?: (boolean);
  'sampledSales'?: (number);
  /**
   * Sales the pipeline would answer `ignored` (integration off; a status, type, currency, country or zero value it ignores).
   */
  'wouldBeIgnored'?: (number);
}

export interface ImportPreview__Output {
  'sales': (number);
  'wouldCreateOrders': (number);
  'alreadyInHistory': (number);
  'needProductSettings': (number);
  'unreadable': (number);
  'totalCents': (number);
  'windows': (number);
  'estimated': (boolean);
  'sampledSales': (number);
  /**
   * Sales the pipeline would answer `ignored` (integration off; a status, type, currency, country or zero value it ignores).
   */
  'wouldBeIgnored': (number);
}
