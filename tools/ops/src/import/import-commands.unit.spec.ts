import { parseCommand, UsageError } from '../args';
import type { OpsContext } from '../context';
import { opsEnvironment } from '../env';
import { importStart } from './import-commands';
import { formatDuration, progressLine } from './progress-bar';

describe('import commands', () => {
  it('parses preview, start, status and cancel; refuses missing options', () => {
    expect(parseCommand(['import', 'start', '--account', 'a1', '--from', 'F', '--to', 'T', '--product', 'P1,P2', '--status', 'approved', '--follow'])).toEqual({
      name: 'import start', account: 'a1', body: { from: 'F', to: 'T', productIds: ['P1', 'P2'], statuses: ['approved'] }, follow: true, json: false,
    });
    expect(parseCommand(['import', 'preview', '--account', 'a1', '--from', 'F', '--to', 'T'])).toEqual({ name: 'import preview', account: 'a1', body: { from: 'F', to: 'T' }, json: false });
    expect(parseCommand(['import', 'cancel', '--account', 'a1', '--id', 'i1'])).toEqual({ name: 'import cancel', account: 'a1', id: 'i1', json: false });
    expect(() => parseCommand(['import', 'start', '--account', 'a1', '--from', 'F'])).toThrow(UsageError);
    expect(() => parseCommand(['import', 'preview', '--account', 'a1', '--from', 'F', '--to', 'T', '--follow'])).toThrow(/--follow does not apply/);
    expect(() => parseCommand(['import', 'status', '--account', 'a1'])).toThrow(/--id is required/);
  });

  it('draws the progress bar', () => {
    expect(progressLine({ status: 'running', done: 450, total: 1000, ratePerSecond: 12.5, etaSeconds: 44, window: { index: 2, count: 3 } }, 20))
      .toBe('[#########...........] 450/1000 45% 12.5/s ETA 44s window 2/3 running');
    expect(progressLine({ status: 'queued', done: 0, total: null, ratePerSecond: null, etaSeconds: null, window: { index: 1, count: 1 } }, 4))
      .toBe('[....] 0/? -/s ETA - window 1/1 queued');
    expect(formatDuration(3725)).toBe('1h02m05s');
    expect(formatDuration(65)).toBe('1m05s');
  });

  it('start --follow polls until the import ends, the bar on stderr and the final line on stdout', async () => {
    const out: string[] = [];
    const note: string[] = [];
    const ctx: OpsContext = {
      env: { ...opsEnvironment({}), adminToken: 'tok-123456789', configServiceUrl: 'http://cfg' },
      kafka: () => { throw new Error('no kafka'); },
      out: (l) => void out.push(l), note: (l) => void note.push(l), logger: undefined as never,
    };
    const views = [
      { status: 'running', done: 100, total: 200, ratePerSecond: 20, etaSeconds: 5, window: { index: 1, count: 2 } },
      { status: 'done', done: 200, total: 200, ratePerSecond: null, etaSeconds: 0, window: { index: 2, count: 2 } },
    ];
    const calls: string[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}`);
      if (init.method === 'POST') return new Response(JSON.stringify({ importId: 'imp-1' }), { status: 202 });
      return new Response(JSON.stringify(views.shift()), { status: 200 });
    }) as unknown as typeof fetch;
    const result = await importStart(ctx, { account: 'a 1', body: { from: 'F', to: 'T' }, follow: true, json: false, pollMs: 1 }, fake);
    expect(result).toMatchObject({ status: 'done', done: 200 });
    expect(calls).toEqual(['POST http://cfg/v1/accounts/a%201/imports', 'GET http://cfg/v1/accounts/a%201/imports/imp-1', 'GET http://cfg/v1/accounts/a%201/imports/imp-1']);
    expect(note).toEqual(['import imp-1 queued', '[###############...............] 100/200 50% 20/s ETA 5s window 1/2 running']);
    expect(out).toEqual(['[##############################] 200/200 100% -/s ETA 0s window 2/2 done']);
  });
});
