import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import { AdminOperation } from '../http/openapi';
import { validate } from '../settings/sections';
import type { Caller } from '../settings/settings-service';
import { OperationsService } from './operations.service';
import {
  ConsumerLagResponseSchema, DeadLettersQuerySchema, DeadLettersResponseSchema, OutboxBacklogResponseSchema,
  PausedAccountsResponseSchema, ReplayBodySchema, ReplayResponseSchema,
} from './operations-views';

const OPERATOR_ONLY: [number, string][] = [[403, 'forbidden: not an operator token'], [503, 'operations_unavailable: Kafka or PostgreSQL could not be read (the cause is in the message)']];

/** The console's Operações, over HTTP only (an operators' screen, not an admin-backend operation). */
@ApiTags('operations')
@Controller('v1/operations')
@ServiceTokenAuth({ tokens: 'admin', tenant: false, operator: true })
export class OperationsController {
  constructor(@Inject(OperationsService) private readonly operations: OperationsService) {}

  @Get('dead-letters')
  @AdminOperation({
    summary: 'Dead letters of each consumer group of the product, newest first, with their replay state',
    description: 'Query: limit (1-200 per group, default 50), account (only that account\'s letters).',
    response: DeadLettersResponseSchema, accountParam: false, errors: OPERATOR_ONLY,
  })
  async deadLetters(@AuthorizedCaller() caller: Caller, @Query() query: Record<string, unknown>) {
    const q = validate(DeadLettersQuerySchema, query, 'query');
    return this.operations.deadLetters(caller, { limit: q.limit, ...(q.account ? { account: q.account } : {}) });
  }

  @Post('dead-letters/:consumerGroup/replay')
  @HttpCode(200)
  @AdminOperation({
    summary: 'Replay one dead letter to the topic it came from (a retry topic\'s goes to its main topic), once',
    description: 'Recorded in the replay journal shared with `npm run ops -- dlq replay`: a letter already replayed (or in doubt) is skipped unless force is true.',
    body: ReplayBodySchema, response: ReplayResponseSchema, accountParam: false,
    extraParams: [{ name: 'consumerGroup', description: 'A consumer group of this deployment (its dead-letter topic is deadletter.<group>.v1)' }],
    errors: [...OPERATOR_ONLY, [404, 'not_found: not a consumer group of this deployment'], [422, 'validation_failed: the body is not {partition, offset, force?}']],
  })
  async replay(@AuthorizedCaller() caller: Caller, @Param('consumerGroup') group: string, @Req() req: Request) {
    const body = validate(ReplayBodySchema, req.body ?? {});
    return this.operations.replay(caller, group, body);
  }

  @Get('paused-accounts')
  @AdminOperation({ summary: 'Accounts the dispatcher paused (Vhsys refused their tokens), with the reason', response: PausedAccountsResponseSchema, accountParam: false, errors: OPERATOR_ONLY })
  async pausedAccounts(@AuthorizedCaller() caller: Caller) {
    return { accounts: await this.operations.pausedAccounts(caller) };
  }

  @Get('consumer-lag')
  @AdminOperation({ summary: 'Lag of each consumer group of the product on each topic it reads', response: ConsumerLagResponseSchema, accountParam: false, errors: OPERATOR_ONLY })
  async consumerLag(@AuthorizedCaller() caller: Caller) {
    return { groups: await this.operations.consumerLag(caller) };
  }

  @Get('outbox')
  @AdminOperation({ summary: 'Outbox backlog of each service: rows not yet published, rows set aside', response: OutboxBacklogResponseSchema, accountParam: false, errors: OPERATOR_ONLY })
  async outbox(@AuthorizedCaller() caller: Caller) {
    return { services: await this.operations.outboxBacklog(caller) };
  }
}
