import { createHash, timingSafeEqual } from 'crypto';
import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';

/** The service's OPS_HTTP_TOKEN, or null (then its HTTP server is bound to loopback: configuration checks it). */
export const OPS_HTTP_TOKEN = Symbol('OPS_HTTP_TOKEN');

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether an `Authorization` header carries the ops token (constant-time on digests). With no
 * token configured every caller passes: the server is then reachable from this host only.
 */
export function opsTokenAccepts(expected: string | null, authorization: string | undefined): boolean {
  if (expected === null) return true;
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(expected));
}

/** 401 on an ops route (metrics, settings view, API docs) without `Authorization: Bearer <OPS_HTTP_TOKEN>`. */
@Injectable()
export class OpsTokenGuard implements CanActivate {
  constructor(@Inject(OPS_HTTP_TOKEN) private readonly token: string | null) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (opsTokenAccepts(this.token, req.headers.authorization)) return true;
    throw new UnauthorizedException('send Authorization: Bearer <OPS_HTTP_TOKEN>');
  }
}
