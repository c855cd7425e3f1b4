// Original file: libs/contracts/proto/config_service.proto

import type { SaleSummary as _guru_vhsys_config_v1_SaleSummary, SaleSummary__Output as _guru_vhsys_config_v1_SaleSummary__Output } from '../../../../guru/vhsys/config/v1/SaleSummary';
import type { TimelineEntry as _guru_vhsys_config_v1_TimelineEntry, TimelineEntry__Output as _guru_vhsys_config_v1_TimelineEntry__Output } from '../../../../guru/vhsys/config/v1/TimelineEntry';

export interface SaleDetail {
  'sale'?: (_guru_vhsys_config_v1_SaleSummary | null);
  /**
   * Oldest first, at most 200 (oldest dropped).
   */
  'timeline'?: (_guru_vhsys_config_v1_TimelineEntry)[];
}

export interface SaleDetail__Output {
  'sale': (_guru_vhsys_config_v1_SaleSummary__Output | null);
  /**
   * Oldest first, at most 200 (oldest dropped).
   */
  'timeline': (_guru_vhsys_config_v1_TimelineEntry__Output)[];
}
