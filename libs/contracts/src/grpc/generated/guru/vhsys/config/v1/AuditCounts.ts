// Original file: libs/contracts/proto/config_service.proto


export interface AuditCounts {
  'salesChecked'?: (number);
  'salesSkipped'?: (number);
  'pedidosListed'?: (number);
  'findings'?: (number);
}

export interface AuditCounts__Output {
  'salesChecked': (number);
  'salesSkipped': (number);
  'pedidosListed': (number);
  'findings': (number);
}
