// Original file: libs/contracts/proto/config_service.proto


export interface InvoicePolicy {
  /**
   * "producao" | "homologacao".
   */
  'ambiente'?: (string);
  /**
   * "on_approval" | "after_warranty".
   */
  'issueWhen'?: (string);
  /**
   * "manual_cancellation" | "keep_invoice".
   */
  'onRefundAfterInvoice'?: (string);
}

export interface InvoicePolicy__Output {
  /**
   * "producao" | "homologacao".
   */
  'ambiente': (string);
  /**
   * "on_approval" | "after_warranty".
   */
  'issueWhen': (string);
  /**
   * "manual_cancellation" | "keep_invoice".
   */
  'onRefundAfterInvoice': (string);
}
