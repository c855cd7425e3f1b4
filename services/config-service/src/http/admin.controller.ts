import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { ServiceTokens } from '../security/service-tokens';
import { ServiceError } from '../settings/errors';
import { RepublishSchema } from '../settings/sections';
import { SettingsService } from '../settings/settings-service';
import { AdminOperation } from './openapi';
import { ADMIN_TOKENS, SETTINGS_SERVICE } from './settings.controller';

export const RepublishResponseSchema = z.object({
  /** Snapshots (and tombstones of deleted integrations) written to the outbox. */
  republished: z.number().int().min(0),
});

/** Operations on the service itself rather than on one account's screens (the ops command uses them). */
@ApiTags('admin')
@Controller('v1/admin')
export class AdminController {
  constructor(
    @Inject(SETTINGS_SERVICE) private readonly settings: SettingsService,
    @Inject(ADMIN_TOKENS) private readonly tokens: ServiceTokens,
  ) {}

  @Post('republish')
  @HttpCode(200)
  @AdminOperation({
    summary: 'Publish the current settings snapshot of one account, or of every account, again',
    description:
      'Body {"accountId": "…"} for one account; {} (or no body) for every account, which only a token allowed on all accounts (*) may ask. ' +
      'A deleted integration gets its tombstone again. Versions do not change; each account gets an audit entry (action republish). ' +
      'For a compacted topic that lost keys, or a consumer view to rebuild (npm run ops -- config republish).',
    body: RepublishSchema,
    response: RepublishResponseSchema,
    accountParam: false,
    errors: [[404, 'not_found: the account has no integration (and never had one)'], [422, 'validation_failed: the body is not {accountId?}']],
  })
  async republish(@Req() req: Request) {
    const principal = this.tokens.authenticate(req.headers.authorization);
    if (!principal) throw new ServiceError('unauthenticated', 'send Authorization: Bearer <admin service token>');
    return this.settings.republish({ principal, via: 'http' }, req.body);
  }
}
