/**
 * The app's words in the user's language: English in the code (the message itself is the key, as
 * gettext does, so English needs no catalog and costs the first screen nothing), French, German,
 * Spanish and Dutch in catalogs loaded on demand (`fr.json` …, one chunk each). Plurals by
 * `Intl.PluralRules`, numbers and dates by `Intl`, in the Odoo user's own locale (`fr_BE` → fr-BE).
 * No library: the ones made for this (i18next, Lingui, FormatJS) cost the first screen 3–15 KB
 * gzipped, over its budget; what the app needs is this page of code.
 *
 * The language follows the signed-in Odoo user's `lang` (session `user_context.lang`); signed out,
 * the browser's. The signed-in user's is kept in the `fieldbook` database (never Web Storage) so a
 * start renders in it at once; logout wipes it with the account (a shared device).
 */
import type { ExternalStore } from '../lib/external-store.ts';
import { META_KEYS, readMeta, writeMeta } from '../storage/db.ts';

/** Catalog languages; English is the code's own. */
const CATALOGS = {
  fr: () => import('./fr.json'),
  de: () => import('./de.json'),
  es: () => import('./es.json'),
  nl: () => import('./nl.json'),
} as const;

export type Language = 'en' | keyof typeof CATALOGS;
/** A message's translation; a plural's forms by `Intl.PluralRules` category (`one`, `other` …). */
export type Catalog = Readonly<Record<string, string | Readonly<Record<string, string>>>>;

let catalog: Catalog = {};
let locale = 'en';
let plurals = new Intl.PluralRules('en');
let numbers = new Intl.NumberFormat('en');
const listeners = new Set<() => void>();

/** The locale in force (React renders the app again when it changes). Its own few lines, not lib/external-store: that module would leave the first screen's chunk for a chunk of its own. */
export const languageStore: ExternalStore<string> = {
  get: () => locale,
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** The BCP 47 locale of the language in force, for `Intl` (`fr-BE`). */
export const currentLocale = (): string => locale;

const fill = (text: string, values?: Readonly<Record<string, string | number>>): string =>
  values === undefined ? text : text.replace(/\{(\w+)\}/g, (match, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : match));

/** `text` in the language in force; `{name}` filled from `values`. */
export function t(text: string, values?: Readonly<Record<string, string | number>>): string {
  const found = catalog[text];
  return fill(typeof found === 'string' ? found : text, values);
}

/** The form of `one` / `other` that `count` takes in the language in force; `{count}` is the number, formatted. */
export function tn(count: number, one: string, other: string, values?: Readonly<Record<string, string | number>>): string {
  const forms = catalog[`${one}|${other}`];
  const text = typeof forms === 'object' ? (forms[plurals.select(count)] ?? forms.other ?? other) : count === 1 ? one : other;
  return fill(text, { count: numbers.format(count), ...values });
}

/** A number as the user writes it (4,855 · 4 855 · 4.855). */
export const formatNumber = (value: number): string => numbers.format(value);

/** Odoo's `fr_BE`, or a browser's `fr-BE`: the locale, and the catalog language it uses (English when there is none). */
export function languageOf(code: string | undefined): { readonly language: Language; readonly locale: string } {
  const tag = (code ?? '').replace('_', '-');
  let supported = 'en';
  try {
    supported = Intl.getCanonicalLocales(tag)[0] ?? 'en';
  } catch {
    // not a language tag
  }
  const base = supported.split('-')[0] ?? 'en';
  return Object.hasOwn(CATALOGS, base) ? { language: base as Language, locale: supported } : { language: 'en', locale: base === 'en' ? supported : 'en' };
}

/** Puts `code` (an Odoo or browser language) in force, its catalog loaded first; `remember` keeps it for the next start. */
export async function setLanguage(code: string | undefined, { remember = false }: { remember?: boolean } = {}): Promise<void> {
  const chosen = languageOf(code);
  const next = chosen.language === 'en' ? {} : ((await CATALOGS[chosen.language]()).default as Catalog);
  const changed = locale !== chosen.locale;
  catalog = next;
  locale = chosen.locale;
  plurals = new Intl.PluralRules(locale);
  numbers = new Intl.NumberFormat(locale);
  // Screen readers pronounce the page in its language.
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  // Storage off: the next start uses the browser's language until the sign-in says.
  if (remember && code !== undefined) void writeMeta(META_KEYS.language, code).catch(() => undefined);
  if (changed) for (const listener of [...listeners]) listener();
}

/** The language a start renders in: the signed-in user's, else the browser's. */
export async function startLanguage(): Promise<string> {
  const kept = await readMeta(META_KEYS.language).catch(() => undefined);
  return typeof kept === 'string' ? kept : browserLanguage();
}

const browserLanguage = (): string => (typeof navigator === 'undefined' ? 'en' : navigator.language);
