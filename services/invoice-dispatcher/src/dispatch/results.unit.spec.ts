import fc from 'fast-check';
import { DispatchResultSchema } from '@gv/contracts';
import { STEPS, StepName, StepRow } from '../ledger/ledger-types';
import { dispatchResult, ResultLedger, stepsReport } from './results';

function row(step: StepName, fields: Partial<StepRow> = {}): StepRow {
  return {
    step, state: 'done', revision: 3, runs: 1, startedAt: new Date('2026-06-10T12:00:00.000Z'), finishedAt: new Date('2026-06-10T12:00:01.500Z'),
    result: null, error: null, markerSearch: null, ...fields,
  };
}

const LEDGER: ResultLedger = {
  idCliente: 10, idPed: 20, idPedido: null, orderCreatedRevision: 3, lastChangeRevision: 3, appliedHeaderHash: null, appliedItemsHash: null,
  appliedInstallmentsHash: null, appliedStatus: null, appliedSituacao: null, nfeIdVenda: null, nfeEmitted: false, nfeChave: null,
  nfeProtocolo: null, nfeDanfeUrl: null, nfseIdServico: null, nfseEmitted: false, nfseNumero: null, manualCancellationRevision: null,
  attempts: 2, reprocessRequestId: '0b6c2a53-4d2e-4c51-9b0e-4f1d7c7a9e10',
};

describe('stepsReport', () => {
  it('keeps the done and failed steps of the revision, in the ledger\'s step order, with their finish time, runs and error', () => {
    const report = stepsReport([
      row('order_items', { state: 'failed', runs: 3, error: 'Vhsys 429: rate limited', finishedAt: new Date('2026-06-10T12:00:05.000Z') }),
      row('customer'),
      row('nfe_emit', { state: 'started', finishedAt: null }),
      row('order', { runs: 2, finishedAt: new Date('2026-06-10T12:00:02.250Z') }),
      row('status', { revision: 2 }),
    ], 3);
    expect(report).toEqual([
      { step: 'customer', state: 'done', at: '2026-06-10T12:00:01.500Z', runs: 1, error: null },
      { step: 'order', state: 'done', at: '2026-06-10T12:00:02.250Z', runs: 2, error: null },
      { step: 'order_items', state: 'failed', at: '2026-06-10T12:00:05.000Z', runs: 3, error: 'Vhsys 429: rate limited' },
    ]);
  });

  it('uses the start time when the finish time is unknown, and leaves out a row with neither', () => {
    expect(stepsReport([
      row('order', { state: 'failed', finishedAt: null, error: 'boom' }),
      row('customer', { startedAt: null, finishedAt: null }),
    ], 3)).toEqual([{ step: 'order', state: 'failed', at: '2026-06-10T12:00:00.000Z', runs: 1, error: 'boom' }]);
  });

  it('cuts a failed step\'s error to 500 characters, scrubs credentials from it, and drops a done step\'s', () => {
    const [failed, done] = stepsReport([
      row('order', { state: 'failed', error: `access-token: abc123secret ${'x'.repeat(600)}` }),
      row('status', { error: 'stale text' }),
    ], 3);
    expect(failed!.error).toBe(`access-token: [redacted] ${'x'.repeat(500 - 'access-token: [redacted] '.length)}`);
    expect(failed!.error).toHaveLength(500);
    expect(done!.error).toBeNull();
  });

  it('always fits the contract: at most one entry per step, in order, only the revision\'s done or failed rows', () => {
    const rows = fc.array(fc.record({
      step: fc.constantFrom(...STEPS),
      state: fc.constantFrom<StepRow['state']>('started', 'done', 'failed'),
      revision: fc.integer({ min: 1, max: 3 }),
      runs: fc.integer({ min: 0, max: 5_000_000 }),
      startedAt: fc.option(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })),
      finishedAt: fc.option(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })),
      error: fc.option(fc.string({ maxLength: 900 })),
    }), { maxLength: 30 }).map((list) => [...new Map(list.map((r) => [r.step, { ...r, result: null, markerSearch: null } as StepRow])).values()]);
    fc.assert(fc.property(rows, (list) => {
      const report = stepsReport(list, 2);
      const expected = list.filter((r) => r.revision === 2 && r.state !== 'started' && (r.finishedAt ?? r.startedAt) !== null);
      expect(report.map((r) => r.step)).toEqual(STEPS.filter((s) => expected.some((r) => r.step === s)));
      for (const entry of report) {
        expect(entry.runs).toBeLessThanOrEqual(1_000_000);
        expect(entry.error === null || entry.error.length <= 500).toBe(true);
      }
      const result = dispatchResult({ accountId: 'a', guruTransactionId: 't', revision: 2 }, 'failed', 'x', null, LEDGER, list);
      expect(DispatchResultSchema.parse(result).steps).toEqual(report);
    }));
  });
});

describe('dispatchResult', () => {
  it('reports the ledger\'s attempts plus the one that concluded, the revision\'s steps and the reprocess request answered', () => {
    const result = dispatchResult(
      { accountId: 'acct', guruTransactionId: 'tx', revision: 3 }, 'created', null, null, LEDGER,
      [row('customer'), row('order', { revision: 2 })],
      { attemptsMade: 1, now: new Date('2026-06-10T12:00:09.000Z') },
    );
    expect(result).toEqual({
      accountId: 'acct', guruTransactionId: 'tx', revision: 3, stage: 'dispatch', outcome: 'created', reason: null, detail: null, productCodes: [],
      vhsys: { idCliente: 10, idPed: 20, idPedido: null, nfe: null, nfse: null },
      attempts: 3,
      steps: [{ step: 'customer', state: 'done', at: '2026-06-10T12:00:01.500Z', runs: 1, error: null }],
      reprocessRequestId: '0b6c2a53-4d2e-4c51-9b0e-4f1d7c7a9e10',
      occurredAt: '2026-06-10T12:00:09.000Z',
    });
  });

  it('without a ledger: no ids, no attempts, no request', () => {
    const result = dispatchResult({ accountId: 'acct', guruTransactionId: 'tx', revision: 1 }, 'failed', 'r', 'd', null);
    expect(result).toMatchObject({ vhsys: null, attempts: 0, steps: [], reprocessRequestId: null });
  });
});
