// Original file: libs/contracts/proto/config_service.proto


export interface NfseSettings {
  'serie'?: (number);
  /**
   * 1 tributação no município, 2 fora, 3 isenção, 4 imune, 5 exigibilidade suspensa (judicial).
   */
  'naturezaOperacao'?: (number);
  'codigoServico'?: (string);
  /**
   * Percentage with up to 4 decimals, e.g. "2.00".
   */
  'aliquotaIss'?: (string);
  /**
   * 1 Simples Nacional, 2 regime normal (0 = default 1).
   */
  'regime'?: (number);
  'descricaoServico'?: (string);
}

export interface NfseSettings__Output {
  'serie': (number);
  /**
   * 1 tributação no município, 2 fora, 3 isenção, 4 imune, 5 exigibilidade suspensa (judicial).
   */
  'naturezaOperacao': (number);
  'codigoServico': (string);
  /**
   * Percentage with up to 4 decimals, e.g. "2.00".
   */
  'aliquotaIss': (string);
  /**
   * 1 Simples Nacional, 2 regime normal (0 = default 1).
   */
  'regime': (number);
  'descricaoServico': (string);
}
