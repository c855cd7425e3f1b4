/**
 * `npm run chaos` (tools/scripts/chaos.sh): one chaos run, its figures printed and its JSON report
 * written; exit code 1 when a check fails. Settings: tools/chaos/src/chaos-options.ts.
 */
import { chaosOptions } from './chaos-options';
import { formatReport, writeReport } from './chaos-report';
import { runChaos } from './run-chaos';

async function main(): Promise<void> {
  const options = chaosOptions();
  const report = await runChaos(options);
  writeReport(options.outFile, report);
  process.stdout.write(`${formatReport(report)}\n  report: ${options.outFile}\n`);
  process.exit(report.verdict === 'pass' ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(2);
});
