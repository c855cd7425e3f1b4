/**
 * The suite's figures (routes and methods tried, requests sent, refusals, what the secret scan
 * covered), printed at the end of each file so docs/security.md can quote the last run.
 */
export function reportFigures(suite: string, figures: Record<string, number>): void {
  // eslint-disable-next-line no-console
  console.log(`security figures (${suite}): ${JSON.stringify(figures)}`);
}
