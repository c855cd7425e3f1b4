// Original file: libs/contracts/proto/config_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AuditDetail as _guru_vhsys_config_v1_AuditDetail, AuditDetail__Output as _guru_vhsys_config_v1_AuditDetail__Output } from '../../../../guru/vhsys/config/v1/AuditDetail';
import type { AuditFindingReply as _guru_vhsys_config_v1_AuditFindingReply, AuditFindingReply__Output as _guru_vhsys_config_v1_AuditFindingReply__Output } from '../../../../guru/vhsys/config/v1/AuditFindingReply';
import type { AuditFindingRequest as _guru_vhsys_config_v1_AuditFindingRequest, AuditFindingRequest__Output as _guru_vhsys_config_v1_AuditFindingRequest__Output } from '../../../../guru/vhsys/config/v1/AuditFindingRequest';
import type { GetAuditRequest as _guru_vhsys_config_v1_GetAuditRequest, GetAuditRequest__Output as _guru_vhsys_config_v1_GetAuditRequest__Output } from '../../../../guru/vhsys/config/v1/GetAuditRequest';
import type { ListAuditsReply as _guru_vhsys_config_v1_ListAuditsReply, ListAuditsReply__Output as _guru_vhsys_config_v1_ListAuditsReply__Output } from '../../../../guru/vhsys/config/v1/ListAuditsReply';
import type { ListAuditsRequest as _guru_vhsys_config_v1_ListAuditsRequest, ListAuditsRequest__Output as _guru_vhsys_config_v1_ListAuditsRequest__Output } from '../../../../guru/vhsys/config/v1/ListAuditsRequest';
import type { StartAuditReply as _guru_vhsys_config_v1_StartAuditReply, StartAuditReply__Output as _guru_vhsys_config_v1_StartAuditReply__Output } from '../../../../guru/vhsys/config/v1/StartAuditReply';
import type { StartAuditRequest as _guru_vhsys_config_v1_StartAuditRequest, StartAuditRequest__Output as _guru_vhsys_config_v1_StartAuditRequest__Output } from '../../../../guru/vhsys/config/v1/StartAuditRequest';

/**
 * The same operations, validation and tenant rule as HTTP /v1/accounts/{account_id}/audits.
 * The dispatcher runs the audit and acts on findings; these calls ask it (after commit, audited)
 * and read what it answered.
 */
export interface SalesAuditClient extends grpc.Client {
  /**
   * Asks the dispatcher to accept one open finding as it is.
   */
  AcceptFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  AcceptFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  AcceptFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  AcceptFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  /**
   * Asks the dispatcher to accept one open finding as it is.
   */
  acceptFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  acceptFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  acceptFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  acceptFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * One audit with its findings (NOT_FOUND for an audit of another account or none).
   */
  GetAudit(argument: _guru_vhsys_config_v1_GetAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditDetail__Output>): grpc.ClientUnaryCall;
  GetAudit(argument: _guru_vhsys_config_v1_GetAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditDetail__Output>): grpc.ClientUnaryCall;
  GetAudit(argument: _guru_vhsys_config_v1_GetAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditDetail__Output>): grpc.ClientUnaryCall;
  GetAudit(argument: _guru_vhsys_config_v1_GetAuditRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditDetail__Output>): grpc.ClientUnaryCall;
  /**
   * One audit with its findings (NOT_FOUND for an audit of another account or none).
   */
  getAudit(argument: _guru_vhsys_config_v1_GetAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditDetail__Output>): grpc.ClientUnaryCall;
  getAudit(argument: _guru_vhsys_config_v1_GetAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditDetail__Output>): grpc.ClientUnaryCall;
  getAudit(argument: _guru_vhsys_config_v1_GetAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditDetail__Output>): grpc.ClientUnaryCall;
  getAudit(argument: _guru_vhsys_config_v1_GetAuditRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditDetail__Output>): grpc.ClientUnaryCall;
  
