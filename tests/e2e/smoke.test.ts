/**
 * The production build in a real Chromium, on the demo server: it loads, it is quiet, it is
 * accessible, it fits a phone, and the browser enforces its CSP. Nothing here reads the app's copy:
 * the screens change, these properties must not.
 */
import type { Page, Response } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import {
  checkA11y,
  expectNoConsoleErrors,
  expectNoDialogs,
  newPage,
  noHorizontalScroll,
  problemsOf,
  screenshot,
  type ViewportName,
} from './support/browser.ts';

const baseUrl = inject('baseUrl');
const VIEWPORT_NAMES: readonly ViewportName[] = ['phone', 'desktop'];

/** Opens `path` and waits until the app's login screen is whole (the server said which databases and sign-ins it offers). */
async function openApp(page: Page, path = '/'): Promise<Response> {
  const response = await page.goto(new URL(path, baseUrl).href);
  if (response === null) throw new Error(`no response for ${path}`);
  await page.locator('#root > *').first().waitFor();
  await page.locator('form.login-form[aria-busy="false"]').waitFor();
  return response;
}

function parseCsp(header: string | undefined): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '') directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

describe('the app shell from the production build', () => {
  test.each(['/', '/a/client/side/route?q=1'])('is served at %s with status 200 and the strict CSP', async (path) => {
    const page = await newPage();
    const response = await openApp(page, path);
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers['content-type']).toMatch(/^text\/html/);
    const csp = parseCsp(headers['content-security-policy']);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('require-trusted-types-for')).toEqual(["'script'"]);
    expect(headers['content-security-policy']).not.toMatch(/unsafe-(inline|eval|hashes)|\*/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });

  test('renders with no console error, uncaught error, CSP violation or dialog', async () => {
    const page = await newPage();
    await openApp(page);
    expect(await page.locator('#root').innerText()).not.toBe('');
    await expectNoConsoleErrors(page);
    await expectNoDialogs(page);
  });

  test("runs React's production build, not the development one", async () => {
    // vite builds React's development code when NODE_ENV is not production (vitest sets `test`).
    const page = await newPage();
    await openApp(page);
    const devOnly = problemsOf(page).console.filter((entry) => /React DevTools/.test(entry.text));
    expect(devOnly).toEqual([]);
  });

  test.each(VIEWPORT_NAMES)('fits a %s screen without horizontal scroll', async (viewport) => {
    const page = await newPage({ viewport });
    await openApp(page);
    const measured = await noHorizontalScroll(page);
    expect(measured.clientWidth).toBe(viewport === 'phone' ? 360 : 1280);
    await screenshot(page, `shell-${viewport}`);
  });

  test.each(VIEWPORT_NAMES)('has no axe-core violation on a %s screen, checked under the real CSP', async (viewport) => {
    const page = await newPage({ viewport });
    await openApp(page);
    expect(await checkA11y(page)).toEqual([]);
    // axe ran inside the page with CSP and Trusted Types enforced, and tripped neither.
    await expectNoConsoleErrors(page);
  });
});

describe('the CSP, as the browser enforces it', () => {
  test('refuses an inline script in the served HTML', async () => {
    const page = await newPage();
    // The server's real response and headers, with an inline script added to its HTML.
    await page.route(`${baseUrl}/inline-probe`, async (route) => {
      const real = await route.fetch({ url: `${baseUrl}/` });
      const html = (await real.text()).replace(/<head[^>]*>/, (head) => `${head}<script>document.documentElement.dataset.inlineRan = 'yes'</script>`);
      expect(html).toContain('inlineRan');
      await route.fulfill({ response: real, body: html });
    });
    await openApp(page, '/inline-probe');
    expect(await page.evaluate(() => document.documentElement.dataset.inlineRan)).toBeUndefined();
    expect(problemsOf(page).cspViolations).toContainEqual(expect.objectContaining({ directive: 'script-src-elem', kind: 'kInlineViolation' }));
  });

  test('refuses to evaluate strings as code', async () => {
    const page = await newPage();
    await openApp(page);
    // In a task of the page's own: code run by page.evaluate itself is allowed eval by DevTools.
    const outcomes = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          setTimeout(() => {
            const attempt = (run: () => unknown) => {
              try {
                run();
                return 'ran';
              } catch (error) {
                return error instanceof Error ? error.name : String(error);
              }
            };
            resolve([attempt(() => eval('1')), attempt(() => new Function('return 1')())]);
          }, 0);
        }),
    );
    expect(outcomes).toEqual(['EvalError', 'EvalError']);
    expect(problemsOf(page).cspViolations.length).toBeGreaterThanOrEqual(2);
  });

  test('refuses strings in HTML and script sinks (Trusted Types)', async () => {
    const page = await newPage();
    await openApp(page);
    const outcomes = await page.evaluate(() => {
      const attempt = (run: () => void) => {
        try {
          run();
          return 'ran';
        } catch (error) {
          return error instanceof Error ? error.name : String(error);
        }
      };
      const host = document.createElement('div');
      return [
        attempt(() => (host.innerHTML = '<img src=x>')),
        attempt(() => host.insertAdjacentHTML('beforeend', '<b>x</b>')),
        attempt(() => (document.createElement('script').src = '/assets/anything.js')),
      ];
    });
    expect(outcomes).toEqual(['TypeError', 'TypeError', 'TypeError']);
    const kinds = problemsOf(page).cspViolations.map((violation) => violation.kind);
    expect(kinds).toEqual(['kTrustedTypesSinkViolation', 'kTrustedTypesSinkViolation', 'kTrustedTypesSinkViolation']);
  });
});
