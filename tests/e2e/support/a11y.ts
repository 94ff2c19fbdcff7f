/**
 * Accessibility checks with axe-core, under the app's strict CSP.
 *
 * `page.addScriptTag({ content })` would be an inline script, which `script-src 'self'` refuses
 * (and Trusted Types refuse the string before that). `page.evaluate(source)` instead runs axe's
 * source through the DevTools protocol (Runtime.evaluate) in the page's main world: that is not a
 * script element, so script-src does not apply, and axe itself builds no HTML from strings and
 * evaluates no code, so the checks run with the page's real CSP and Trusted Types on — no
 * `bypassCSP` (smoke.test.ts asserts that a check leaves no CSP violation behind).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface A11yViolation {
  /** axe's rule id, e.g. `color-contrast`, `label`. */
  readonly rule: string;
  readonly impact: string | null;
  readonly help: string;
  /** A CSS selector for each offending element. */
  readonly targets: readonly string[];
}

export interface A11yOptions {
  /** Rule ids to switch off, each with a reason in the calling test. */
  readonly disableRules?: readonly string[];
}

interface AxeInPage {
  run(context: Document, options: RunOptions): Promise<AxeResults>;
}

/**
 * Runs every axe-core rule (WCAG 2.x A/AA and best practices) on the page as it is now and returns
 * the violations, `[]` when there are none. Throws if axe could not run or checked nothing.
 */
export async function checkA11y(page: Page, options: A11yOptions = {}): Promise<A11yViolation[]> {
  // A navigation drops the page's globals: inject again for each new document.
  const present = await page.evaluate(() => 'axe' in globalThis);
  if (!present) await page.evaluate(AXE_SOURCE);
  const outcome = await page.evaluate(async (disableRules: readonly string[]) => {
    const axe = (globalThis as unknown as { axe: AxeInPage }).axe;
    const rules = Object.fromEntries(disableRules.map((id) => [id, { enabled: false }]));
    const results = await axe.run(document, { rules });
    return {
      checked: results.passes.length + results.violations.length + results.incomplete.length,
      violations: results.violations.map((violation) => ({
        rule: violation.id,
        impact: violation.impact ?? null,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.map((part) => String(part)).join(' ')),
      })),
    };
  }, options.disableRules ?? []);
  if (outcome.checked === 0) throw new Error('axe-core checked no rule on this page: is anything rendered?');
  return outcome.violations;
}
