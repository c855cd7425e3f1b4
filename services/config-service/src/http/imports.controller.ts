import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import { ImportsService } from '../imports/imports-service';
import type { Caller } from '../settings/settings-service';

/** "Importar vendas anteriores": preview, start, progress and cancel (docs/operations.md#importing-past-sales). */
@ApiTags('imports')
@Controller('v1/accounts/:accountId/imports')
@ServiceTokenAuth({ tokens: 'admin', tenant: true })
export class ImportsController {
  constructor(@Inject(ImportsService) private readonly imports: ImportsService) {}

  @Post('preview')
  @HttpCode(200)
  preview(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Body() body: unknown) {
    return this.imports.preview(caller, accountId, body);
  }

  @Post()
  @HttpCode(202)
  start(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Body() body: unknown) {
    return this.imports.start(caller, accountId, body);
  }

  @Get()
  list(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string) {
    return this.imports.list(caller, accountId);
  }

  @Get(':importId')
  get(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Param('importId') importId: string) {
    return this.imports.get(caller, accountId, importId);
  }

  @Post(':importId/cancel')
  @HttpCode(202)
  cancel(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Param('importId') importId: string) {
    return this.imports.cancel(caller, accountId, importId);
  }
}
