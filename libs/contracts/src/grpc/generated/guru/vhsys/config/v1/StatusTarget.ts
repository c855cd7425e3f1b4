// Original file: libs/contracts/proto/config_service.proto


export interface StatusTarget {
  /**
   * "Em Aberto" | "Em Andamento" | "Atendido" | "Cancelado".
   */
  'status'?: (string);
  /**
   * Custom situação id of the account (ListSituacoes), 0 = none.
   */
  'situacaoId'?: (number);
}

export interface StatusTarget__Output {
  /**
   * "Em Aberto" | "Em Andamento" | "Atendido" | "Cancelado".
   */
  'status': (string);
  /**
   * Custom situação id of the account (ListSituacoes), 0 = none.
   */
  'situacaoId': (number);
}
