import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import { AdminOperation } from '../http/openapi';
import type { Caller } from '../settings/settings-service';
import { SessionResponseSchema } from './operations-views';

/** Who the admin token is: the console shows the accounts it may open and whether Operações is offered. */
@ApiTags('session')
@Controller('v1/session')
@ServiceTokenAuth({ tokens: 'admin', tenant: false })
export class SessionController {
  @Get()
  @AdminOperation({ summary: "The admin token's name, accounts and operator role (never the token)", response: SessionResponseSchema, accountParam: false })
  session(@AuthorizedCaller() caller: Caller) {
    const { principal } = caller;
    return { principal: principal.name, accounts: principal.accounts === '*' ? '*' : [...principal.accounts].sort(), operator: principal.operator };
  }
}
