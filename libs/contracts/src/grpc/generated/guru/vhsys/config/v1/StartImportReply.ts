// Original file: libs/contracts/proto/config_service.proto


export interface StartImportReply {
  'importId'?: (string);
}

export interface StartImportReply__Output {
  'importId': (string);
}
