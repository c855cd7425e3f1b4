import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import type { Caller } from '../settings/settings-service';
import { ServiceTokenGuard } from './service-token.guard';

export interface ServiceTokenRequirement {
  /** Which token list authenticates the caller: ADMIN_API_TOKENS or INTERNAL_API_TOKENS. */
  tokens: 'admin' | 'internal';
  /**
   * Whether the token must be allowed on the request's account (HTTP path parameter accountId,
   * gRPC field account_id), checked right after the token, before anything else is looked at.
   */
  tenant: boolean;
  /** Whether the token must be an operator's (the Operações routes: every account's dead letters and pauses). */
  operator?: boolean;
}

export const SERVICE_TOKEN_REQUIREMENT = Symbol('SERVICE_TOKEN_REQUIREMENT');

/** Where the guard leaves the authenticated Caller: on the express request or the grpc-js call. */
export const AUTHORIZED_CALLER = Symbol('AUTHORIZED_CALLER');

/** Bearer service token required on every handler of a controller (ServiceTokenGuard). */
export function ServiceTokenAuth(requirement: ServiceTokenRequirement): ClassDecorator {
  return applyDecorators(TokenRequirement(requirement), UseGuards(ServiceTokenGuard));
}

/** On one handler of a ServiceTokenAuth controller: a requirement other than the controller's. */
export function TokenRequirement(requirement: ServiceTokenRequirement): ClassDecorator & MethodDecorator {
  return SetMetadata(SERVICE_TOKEN_REQUIREMENT, requirement);
}

/** The holder of the request's state: express request (HTTP) or grpc-js call (gRPC: handler arg 3). */
export function requestHolder(context: ExecutionContext): Record<symbol, unknown> {
  return context.getType() === 'rpc' ? context.getArgByIndex(2) : context.switchToHttp().getRequest();
}

/** The Caller the ServiceTokenGuard authenticated. */
export const AuthorizedCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => requestHolder(context)[AUTHORIZED_CALLER] as Caller);
