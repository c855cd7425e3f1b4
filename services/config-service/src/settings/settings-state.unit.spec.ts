import { IntegrationConfigSnapshotSchema } from '@gv/contracts';
import { diffStates, IntegrationState, newIntegrationState, toSnapshot, toView } from './settings-state';

const now = new Date('2026-11-29T12:00:00.000Z');

function state(): IntegrationState {
  const s = newIntegrationState('acct-1', 1, 0, now);
  s.credentials = {
    accessTokenSealed: 'v1.k1.a.b.c', secretAccessTokenSealed: 'v1.k1.d.e.f', keyId: 'k1',
    accessTokenLast4: '1234', secretAccessTokenLast4: '5678', setAt: now,
  };
  s.credentialsVersion = 1;
  return s;
}

describe('settings state', () => {
  it('publishes a contract-valid snapshot without any token material', () => {
    const snapshot = toSnapshot(state());
    expect(IntegrationConfigSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({ credentialsSet: true, credentialsVersion: 1, active: false, invoicePolicy: { ambiente: 'homologacao' } });
    expect(JSON.stringify(snapshot)).not.toMatch(/v1\.k1|1234|5678/);
  });

  it('shows tokens only as set / last 4 / when', () => {
    expect(toView(state()).detalhe.accessToken).toEqual({ set: true, last4: '1234', setAt: now.toISOString() });
    expect(toView(newIntegrationState('a', 1, 0, now)).detalhe.secretAccessToken).toEqual({ set: false, last4: null, setAt: null });
  });

  it('diffs fields with values, and tokens only as changed', () => {
    const before = state();
    const after = structuredClone(before);
    after.paymentMethods.pix = 'PIX';
    after.products = [{ guruProductCode: 'P', vhsysProductId: 1, description: null, kind: 'produto', issueInvoice: false, active: true, nfe: null, nfse: null }];
    after.credentialsVersion = 2;
    after.credentials = { ...after.credentials!, accessTokenSealed: 'v1.k1.x.y.z' };
    expect(diffStates(before, after)).toEqual([
      { path: 'detalhe.accessToken', secret: true },
      { path: 'detalhe.secretAccessToken', secret: true },
      { path: 'paymentMethods.pix', from: null, to: 'PIX' },
      { path: 'products.P.active', from: null, to: true },
      { path: 'products.P.issueInvoice', from: null, to: false },
      { path: 'products.P.kind', from: null, to: 'produto' },
      { path: 'products.P.vhsysProductId', from: null, to: 1 },
    ]);
    expect(diffStates(before, structuredClone(before))).toEqual([]);
  });
});
