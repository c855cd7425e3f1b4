import { readFileSync } from 'fs';
import path from 'path';
import { Browser, chromium, Page } from 'playwright-core';

/**
 * The browser of the console tests: Debian's chromium (CHROMIUM_PATH, default /usr/bin/chromium;
 * .ci/run installs it), headless, one per test file. Root (CI, this machine) needs --no-sandbox.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'], headless: true });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * axe-core on the page as it is now (WCAG 2.x A and AA rules and best practices). It is evaluated
 * through the DevTools protocol, which the page's CSP does not govern: the page's own CSP forbids
 * inline script, so a <script> tag with axe could not run.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // (The callbacks run in the page: its globals are reached through globalThis, as this project's
  // TypeScript has no DOM types.)
  const result: { violations: AxeViolation[] } = await page.evaluate(async () => {
    const g = globalThis as any;
    return g.axe.run(g.document, { resultTypes: ['violations'] });
  });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
}

/** Only the serious and critical ones (what the console must never have). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Presses Tab (at most `limit` times) until the focused element is the one whose accessible
 * label (its <label>, aria-label, or text) is `name`: proves it is reachable by keyboard alone.
 */
export async function tabTo(page: Page, name: string | RegExp, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const label: string = await page.evaluate(() => {
      const g = globalThis as any;
      const el = g.document.activeElement;
      if (!el) return '';
      const byFor = el.id ? g.document.querySelector(`label[for="${g.CSS.escape(el.id)}"]`)?.textContent : null;
      return String(el.getAttribute('aria-label') ?? byFor ?? el.textContent ?? '').trim();
    });
    if (typeof name === 'string' ? label === name : name.test(label)) return;
  }
  throw new Error(`${String(name)} was not reached with ${limit} presses of Tab`);
}

/** Where screenshots go when asked for (CONSOLE_SCREENSHOTS_DIR, relative to the repository). */
export function screenshotPath(name: string): string | null {
  const dir = process.env.CONSOLE_SCREENSHOTS_DIR;
  return dir ? path.resolve(__dirname, '../../..', dir, `${name}.png`) : null;
}
