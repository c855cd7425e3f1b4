// Original file: libs/contracts/proto/config_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ImportPreview as _guru_vhsys_config_v1_ImportPreview, ImportPreview__Output as _guru_vhsys_config_v1_ImportPreview__Output } from '../../../../guru/vhsys/config/v1/ImportPreview';
import type { ImportProgress as _guru_vhsys_config_v1_ImportProgress, ImportProgress__Output as _guru_vhsys_config_v1_ImportProgress__Output } from '../../../../guru/vhsys/config/v1/ImportProgress';
import type { ImportRef as _guru_vhsys_config_v1_ImportRef, ImportRef__Output as _guru_vhsys_config_v1_ImportRef__Output } from '../../../../guru/vhsys/config/v1/ImportRef';
import type { ImportRequest as _guru_vhsys_config_v1_ImportRequest, ImportRequest__Output as _guru_vhsys_config_v1_ImportRequest__Output } from '../../../../guru/vhsys/config/v1/ImportRequest';
import type { StartImportReply as _guru_vhsys_config_v1_StartImportReply, StartImportReply__Output as _guru_vhsys_config_v1_StartImportReply__Output } from '../../../../guru/vhsys/config/v1/StartImportReply';

/**
 * ---- Imports of past sales ("Importar vendas anteriores", admin tokens) ------------------------
 * docs/operations.md#importing-past-sales. Same validation, tenant rule and errors as HTTP.
 */
