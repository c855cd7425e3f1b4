import type { Request } from 'express';
import { ServiceError } from '../settings/errors';
import { Precondition } from '../settings/settings-service';

/**
 * `If-Match: "7"` (also W/"7" or 7) → change version 7; `If-None-Match: *` → create; neither →
 * refused with 428 (a write must say what it overwrites).
 */
export function preconditionOf(req: Request): Precondition {
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifMatch !== undefined && ifNoneMatch !== undefined) {
    throw new ServiceError('invalid_request', 'send either If-Match or If-None-Match, not both');
  }
  if (ifNoneMatch !== undefined) {
    if (String(ifNoneMatch).trim() !== '*') throw new ServiceError('invalid_request', 'If-None-Match on writes must be * (create the integration)');
    return { kind: 'absent' };
  }
  if (ifMatch !== undefined) {
    const match = /^\s*(?:W\/)?"?([1-9]\d{0,9})"?\s*$/.exec(String(ifMatch));
    if (!match) throw new ServiceError('invalid_request', 'If-Match must be the settings version as an ETag, e.g. If-Match: "3"');
    return { kind: 'version', version: Number(match[1]) };
  }
  return { kind: 'missing' };
}

export function etag(version: number): string {
  return `"${version}"`;
}
