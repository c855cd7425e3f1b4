import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import { RepublishSchema } from '../settings/sections';
import { Caller, SettingsService } from '../settings/settings-service';
import { AdminOperation } from './openapi';

export const RepublishResponseSchema = z.object({
  /** Snapshots (and tombstones of deleted integrations) written to the outbox. */
  republished: z.number().int().min(0),
});

/** Operations on the service itself rather than on one account's screens (the ops command uses them). */
@ApiTags('admin')
@Controller('v1/admin')
@ServiceTokenAuth({ tokens: 'admin', tenant: false })
export class AdminController {
  constructor(@Inject(SettingsService) private readonly settings: SettingsService) {}

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
  async republish(@AuthorizedCaller() caller: Caller, @Req() req: Request) {
    return this.settings.republish(caller, req.body);
  }
}
