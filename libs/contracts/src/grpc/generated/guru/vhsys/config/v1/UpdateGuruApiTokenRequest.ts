// Original file: libs/contracts/proto/config_service.proto


export interface UpdateGuruApiTokenRequest {
  'accountId'?: (string);
  'expectedVersion'?: (number);
  /**
   * Guru's User Token (Meu Perfil > Tokens API), 8-512 visible characters.
   */
  'userToken'?: (string);
  '_expectedVersion'?: "expectedVersion";
}

export interface UpdateGuruApiTokenRequest__Output {
  'accountId': (string);
  'expectedVersion'?: (number);
  /**
   * Guru's User Token (Meu Perfil > Tokens API), 8-512 visible characters.
   */
  'userToken': (string);
  '_expectedVersion'?: "expectedVersion";
}
