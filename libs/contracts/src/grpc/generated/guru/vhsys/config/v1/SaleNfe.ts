// Original file: libs/contracts/proto/config_service.proto


export interface SaleNfe {
  'chave'?: (string);
  'danfeUrl'?: (string);
  'emitted'?: (boolean);
}

export interface SaleNfe__Output {
  'chave': (string);
  'danfeUrl': (string);
  'emitted': (boolean);
}
