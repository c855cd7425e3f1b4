/**
 * `npm run fuzz`: the mapping fuzz at length, printing its figures (docs/mapping.md#fuzz).
 *   FUZZ_RUNS (default 100000)  FUZZ_SEED (default: random, printed so a failure can be replayed)
 * Exits 1 when any call threw or returned a malformed decision, or a call went past the ceilings.
 */
import { FUZZ_CEILINGS, runMappingFuzz } from '../src/mapping/testing/mapping-fuzz';

const runs = Number(process.env.FUZZ_RUNS ?? 100000);
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(seed)) {
  process.stderr.write('FUZZ_RUNS must be a positive integer and FUZZ_SEED an integer\n');
  process.exit(2);
}
const report = runMappingFuzz({ runs, seed });
process.stdout.write(`${JSON.stringify({ ...report, ceilings: FUZZ_CEILINGS, node: process.version }, null, 2)}\n`);
const withinCeilings = report.perCallMs.max < FUZZ_CEILINGS.maxMsPerCall && report.perCallBytes.max < FUZZ_CEILINGS.maxBytesPerCall;
process.exit(report.failed === 0 && withinCeilings ? 0 : 1);
