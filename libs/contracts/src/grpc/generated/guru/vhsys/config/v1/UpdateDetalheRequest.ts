// Original file: libs/contracts/proto/config_service.proto


export interface UpdateDetalheRequest {
  'accountId'?: (string);
  'expectedVersion'?: (number);
  /**
   * Both or neither; absent = keep the stored tokens.
   */
  'accessToken'?: (string);
  'secretAccessToken'?: (string);
  'criarVendaComJuros'?: (boolean);
  'enviarParcelas'?: (boolean);
  /**
   * true verifies the tokens against Vhsys before saving.
   */
  'ativo'?: (boolean);
  '_expectedVersion'?: "expectedVersion";
  '_accessToken'?: "accessToken";
  '_secretAccessToken'?: "secretAccessToken";
}

export interface UpdateDetalheRequest__Output {
  'accountId': (string);
  'expectedVersion'?: (number);
  /**
   * Both or neither; absent = keep the stored tokens.
   */
  'accessToken'?: (string);
  'secretAccessToken'?: (string);
  'criarVendaComJuros': (boolean);
  'enviarParcelas': (boolean);
  /**
   * true verifies the tokens against Vhsys before saving.
   */
  'ativo': (boolean);
  '_expectedVersion'?: "expectedVersion";
  '_accessToken'?: "accessToken";
  '_secretAccessToken'?: "secretAccessToken";
}
