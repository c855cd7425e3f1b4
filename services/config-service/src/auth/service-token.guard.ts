import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Metadata } from '@grpc/grpc-js';
import { mayAccess, ServiceTokens } from '../security/service-tokens';
import { isMalformedRequest } from '../grpc/malformed-requests';
import { forbidden, ServiceError } from '../settings/errors';
import type { Caller } from '../settings/settings-service';
import { AUTHORIZED_CALLER, requestHolder, SERVICE_TOKEN_REQUIREMENT, ServiceTokenRequirement } from './service-token-auth';

export const ADMIN_TOKENS = Symbol('ADMIN_TOKENS');
export const INTERNAL_TOKENS = Symbol('INTERNAL_TOKENS');

/**
 * The one authentication of both transports: 401 without a known token of the required list,
 * then (for tenant routes) 403 for an account the token may not use, the same answer whether the
 * account exists or not, before any validation or lookup. A gRPC request whose bytes were no
 * valid message of the method (grpc/malformed-requests.ts) is INVALID_ARGUMENT right after the
 * token: its account is unknown.
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ADMIN_TOKENS) private readonly adminTokens: ServiceTokens,
    @Inject(INTERNAL_TOKENS) private readonly internalTokens: ServiceTokens,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const requirement = this.reflector.getAllAndOverride<ServiceTokenRequirement>(SERVICE_TOKEN_REQUIREMENT, [context.getHandler(), context.getClass()]);
    const rpc = context.getType() === 'rpc';
    const { authorization, accountId } = rpc ? this.fromGrpc(context) : this.fromHttp(context);
    const tokens = requirement.tokens === 'admin' ? this.adminTokens : this.internalTokens;
    const principal = tokens.authenticate(authorization);
    if (!principal) throw new ServiceError('unauthenticated', `send ${rpc ? 'authorization' : 'Authorization'}: Bearer <${requirement.tokens} service token>`);
    if (rpc && isMalformedRequest(context.switchToRpc().getData())) throw new ServiceError('invalid_request', 'the request is not a valid protobuf message of this method');
    if (requirement.tenant && !mayAccess(principal, accountId)) throw forbidden();
    if (requirement.operator && !principal.operator) throw new ServiceError('forbidden', 'this route needs an operator token (ADMIN_API_TOKENS entry with the operator role)');
    const caller: Caller = { principal, via: rpc ? 'grpc' : 'http' };
    requestHolder(context)[AUTHORIZED_CALLER] = caller;
    return true;
  }

  private fromHttp(context: ExecutionContext): { authorization: string | undefined; accountId: string } {
    const req = context.switchToHttp().getRequest<Request>();
    return { authorization: req.headers.authorization, accountId: String(req.params.accountId ?? '') };
  }

  private fromGrpc(context: ExecutionContext): { authorization: string | null; accountId: string } {
    const rpc = context.switchToRpc();
    const value = rpc.getContext<Metadata>().get('authorization')[0];
    return { authorization: typeof value === 'string' ? value : null, accountId: String(rpc.getData<{ accountId?: string }>().accountId ?? '') };
  }
}
