// Original file: libs/contracts/proto/config_service.proto


export interface SaleNfse {
  'numero'?: (string);
  'emitted'?: (boolean);
}

export interface SaleNfse__Output {
  'numero': (string);
  'emitted': (boolean);
}
