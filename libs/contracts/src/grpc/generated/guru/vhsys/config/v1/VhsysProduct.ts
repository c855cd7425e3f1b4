// Original file: libs/contracts/proto/config_service.proto

import type { Long } from '@grpc/proto-loader';

export interface VhsysProduct {
  'id'?: (number | string | Long);
  'description'?: (string);
  'code'?: (string);
  'unit'?: (string);
  /**
   * "produto", "servico", or "" when Vhsys's tipo_produto says neither.
   */
  'kind'?: (string);
}

export interface VhsysProduct__Output {
  'id': (number);
  'description': (string);
  'code': (string);
  'unit': (string);
  /**
   * "produto", "servico", or "" when Vhsys's tipo_produto says neither.
   */
  'kind': (string);
}
