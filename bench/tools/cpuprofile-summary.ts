/**
 * Summarises V8 .cpuprofile files (node --cpu-prof, or BENCH_CPU_PROF=<dir> npm run bench):
 * self time by function and by package/file, to find where a service spends its CPU.
 *
 *   node -r ./tools/scripts/register.js bench/tools/cpuprofile-summary.ts <file-or-dir> [top=30]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function files(target: string): string[] {
  if (statSync(target).isFile()) return [target];
  return readdirSync(target, { recursive: true }).map(String).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(target, f));
}

function bucket(url: string): string {
  if (!url) return '(native/vm)';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const rest = u.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (u.startsWith('node:')) return u;
  const m = /(libs|services|tools)\/[^/]+\/src\/.*$/.exec(u);
  return m ? m[0] : u;
}

const [target, topArg] = process.argv.slice(2);
if (!target) throw new Error('usage: cpuprofile-summary.ts <file-or-dir> [top]');
const top = Number(topArg ?? 30);
for (const file of files(target)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i += 1) self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byBucket = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
      byBucket.set(name, (byBucket.get(name) ?? 0) + us);
      byFunction.set(name, (byFunction.get(name) ?? 0) + us);
      continue;
    }
    const key = `${name} ${bucket(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byBucket.set(bucket(n.callFrame.url), (byBucket.get(bucket(n.callFrame.url)) ?? 0) + us);
  }
  const idle = byBucket.get('(idle)') ?? 0;
  const busy = total - idle;
  const print = (title: string, map: Map<string, number>) => {
    process.stdout.write(`\n  ${title}\n`);
    for (const [k, v] of [...map.entries()].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`  ${((v / busy) * 100).toFixed(1).padStart(5)} %  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}\n`);
    }
  };
  process.stdout.write(`\n${file}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy (${((busy / total) * 100).toFixed(0)} %)\n`);
  print('self time by package / file (share of busy time)', byBucket);
  print('self time by function', byFunction);
}
