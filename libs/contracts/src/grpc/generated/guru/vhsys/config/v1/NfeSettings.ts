// Original file: libs/contracts/proto/config_service.proto


export interface NfeSettings {
  'naturezaOperacao'?: (string);
  'cfop'?: (string);
  'serie'?: (number);
}

export interface NfeSettings__Output {
  'naturezaOperacao': (string);
  'cfop': (string);
  'serie': (number);
}
