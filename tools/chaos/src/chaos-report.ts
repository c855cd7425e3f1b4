import fs from 'node:fs';
import path from 'node:path';

/** A fault as it was injected: when (ms after the load started), on what, how long until it was over. */
export interface InjectedFault {
  kind: 'kill' | 'broker_restart' | 'pg_terminate_backends' | 'config_service_stop' | 'tokens_rejected';
  target: string;
  atMs: number;
  downMs: number;
  detail: string | null;
}

export interface ChaosReport {
  verdict: 'pass' | 'fail';
  size: string;
  seed: number;
  replay: string;
  figures: Record<string, unknown> & { drainMs: number; maxPerAccountPerSecond: number };
  checks: Record<string, { passed: boolean; problems: string[]; count: number }>;
  deadLetters: unknown[];
  injected: InjectedFault[];
}

/** The figures a person reads, one per line. */
export function formatReport(report: ChaosReport): string {
  const f = report.figures;
  const lines = [
    `chaos ${report.size}, seed ${report.seed}: ${report.verdict.toUpperCase()}`,
    `  sales ${String(f.sales)} over ${String(f.accounts)} accounts; messages ${String(f.messagesProduced)} (${String(f.duplicatesProduced)} duplicates); final statuses ${JSON.stringify(f.finalStatuses)}`,
    `  Vhsys requests ${String(f.vhsysRequests)}; faults injected ${JSON.stringify(f.vhsysFaultsInjected)}`,
    `  kills ${JSON.stringify(f.kills)}; exits on their own (restarted by the run's supervisor) ${JSON.stringify(f.unexpectedExits ?? {})}`,
    `  other faults ${(f.otherFaults as { kind: string; target: string; downMs: number; detail: string | null }[]).map((o) => `${o.kind}${o.kind === 'tokens_rejected' ? ` ${o.target}` : ''} (${(o.downMs / 1000).toFixed(1)} s${o.detail ? `, ${o.detail}` : ''})`).join(', ')}`,
    `  drained ${String(f.drained)} in ${(f.drainMs / 1000).toFixed(1)} s after the last fault; whole run ${((f.totalMs as number) / 1000).toFixed(0)} s`,
    `  max requests of one account in any second ${f.maxPerAccountPerSecond} (limit ${JSON.stringify(f.rateLimit)}); simulator's event-loop delay ms ${JSON.stringify(f.simulatorLoopDelayMs)}`,
    `  dead letters ${String(f.deadLetters)}`,
  ];
  for (const [name, check] of Object.entries(report.checks)) {
    lines.push(`  check ${name}: ${check.passed ? 'ok' : `FAILED (${check.count})`}`);
    for (const p of check.problems.slice(0, 10)) lines.push(`    - ${p}`);
  }
  if (report.verdict === 'fail') lines.push(`  replay: ${report.replay}`);
  return lines.join('\n');
}

export function writeReport(file: string, report: ChaosReport): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