  /**
   * The account's audits, newest first (limit 1..50, 0 = 20).
   */
  ListAudits(argument: _guru_vhsys_config_v1_ListAuditsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditsReply__Output>): grpc.ClientUnaryCall;
  ListAudits(argument: _guru_vhsys_config_v1_ListAuditsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditsReply__Output>): grpc.ClientUnaryCall;
  ListAudits(argument: _guru_vhsys_config_v1_ListAuditsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditsReply__Output>): grpc.ClientUnaryCall;
  ListAudits(argument: _guru_vhsys_config_v1_ListAuditsRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditsReply__Output>): grpc.ClientUnaryCall;
  /**
   * The account's audits, newest first (limit 1..50, 0 = 20).
   */
  listAudits(argument: _guru_vhsys_config_v1_ListAuditsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditsReply__Output>): grpc.ClientUnaryCall;
  listAudits(argument: _guru_vhsys_config_v1_ListAuditsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditsReply__Output>): grpc.ClientUnaryCall;
  listAudits(argument: _guru_vhsys_config_v1_ListAuditsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditsReply__Output>): grpc.ClientUnaryCall;
  listAudits(argument: _guru_vhsys_config_v1_ListAuditsRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ListAuditsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Asks the dispatcher to repair one open, repairable finding (re-dispatch to the desired state).
   */
  RepairFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  RepairFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  RepairFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  RepairFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  /**
   * Asks the dispatcher to repair one open, repairable finding (re-dispatch to the desired state).
   */
  repairFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  repairFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  repairFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  repairFinding(argument: _guru_vhsys_config_v1_AuditFindingRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_AuditFindingReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts an audit of the account over [from, to) (ISO 8601 with time zone, at most 366 days).
   * FAILED_PRECONDITION (audit_refused) while another audit of the account is requested or running.
   */
  StartAudit(argument: _guru_vhsys_config_v1_StartAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartAuditReply__Output>): grpc.ClientUnaryCall;
  StartAudit(argument: _guru_vhsys_config_v1_StartAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartAuditReply__Output>): grpc.ClientUnaryCall;
  StartAudit(argument: _guru_vhsys_config_v1_StartAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartAuditReply__Output>): grpc.ClientUnaryCall;
  StartAudit(argument: _guru_vhsys_config_v1_StartAuditRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartAuditReply__Output>): grpc.ClientUnaryCall;
  /**
   * Starts an audit of the account over [from, to) (ISO 8601 with time zone, at most 366 days).
   * FAILED_PRECONDITION (audit_refused) while another audit of the account is requested or running.
   */
  startAudit(argument: _guru_vhsys_config_v1_StartAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartAuditReply__Output>): grpc.ClientUnaryCall;
  startAudit(argument: _guru_vhsys_config_v1_StartAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartAuditReply__Output>): grpc.ClientUnaryCall;
  startAudit(argument: _guru_vhsys_config_v1_StartAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartAuditReply__Output>): grpc.ClientUnaryCall;
  startAudit(argument: _guru_vhsys_config_v1_StartAuditRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartAuditReply__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The same operations, validation and tenant rule as HTTP /v1/accounts/{account_id}/audits.
 * The dispatcher runs the audit and acts on findings; these calls ask it (after commit, audited)
 * and read what it answered.
 */
export interface SalesAuditHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Asks the dispatcher to accept one open finding as it is.
   */
  AcceptFinding: grpc.handleUnaryCall<_guru_vhsys_config_v1_AuditFindingRequest__Output, _guru_vhsys_config_v1_AuditFindingReply>;
  
  /**
   * One audit with its findings (NOT_FOUND for an audit of another account or none).
   */
  GetAudit: grpc.handleUnaryCall<_guru_vhsys_config_v1_GetAuditRequest__Output, _guru_vhsys_config_v1_AuditDetail>;
  
  /**
   * The account's audits, newest first (limit 1..50, 0 = 20).
   */
  ListAudits: grpc.handleUnaryCall<_guru_vhsys_config_v1_ListAuditsRequest__Output, _guru_vhsys_config_v1_ListAuditsReply>;
  
  /**
   * Asks the dispatcher to repair one open, repairable finding (re-dispatch to the desired state).
   */
  RepairFinding: grpc.handleUnaryCall<_guru_vhsys_config_v1_AuditFindingRequest__Output, _guru_vhsys_config_v1_AuditFindingReply>;
  
  /**
   * Starts an audit of the account over [from, to) (ISO 8601 with time zone, at most 366 days).
   * FAILED_PRECONDITION (audit_refused) while another audit of the account is requested or running.
   */
  StartAudit: grpc.handleUnaryCall<_guru_vhsys_config_v1_StartAuditRequest__Output, _guru_vhsys_config_v1_StartAuditReply>;
  
}

export interface SalesAuditDefinition extends grpc.ServiceDefinition {
  AcceptFinding: MethodDefinition<_guru_vhsys_config_v1_AuditFindingRequest, _guru_vhsys_config_v1_AuditFindingReply, _guru_vhsys_config_v1_AuditFindingRequest__Output, _guru_vhsys_config_v1_AuditFindingReply__Output>
  GetAudit: MethodDefinition<_guru_vhsys_config_v1_GetAuditRequest, _guru_vhsys_config_v1_AuditDetail, _guru_vhsys_config_v1_GetAuditRequest__Output, _guru_vhsys_config_v1_AuditDetail__Output>
  ListAudits: MethodDefinition<_guru_vhsys_config_v1_ListAuditsRequest, _guru_vhsys_config_v1_ListAuditsReply, _guru_vhsys_config_v1_ListAuditsRequest__Output, _guru_vhsys_config_v1_ListAuditsReply__Output>
  RepairFinding: MethodDefinition<_guru_vhsys_config_v1_AuditFindingRequest, _guru_vhsys_config_v1_AuditFindingReply, _guru_vhsys_config_v1_AuditFindingRequest__Output, _guru_vhsys_config_v1_AuditFindingReply__Output>
  StartAudit: MethodDefinition<_guru_vhsys_config_v1_StartAuditRequest, _guru_vhsys_config_v1_StartAuditReply, _guru_vhsys_config_v1_StartAuditRequest__Output, _guru_vhsys_config_v1_StartAuditReply__Output>
}
