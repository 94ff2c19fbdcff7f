/** The first screen's JavaScript stays within its budget: a byte count of the build, never a time. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INITIAL_JS_BUDGET_BYTES, measureInitialBundle } from '../../src/server/bundle-size.ts';
import { ROOT } from '../support/server.ts';

describe('the production build', () => {
  const bundle = measureInitialBundle(join(ROOT, 'dist'));

  it('loads at most 100 KB of gzipped JavaScript for the first screen', () => {
    expect(bundle.scripts.length).toBeGreaterThan(0);
    expect(bundle.jsGzipBytes, bundle.scripts.map((s) => `${s.file}: ${s.gzipBytes} B`).join('\n')).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
  });

  it('keeps the partner detail out of the first screen (lazy-loaded)', () => {
    expect(bundle.scripts.some((s) => /PartnerDetail/.test(s.file))).toBe(false);
  });
});
