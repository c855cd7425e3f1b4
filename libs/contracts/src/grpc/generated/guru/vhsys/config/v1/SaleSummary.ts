// Original file: libs/contracts/proto/config_service.proto

import type { ManualCancellation as _guru_vhsys_config_v1_ManualCancellation, ManualCancellation__Output as _guru_vhsys_config_v1_ManualCancellation__Output } from '../../../../guru/vhsys/config/v1/ManualCancellation';
import type { SaleVhsys as _guru_vhsys_config_v1_SaleVhsys, SaleVhsys__Output as _guru_vhsys_config_v1_SaleVhsys__Output } from '../../../../guru/vhsys/config/v1/SaleVhsys';
import type { Long } from '@grpc/proto-loader';

export interface SaleSummary {
  'guruTransactionId'?: (string);
  'guruStatus'?: (string);
  'buyerName'?: (string);
  /**
   * CPF ***.456.789-** / CNPJ **.222.333/0001-**; the clear document is never stored.
   */
  'buyerDocumentMasked'?: (string);
  'totalCents'?: (number | string | Long);
  'outcome'?: (string);
  'reason'?: (string);
  'detail'?: (string);
  /**
   * Revision of the newest sale order; absent for a mapping-only sale.
   */
  'revision'?: (number | string | Long);
  'attempts'?: (number);
  'lastAttemptAt'?: (string);
  'lastError'?: (string);
  'productCodes'?: (string)[];
  /**
   * Set only when the outcome is needs_manual_cancellation.
   */
  'needsManualCancellation'?: (_guru_vhsys_config_v1_ManualCancellation | null);
  'vhsys'?: (_guru_vhsys_config_v1_SaleVhsys | null);
  'reprocessable'?: (boolean);
  'occurredAt'?: (string);
  'lastEventAt'?: (string);
  'updatedAt'?: (string);
  '_totalCents'?: "totalCents";
  '_revision'?: "revision";
}

export interface SaleSummary__Output {
  'guruTransactionId': (string);
  'guruStatus': (string);
  'buyerName': (string);
  /**
   * CPF ***.456.789-** / CNPJ **.222.333/0001-**; the clear document is never stored.
   */
  'buyerDocumentMasked': (string);
  'totalCents'?: (number);
  'outcome': (string);
  'reason': (string);
  'detail': (string);
  /**
   * Revision of the newest sale order; absent for a mapping-only sale.
   */
  'revision'?: (number);
  'attempts': (number);
  'lastAttemptAt': (string);
  'lastError': (string);
  'productCodes': (string)[];
  /**
   * Set only when the outcome is needs_manual_cancellation.
   */
  'needsManualCancellation': (_guru_vhsys_config_v1_ManualCancellation__Output | null);
  'vhsys': (_guru_vhsys_config_v1_SaleVhsys__Output | null);
  'reprocessable': (boolean);
  'occurredAt': (string);
  'lastEventAt': (string);
  'updatedAt': (string);
  '_totalCents'?: "totalCents";
  '_revision'?: "revision";
}
