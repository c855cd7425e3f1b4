import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthorizedCaller, ServiceTokenAuth } from '../auth/service-token-auth';
import type { Caller } from '../settings/settings-service';
import { SalesHistoryService } from '../sales-history/sales-history-service';
import {
  BulkReprocessBodySchema, BulkReprocessReplySchema, ReprocessReplySchema, SaleDetailSchema, SalesPageSchema, SalesQuerySchema,
} from '../sales-history/sales-view';
import { AdminOperation } from './openapi';

const SALE_PARAM = [{ name: 'guruTransactionId', description: 'The Guru transaction id (URL-encoded)' }];
const QUERIES = Object.entries(SalesQuerySchema.shape).map(([name, schema]) => ({ name, description: schema.description ?? '', array: name === 'outcome' }));
const REPROCESS_ERRORS: [number, string][] = [
  [404, 'no such sale in the history of this account'],
  [409, 'reprocess_refused: the dispatcher never received this sale (mapping-only: ignored, needs_configuration, invalid)'],
];

/** The sales history of one Guru account: what happened to each sale, and reprocessing. */
@ApiTags('sales')
@Controller('v1/accounts/:accountId/sales')
@ServiceTokenAuth({ tokens: 'admin', tenant: true })
export class SalesController {
  constructor(@Inject(SalesHistoryService) private readonly sales: SalesHistoryService) {}

  @Get()
  @AdminOperation({
    summary: 'Sales, newest first (by last event), with filters and cursor pagination',
    description: 'Keyset pagination: pass nextCursor as cursor with the same filters. A cursor of another account or filter is refused.',
    response: SalesPageSchema, queries: QUERIES, errors: [[422, 'validation_failed (details name each field)']],
  })
  list(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Query() query: Record<string, unknown>) {
    return this.sales.list(caller, accountId, query);
  }

  @Post('reprocess')
  @HttpCode(202)
  @AdminOperation({
    summary: 'Reprocess the sales a filter matches (newest first, at most max)',
    description: 'One request per sale the dispatcher received, recorded in the audit (action sale_reprocess); the others are listed as skipped. Idempotent in effect: the dispatcher resumes from its ledger and never makes a second order or invoice.',
    body: BulkReprocessBodySchema, response: BulkReprocessReplySchema, status: 202, errors: [[422, 'validation_failed (details name each field)']],
  })
  reprocessMany(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Body() body: unknown) {
    return this.sales.reprocessMany(caller, accountId, body);
  }

  @Get(':guruTransactionId')
  @AdminOperation({ summary: 'One sale with its timeline', response: SaleDetailSchema, extraParams: SALE_PARAM, errors: [[404, 'no such sale in the history of this account']] })
  get(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Param('guruTransactionId') id: string) {
    return this.sales.get(caller, accountId, id);
  }

  @Post(':guruTransactionId/reprocess')
  @HttpCode(202)
  @AdminOperation({
    summary: 'Reprocess one sale: the dispatcher brings it to its desired state again',
    description: 'Recorded in the audit (action sale_reprocess) and published after commit on vhsys.sale-reprocess.v1. Idempotent in effect: never a second order or invoice.',
    response: ReprocessReplySchema, extraParams: SALE_PARAM, status: 202, errors: REPROCESS_ERRORS,
  })
  reprocess(@AuthorizedCaller() caller: Caller, @Param('accountId') accountId: string, @Param('guruTransactionId') id: string) {
    return this.sales.reprocess(caller, accountId, id);
  }
}
