/**
 * What the first screen downloads: the entry script, every script it preloads and the styles the
 * built index.html links, gzipped. Deterministic for a given build, so CI may hold it to a budget
 * (the bench reports it too).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The first-screen JavaScript budget, gzipped (issue: ≤ 100 KB). */
export const INITIAL_JS_BUDGET_BYTES = 100 * 1024;

export interface InitialBundle {
  readonly scripts: readonly { file: string; gzipBytes: number }[];
  readonly styles: readonly { file: string; gzipBytes: number }[];
  readonly jsGzipBytes: number;
  readonly cssGzipBytes: number;
}

export function measureInitialBundle(distDir: string): InitialBundle {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const attr = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1]).filter((v): v is string => v !== undefined);
  const scripts = [...new Set([...attr(/<script[^>]*\bsrc="([^"]+)"/g), ...attr(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)])];
  const styles = attr(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g);
  const size = (file: string) => ({ file, gzipBytes: gzipSync(readFileSync(join(distDir, file))).length });
  const scriptSizes = scripts.map(size);
  const styleSizes = styles.map(size);
  return {
    scripts: scriptSizes,
    styles: styleSizes,
    jsGzipBytes: scriptSizes.reduce((sum, s) => sum + s.gzipBytes, 0),
    cssGzipBytes: styleSizes.reduce((sum, s) => sum + s.gzipBytes, 0),
  };
}
