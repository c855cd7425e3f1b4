import type { Logger } from '@gv/telemetry';
import { HaltedPartitionView, HaltWatchdog } from './halt-watchdog';

describe('HaltWatchdog', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('logs each halt once, when it passes reportAfterMs, with its age and in-flight count', async () => {
    const errors: { fields: Record<string, unknown>; message: string }[] = [];
    const logger = { error: (fields: Record<string, unknown>, message: string) => errors.push({ fields, message }) } as unknown as Logger;
    const partitions = new Map<string, HaltedPartitionView>([
      ['orders:0', { topic: 'orders', partition: 0, halt: null, inFlight: 0 }],
      ['orders:1', { topic: 'orders', partition: 1, halt: { since: 1_000_000, reported: false }, inFlight: 3 }],
    ]);
    // reportAfterMs 400: it looks every 100 ms.
    const watchdog = new HaltWatchdog({ groupId: 'g', metricsGroup: 'g', logger, reportAfterMs: 400, partitions: () => partitions });
    watchdog.start();
    await jest.advanceTimersByTimeAsync(300);
    expect(errors).toEqual([]);
    await jest.advanceTimersByTimeAsync(100);
    expect(errors).toEqual([{
      fields: { groupId: 'g', topic: 'orders', partition: 1, haltedForMs: 400, inFlight: 3 },
      message: 'partition halted for too long: it takes no new messages until its in-flight work ends',
    }]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(errors).toHaveLength(1);
    // A new halt of the same partition is a new report.
    partitions.get('orders:1')!.halt = { since: Date.now(), reported: false };
    await jest.advanceTimersByTimeAsync(400);
    expect(errors.map((e) => e.fields.haltedForMs)).toEqual([400, 400]);
    await watchdog.stop();
    // Stopped: no more looks.
    partitions.get('orders:0')!.halt = { since: Date.now(), reported: false };
    await jest.advanceTimersByTimeAsync(1000);
    expect(errors).toHaveLength(2);
  });
});
