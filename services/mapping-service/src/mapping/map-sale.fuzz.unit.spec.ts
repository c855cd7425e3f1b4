import { FUZZ_CEILINGS, runMappingFuzz } from './testing/mapping-fuzz';

/**
 * Fuzz of the sales handler's decision path (raw bounds → envelope → mapSale) with generated and
 * mutated Guru payloads: every call ends in a dead-letter refusal naming a field, or a well-formed
 * order / result / invalid decision; none throws; each stays within the documented time and heap
 * growth per call (docs/mapping.md#fuzz). CI size: FUZZ_RUNS (default 2000); `npm run fuzz` runs
 * the long version with its figures.
 */
describe('mapSale fuzz: hostile Guru payloads', () => {
  const runs = Number(process.env.FUZZ_RUNS ?? 2000);
  const seed = Number(process.env.FUZZ_SEED ?? 20261204);

  it(`${runs} generated and mutated payloads: never throws, always order | result | invalid (or refused with a field), bounded per call`, () => {
    const report = runMappingFuzz({ runs, seed });
    expect(report.failures).toEqual([]);
    expect(report.failed).toBe(0);
    expect(Object.values(report.kinds).reduce((a, b) => a + b, 0)).toBe(runs);
    // The generator reaches every outcome, so the property is not vacuous.
    for (const kind of ['order', 'result', 'invalid', 'refused']) expect(report.kinds[kind]).toBeGreaterThan(runs / 50);
    expect(report.perCallMs.max).toBeLessThan(FUZZ_CEILINGS.maxMsPerCall);
    expect(report.perCallBytes.max).toBeLessThan(FUZZ_CEILINGS.maxBytesPerCall);
  });
});