export interface SalesImportClient extends grpc.Client {
  /**
   * queued → cancelled; running → cancelling (then cancelled after the current page).
   */
  CancelImport(argument: _guru_vhsys_config_v1_ImportRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  CancelImport(argument: _guru_vhsys_config_v1_ImportRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  CancelImport(argument: _guru_vhsys_config_v1_ImportRef, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  CancelImport(argument: _guru_vhsys_config_v1_ImportRef, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  /**
   * queued → cancelled; running → cancelling (then cancelled after the current page).
   */
  cancelImport(argument: _guru_vhsys_config_v1_ImportRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  cancelImport(argument: _guru_vhsys_config_v1_ImportRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  cancelImport(argument: _guru_vhsys_config_v1_ImportRef, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  cancelImport(argument: _guru_vhsys_config_v1_ImportRef, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  
  GetImport(argument: _guru_vhsys_config_v1_ImportRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  GetImport(argument: _guru_vhsys_config_v1_ImportRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  GetImport(argument: _guru_vhsys_config_v1_ImportRef, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  GetImport(argument: _guru_vhsys_config_v1_ImportRef, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  getImport(argument: _guru_vhsys_config_v1_ImportRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  getImport(argument: _guru_vhsys_config_v1_ImportRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  getImport(argument: _guru_vhsys_config_v1_ImportRef, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  getImport(argument: _guru_vhsys_config_v1_ImportRef, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportProgress__Output>): grpc.ClientUnaryCall;
  
  /**
   * What an import would do (nothing is produced). INVALID_ARGUMENT names the bad field;
   * FAILED_PRECONDITION (guru_token_not_set); UNAVAILABLE (guru_unavailable).
   */
  PreviewImport(argument: _guru_vhsys_config_v1_ImportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportPreview__Output>): grpc.ClientUnaryCall;
  PreviewImport(argument: _guru_vhsys_config_v1_ImportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportPreview__Output>): grpc.ClientUnaryCall;
  PreviewImport(argument: _guru_vhsys_config_v1_ImportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportPreview__Output>): grpc.ClientUnaryCall;
  PreviewImport(argument: _guru_vhsys_config_v1_ImportRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportPreview__Output>): grpc.ClientUnaryCall;
  /**
   * What an import would do (nothing is produced). INVALID_ARGUMENT names the bad field;
   * FAILED_PRECONDITION (guru_token_not_set); UNAVAILABLE (guru_unavailable).
   */
  previewImport(argument: _guru_vhsys_config_v1_ImportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportPreview__Output>): grpc.ClientUnaryCall;
  previewImport(argument: _guru_vhsys_config_v1_ImportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportPreview__Output>): grpc.ClientUnaryCall;
  previewImport(argument: _guru_vhsys_config_v1_ImportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportPreview__Output>): grpc.ClientUnaryCall;
  previewImport(argument: _guru_vhsys_config_v1_ImportRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_ImportPreview__Output>): grpc.ClientUnaryCall;
  
  /**
   * Queues an import. ALREADY_EXISTS (import_already_running) when the account has one active.
   */
  StartImport(argument: _guru_vhsys_config_v1_ImportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartImportReply__Output>): grpc.ClientUnaryCall;
  StartImport(argument: _guru_vhsys_config_v1_ImportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartImportReply__Output>): grpc.ClientUnaryCall;
  StartImport(argument: _guru_vhsys_config_v1_ImportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartImportReply__Output>): grpc.ClientUnaryCall;
  StartImport(argument: _guru_vhsys_config_v1_ImportRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartImportReply__Output>): grpc.ClientUnaryCall;
  /**
   * Queues an import. ALREADY_EXISTS (import_already_running) when the account has one active.
   */
  startImport(argument: _guru_vhsys_config_v1_ImportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartImportReply__Output>): grpc.ClientUnaryCall;
  startImport(argument: _guru_vhsys_config_v1_ImportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartImportReply__Output>): grpc.ClientUnaryCall;
  startImport(argument: _guru_vhsys_config_v1_ImportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartImportReply__Output>): grpc.ClientUnaryCall;
  startImport(argument: _guru_vhsys_config_v1_ImportRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_StartImportReply__Output>): grpc.ClientUnaryCall;
  
}

/**
 * ---- Imports of past sales ("Importar vendas anteriores", admin tokens) ------------------------
 * docs/operations.md#importing-past-sales. Same validation, tenant rule and errors as HTTP.
 */
export interface SalesImportHandlers extends grpc.UntypedServiceImplementation {
  /**
   * queued → cancelled; running → cancelling (then cancelled after the current page).
   */
  CancelImport: grpc.handleUnaryCall<_guru_vhsys_config_v1_ImportRef__Output, _guru_vhsys_config_v1_ImportProgress>;
  
  GetImport: grpc.handleUnaryCall<_guru_vhsys_config_v1_ImportRef__Output, _guru_vhsys_config_v1_ImportProgress>;
  
  /**
   * What an import would do (nothing is produced). INVALID_ARGUMENT names the bad field;
   * FAILED_PRECONDITION (guru_token_not_set); UNAVAILABLE (guru_unavailable).
   */
  PreviewImport: grpc.handleUnaryCall<_guru_vhsys_config_v1_ImportRequest__Output, _guru_vhsys_config_v1_ImportPreview>;
  
  /**
   * Queues an import. ALREADY_EXISTS (import_already_running) when the account has one active.
   */
  StartImport: grpc.handleUnaryCall<_guru_vhsys_config_v1_ImportRequest__Output, _guru_vhsys_config_v1_StartImportReply>;
  
}

export interface SalesImportDefinition extends grpc.ServiceDefinition {
  CancelImport: MethodDefinition<_guru_vhsys_config_v1_ImportRef, _guru_vhsys_config_v1_ImportProgress, _guru_vhsys_config_v1_ImportRef__Output, _guru_vhsys_config_v1_ImportProgress__Output>
  GetImport: MethodDefinition<_guru_vhsys_config_v1_ImportRef, _guru_vhsys_config_v1_ImportProgress, _guru_vhsys_config_v1_ImportRef__Output, _guru_vhsys_config_v1_ImportProgress__Output>
  PreviewImport: MethodDefinition<_guru_vhsys_config_v1_ImportRequest, _guru_vhsys_config_v1_ImportPreview, _guru_vhsys_config_v1_ImportRequest__Output, _guru_vhsys_config_v1_ImportPreview__Output>
  StartImport: MethodDefinition<_guru_vhsys_config_v1_ImportRequest, _guru_vhsys_config_v1_StartImportReply, _guru_vhsys_config_v1_ImportRequest__Output, _guru_vhsys_config_v1_StartImportReply__Output>
}
