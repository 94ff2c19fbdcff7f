/**
 * The messages the code asks for: every `t('…')` and `tn(n, '…', '…')` with literal texts, read
 * from the sources (for the catalogs' check, i18n.test.ts; Node only). A message built at run time
 * would escape the check: the code passes literals only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LITERAL = String.raw`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`;
const T = new RegExp(String.raw`\bt\(\s*(?:${LITERAL})`, 'g');
const TN = new RegExp(String.raw`\btn\([^,]+,\s*(?:${LITERAL})\s*,\s*(?:${LITERAL})`, 'g');

const unescape = (text: string): string => text.replace(/\\(.)/g, '$1');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // The server speaks Odoo's English; the i18n module's own comments hold examples, not messages.
    if (statSync(path).isDirectory()) return name === 'server' || name === 'i18n' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

export interface Messages {
  /** `t` texts. */
  readonly texts: Set<string>;
  /** `tn` pairs, as their catalog key `one|other`. */
  readonly plurals: Set<string>;
}

export function messagesIn(srcDir: string): Messages {
  const texts = new Set<string>();
  const plurals = new Set<string>();
  for (const file of sources(srcDir)) {
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(T)) texts.add(unescape(match[1] ?? match[2] ?? ''));
    for (const match of code.matchAll(TN)) plurals.add(`${unescape(match[1] ?? match[2] ?? '')}|${unescape(match[3] ?? match[4] ?? '')}`);
  }
  return { texts, plurals };
}
