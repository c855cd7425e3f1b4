/**
 * The chaos suite at its reduced size, as CI runs it (`npm test` → this project's test-integration):
 * ~200 sales over 8 accounts through 2 mapping-service and 2 invoice-dispatcher instances plus
 * config-service, on a broker and a database of the run's own, with Vhsys failing 25 % of requests
 * and every process killed once, the broker restarted, the services' PostgreSQL backends
 * terminated, config-service stopped and one account's tokens refused for a while. Each check of
 * docs/reliability.md#chaos-suite is asserted on its own, so a failure says which guarantee broke;
 * the seed is printed (CHAOS_SEED replays it, also with `CHAOS_SIZE=reduced npm run chaos`).
 */
import { testEnvironment, uniqueId } from '@gv/testing';
import { chaosOptions } from '../src/chaos-options';
import { formatReport, writeReport } from '../src/chaos-report';
import { runChaos } from '../src/run-chaos';

jest.setTimeout(420_000);

it('keeps every sale exactly once in Vhsys, settles it and holds the rate limit through kills, a broker restart, terminated backends, a config-service stop and rejected tokens', async () => {
  const options = chaosOptions({ ...process.env, CHAOS_SIZE: 'reduced', DATABASE_URL: testEnvironment().databaseUrl }, { database: uniqueId('chaos').toLowerCase() });
  const lines: string[] = [];
  const report = await runChaos(options, (line) => lines.push(line));
  writeReport(`.chaos/report-ci-${options.seed}.json`, report);
  // eslint-disable-next-line no-console
  console.log(`${lines.join('\n')}\n${formatReport(report)}`);

  // Every fault really happened.
  for (const kind of ['kill', 'broker_restart', 'pg_terminate_backends', 'config_service_stop', 'tokens_rejected']) {
    expect(report.injected.filter((f) => f.kind === kind).length).toBeGreaterThan(0);
  }
  expect(Object.keys(report.figures.kills as Record<string, number>).sort()).toEqual(['config-service', 'invoice-dispatcher', 'invoice-dispatcher#2', 'mapping-service', 'mapping-service#2']);
  const vhsysFaults = report.figures.vhsysFaultsInjected as Record<string, number>;
  for (const kind of ['serverError', 'responseLost', 'rateLimited', 'tokensRejected']) expect(vhsysFaults[kind]).toBeGreaterThan(0);

  expect(report.figures.drained).toBe(true);
  expect(report.checks.orders!.problems).toEqual([]);
  expect(report.checks.lastResults!.problems).toEqual([]);
  expect(report.checks.nothingPending!.problems).toEqual([]);
  expect(report.checks.deadLetters!.problems).toEqual([]);
  expect(report.checks.rate!.problems).toEqual([]);
  expect(report.checks.noCrashes!.problems).toEqual([]);
  expect(report.verdict).toBe('pass');
});
