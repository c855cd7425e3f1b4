// Original file: libs/contracts/proto/config_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Credentials as _guru_vhsys_config_v1_Credentials, Credentials__Output as _guru_vhsys_config_v1_Credentials__Output } from '../../../../guru/vhsys/config/v1/Credentials';
import type { GetCredentialsRequest as _guru_vhsys_config_v1_GetCredentialsRequest, GetCredentialsRequest__Output as _guru_vhsys_config_v1_GetCredentialsRequest__Output } from '../../../../guru/vhsys/config/v1/GetCredentialsRequest';

export interface VhsysCredentialsClient extends grpc.Client {
  /**
   * The account's Vhsys token pair, decrypted. NOT_FOUND when there is no integration,
   * FAILED_PRECONDITION when it has no tokens.
   */
  GetCredentials(argument: _guru_vhsys_config_v1_GetCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_Credentials__Output>): grpc.ClientUnaryCall;
  GetCredentials(argument: _guru_vhsys_config_v1_GetCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_Credentials__Output>): grpc.ClientUnaryCall;
  GetCredentials(argument: _guru_vhsys_config_v1_GetCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_Credentials__Output>): grpc.ClientUnaryCall;
  GetCredentials(argument: _guru_vhsys_config_v1_GetCredentialsRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_Credentials__Output>): grpc.ClientUnaryCall;
  /**
   * The account's Vhsys token pair, decrypted. NOT_FOUND when there is no integration,
   * FAILED_PRECONDITION when it has no tokens.
   */
  getCredentials(argument: _guru_vhsys_config_v1_GetCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_Credentials__Output>): grpc.ClientUnaryCall;
  getCredentials(argument: _guru_vhsys_config_v1_GetCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_guru_vhsys_config_v1_Credentials__Output>): grpc.ClientUnaryCall;
  getCredentials(argument: _guru_vhsys_config_v1_GetCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_guru_vhsys_config_v1_Credentials__Output>): grpc.ClientUnaryCall;
  getCredentials(argument: _guru_vhsys_config_v1_GetCredentialsRequest, callback: grpc.requestCallback<_guru_vhsys_config_v1_Credentials__Output>): grpc.ClientUnaryCall;
  
}

export interface VhsysCredentialsHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The account's Vhsys token pair, decrypted. NOT_FOUND when there is no integration,
   * FAILED_PRECONDITION when it has no tokens.
   */
  GetCredentials: grpc.handleUnaryCall<_guru_vhsys_config_v1_GetCredentialsRequest__Output, _guru_vhsys_config_v1_Credentials>;
  
}

export interface VhsysCredentialsDefinition extends grpc.ServiceDefinition {
  GetCredentials: MethodDefinition<_guru_vhsys_config_v1_GetCredentialsRequest, _guru_vhsys_config_v1_Credentials, _guru_vhsys_config_v1_GetCredentialsRequest__Output, _guru_vhsys_config_v1_Credentials__Output>
}
