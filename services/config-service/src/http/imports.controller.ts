import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import { ImportsService } from '../imports/imports-service';
import { ImportBodySchema, ImportListSchema, ImportPreviewSchema, ImportProgressSchema, StartImportReplySchema } from '../imports/import-view';
import type { Caller } from '../settings/settings-service';
import { AdminOperation } from './openapi';

const IMPORT_PARAM = [{ name: 'importId', description: 'The import id (UUID)' }];
const BODY_ERRORS: [number, string][] = [
  [422, 'validation_failed (details name each field: from, to, productIds[i], statuses[i])'],
  [409, 'guru_token_not_set: no Guru user token for this account, or Guru refused it'],
  [502, 'guru_unavailable: Guru could not be read'],
];

/** "Importar vendas anteriores": preview, start, progress and cancel (docs/operations.md#importing-past-sales). */
@ApiTags('imports')
@Controller('v1/accounts/:accountId/imports')
@ServiceTokenAuth({ tokens: 'admin', tenant: true })
export class ImportsController {
  constructor(@Inject(ImportsService) private readonly imports: ImportsService) {}

  @Post('preview')
  @HttpCode(200)
  @AdminOperation({
    summary: 'What an import of the period would do (nothing is produced)',
    description: 'Reads the sales from Guru (windows of at most 180 days, within its rate limit). Above IMPORT_PREVIEW_MAX_SALES sales the counts are scaled from the first ones read (estimated: true).',
    body: ImportBodySchema, response: ImportPreviewSchema, errors: BODY_ERRORS,
  })
  preview(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Body() body: unknown) {
    return this.imports.preview(caller, accountId, body);
  }

  @Post()
  @HttpCode(202)
  @AdminOperation({
    summary: 'Start an import of past sales',
    description: 'Queued; a config-service instance runs it (resumes after a crash from its stored position). Each sale goes through the normal pipeline: one already dispatched is unchanged.',
    body: ImportBodySchema, response: StartImportReplySchema, status: 202,
    errors: [...BODY_ERRORS, [409, 'import_already_running: the account has an import queued, running or cancelling']],
  })
  start(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Body() body: unknown) {
    return this.imports.start(caller, accountId, body);
  }

  @Get()
  @AdminOperation({ summary: "The account's 20 latest imports, newest first", response: ImportListSchema })
  list(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string) {
    return this.imports.list(caller, accountId);
  }

  @Get(':importId')
  @AdminOperation({ summary: 'Progress of an import: done / total, rate, ETA, window', response: ImportProgressSchema, extraParams: IMPORT_PARAM, errors: [[404, 'no such import for this account']] })
  get(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Param('importId') importId: string) {
    return this.imports.get(caller, accountId, importId);
  }

  @Post(':importId/cancel')
  @HttpCode(202)
  @AdminOperation({
    summary: 'Cancel an import', description: 'queued → cancelled at once; running → cancelling, then cancelled after the current page.',
    response: ImportProgressSchema, extraParams: IMPORT_PARAM, status: 202, errors: [[404, 'no such import for this account']],
  })
  cancel(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Param('importId') importId: string) {
    return this.imports.cancel(caller, accountId, importId);
  }
}
