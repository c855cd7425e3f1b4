import fc from 'fast-check';
import { DISPATCH_OUTCOMES } from '@gv/contracts';
import { resultFixture, saleOrderFixture } from '../../test/sales-fixtures';
import { applyResult, applySaleOrder, emptySale, manualCancellation, SaleHistoryState } from './sale-history-state';

const HASH = Buffer.alloc(32, 1);
const start = () => emptySale('acct-1', 'tx-1', new Date('2026-03-10T15:00:00.000Z'));

describe('applySaleOrder', () => {
  it('keeps the screen fields of the order and masks the document', () => {
    const s = applySaleOrder(start(), saleOrderFixture(), HASH);
    expect(s).toMatchObject({
      orderRevision: 1, guruStatus: 'approved', statusGroup: 'approved', buyerName: 'Maria da Silva', buyerDocumentMasked: '***.982.247-**',
      buyerDocumentHash: HASH, totalCents: 19990, occurredAt: new Date('2026-03-10T15:00:00.000Z'), lastEventAt: new Date('2026-03-10T15:00:00.000Z'),
    });
    // Nothing else of the customer is kept.
    expect(JSON.stringify(s)).not.toMatch(/52998224725|maria@example.com|41999998888|Curitiba/);
  });

  it('never lets an older revision overwrite a newer one; the same revision read later wins', () => {
    const r2 = applySaleOrder(start(), saleOrderFixture({ revision: 2, guruStatus: 'refunded', occurredAt: '2026-03-11T10:00:00Z' }), HASH);
    const stale = applySaleOrder(r2, saleOrderFixture({ revision: 1, guruStatus: 'approved' }), HASH);
    expect(stale).toBe(r2);
    const again = applySaleOrder(r2, saleOrderFixture({ revision: 2, guruStatus: 'chargedback', occurredAt: '2026-03-11T10:00:00Z' }), HASH);
    expect(again.guruStatus).toBe('chargedback');
  });
});

describe('applyResult', () => {
  it('takes the outcome, the Vhsys ids, attempts and the last attempt from a dispatch result', () => {
    const result = resultFixture({
      attempts: 2,
      steps: [
        { step: 'order', state: 'done', at: '2026-03-10T15:00:02.000Z', runs: 1, error: null },
        { step: 'nfe_emit', state: 'done', at: '2026-03-10T15:00:09.000Z', runs: 2, error: null },
      ],
    });
    const s = applyResult(start(), result);
    expect(s).toMatchObject({
      resultRevision: 1, resultStage: 'dispatch', outcome: 'created', attempts: 2, lastAttemptAt: new Date('2026-03-10T15:00:09.000Z'),
      lastError: null, lastEventAt: new Date('2026-03-10T15:00:05.000Z'),
    });
    expect(s.vhsys?.nfe?.notaChave).toBe('41260300000000000000550010000000011000000010');
  });

  it('reports the error of a failing outcome, else of a step still failed', () => {
    expect(applyResult(start(), resultFixture({ outcome: 'failed', reason: 'vhsys_rejected', detail: 'CFOP inválido', attempts: 1 })).lastError).toBe('CFOP inválido');
    expect(applyResult(start(), resultFixture({ outcome: 'paused', reason: 'vhsys_auth_failed', detail: null, attempts: 1 })).lastError).toBe('vhsys_auth_failed');
    const withFailedStep = resultFixture({
      outcome: 'created', attempts: 1,
      steps: [{ step: 'nfe_emit', state: 'failed', at: '2026-03-10T15:00:03.000Z', runs: 1, error: 'SEFAZ fora do ar' }],
    });
    expect(applyResult(start(), withFailedStep).lastError).toBe('SEFAZ fora do ar');
  });

  it('keeps attempts and known Vhsys ids when a mapping result carries none', () => {
    const dispatched = applyResult(start(), resultFixture({ attempts: 3 }));
    const mapped = applyResult(dispatched, resultFixture({ stage: 'mapping', outcome: 'needs_configuration', reason: 'product_not_configured', productCodes: ['X'], vhsys: null, revision: 2 }));
    expect(mapped).toMatchObject({ outcome: 'needs_configuration', productCodes: ['X'], attempts: 3, resultRevision: 2 });
    expect(mapped.vhsys?.idPedido).toBe(1077);
  });

  it('answers needs_manual_cancellation with the invoices to cancel', () => {
    const s = applyResult(start(), resultFixture({
      outcome: 'needs_manual_cancellation', reason: 'refunded_after_invoice', revision: 2,
      vhsys: { idCliente: 5, idPed: 77, idPedido: 1077, nfe: { idVenda: 77, emitted: true, notaChave: 'CHAVE-1', protocolo: null, danfeUrl: null }, nfse: { idServico: 9, emitted: true, numeroNfs: '123' } },
    }));
    expect(manualCancellation(s)).toEqual({ nfeChave: 'CHAVE-1', nfseNumero: '123' });
    expect(manualCancellation(applyResult(start(), resultFixture()))).toBeNull();
  });

  it('converges to the newest revision whatever order the results arrive in (last read wins on ties)', () => {
    const result = fc.record({
      revision: fc.integer({ min: 0, max: 5 }),
      outcome: fc.constantFrom(...DISPATCH_OUTCOMES),
      second: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(fc.array(result, { minLength: 1, maxLength: 12 }), (list) => {
        let s: SaleHistoryState = start();
        for (const r of list) s = applyResult(s, resultFixture({ revision: r.revision, outcome: r.outcome, occurredAt: `2026-03-10T15:00:${String(r.second).padStart(2, '0')}.000Z` }));
        const top = Math.max(...list.map((r) => r.revision));
        const lastOfTop = list.filter((r) => r.revision === top).at(-1)!;
        expect(s.resultRevision).toBe(top);
        expect(s.outcome).toBe(lastOfTop.outcome);
        // The ordering time is the newest of the results applied (none older than the newest seen
        // before it), and never goes back.
        const applied = list.filter((r, i) => r.revision >= Math.max(-1, ...list.slice(0, i).map((x) => x.revision)));
        expect(s.lastEventAt.getTime()).toBe(Math.max(Date.parse('2026-03-10T15:00:00.000Z'), ...applied.map((r) => Date.parse(`2026-03-10T15:00:${String(r.second).padStart(2, '0')}.000Z`))));
      }),
    );
  });
});
