import { resultFixture, saleOrderFixture } from '../../test/sales-fixtures';
import { reprocessEvent, resultEvents, saleOrderEvent } from './timeline';

describe('timeline entries', () => {
  it('records the Guru event with its revision, total and invoices', () => {
    expect(saleOrderEvent(saleOrderFixture({ revision: 2 }))).toEqual({
      at: new Date('2026-03-10T15:00:00.000Z'),
      kind: 'guru_event',
      title: 'Guru event received: approved (mapped to revision 2)',
      detail: 'total R$ 199.90; invoices to issue: NF-e',
      outcome: null,
      revision: 2,
      dedupeKey: 'order:2:2026-03-10T12:00:00.000-03:00',
    });
  });

  it('records the decision, then each Vhsys step with its time and result', () => {
    const events = resultEvents(resultFixture({
      outcome: 'failed', reason: 'vhsys_rejected', detail: 'CFOP inválido', reprocessRequestId: '6f1c3c4e-2d7b-4a55-9a61-0a1b2c3d4e5f',
      steps: [
        { step: 'order', state: 'done', at: '2026-03-10T15:00:02.000Z', runs: 2, error: null },
        { step: 'nfe_emit', state: 'failed', at: '2026-03-10T15:00:04.000Z', runs: 1, error: 'CFOP inválido' },
      ],
    }));
    expect(events.map(({ kind, title, detail, outcome, dedupeKey }) => ({ kind, title, detail, outcome, dedupeKey }))).toEqual([
      {
        kind: 'decision', title: 'Dispatch: failed', detail: 'vhsys_rejected: CFOP inválido; answers reprocess request 6f1c3c4e-2d7b-4a55-9a61-0a1b2c3d4e5f', outcome: 'failed',
        dedupeKey: 'result:dispatch:1:failed:2026-03-10T15:00:05.000Z:6f1c3c4e-2d7b-4a55-9a61-0a1b2c3d4e5f',
      },
      { kind: 'vhsys_step', title: 'Vhsys order: done', detail: 'after 2 runs', outcome: null, dedupeKey: 'step:order:1:2026-03-10T15:00:02.000Z:done' },
      { kind: 'vhsys_step', title: 'Vhsys nfe_emit: failed', detail: 'CFOP inválido', outcome: null, dedupeKey: 'step:nfe_emit:1:2026-03-10T15:00:04.000Z:failed' },
    ]);
    expect(resultEvents(resultFixture())[0]!.detail).toBeNull();
  });

  it('records who asked for a reprocess', () => {
    const event = reprocessEvent({ accountId: 'acct-1', guruTransactionId: 'tx-1', requestId: '6f1c3c4e-2d7b-4a55-9a61-0a1b2c3d4e5f', requestedBy: 'admin-backend', requestedAt: '2026-03-12T09:00:00.000Z' }, 'http');
    expect(event).toEqual({
      at: new Date('2026-03-12T09:00:00.000Z'), kind: 'reprocess_requested', title: 'Reprocess requested by admin-backend',
      detail: 'request 6f1c3c4e-2d7b-4a55-9a61-0a1b2c3d4e5f (http)', outcome: null, revision: null, dedupeKey: 'reprocess:6f1c3c4e-2d7b-4a55-9a61-0a1b2c3d4e5f',
    });
  });
});
