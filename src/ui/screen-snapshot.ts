/**
 * A screen as data, and back: what the app painted last (the list's first rows under its header),
 * kept in the account's database so the next start can show it before React has even loaded —
 * the way a phone shows an app's last screen while the app starts. Framework-free, and no HTML:
 * the snapshot is a tree of element names, a few allowed attributes and text, rebuilt with
 * `createElement` and `createTextNode` (partner data stays text; nothing is parsed as markup).
 *
 * What is left out: dialogs, anything marked `data-snapshot="skip"`, ids (React's own element
 * keeps them), and every attribute outside the list below. `data-snapshot="hide"` keeps an
 * element's room but not its look (the freshness line: "synced 2 minutes ago" would be stale).
 */

/** An element: name, SVG or not, attributes, inline style (CSSOM text), children. */
export interface SnapshotElement {
  readonly t: string;
  readonly svg?: true;
  readonly a: readonly (readonly [string, string])[];
  readonly s?: string;
  readonly c: readonly SnapshotNode[];
}
export type SnapshotNode = string | SnapshotElement;

export interface ScreenSnapshot {
  readonly version: 1;
  /** The path and query the screen was taken at: it is shown again only there. */
  readonly url: string;
  readonly takenAt: number;
  readonly root: readonly SnapshotNode[];
}

export const SVG_NS = 'http://www.w3.org/2000/svg';
/** More than a screen's worth of elements is not a first screen: nothing is kept. */
export const MAX_NODES = 3000;

const ALLOWED = new Set([
  'class', 'role', 'type', 'placeholder', 'value', 'name', 'title', 'alt', 'hidden', 'disabled', 'lang', 'dir',
  'inputmode', 'autocomplete', 'enterkeyhint', 'spellcheck', 'href',
  // SVG icons
  'viewBox', 'd', 'fill', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'width', 'height', 'cx', 'cy', 'r', 'x', 'y', 'points', 'focusable',
]);
export const SKIPPED_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'DIALOG', 'IFRAME', 'OBJECT', 'EMBED', 'LINK', 'META', 'IMG']);

export function allowed(name: string, value: string): boolean {
  // A path on this origin: not `//host`, nor `/\host` (which URL parsing reads as `//host`).
  if (name === 'href') return /^\/(?![/\\])/.test(value);
  if (name.startsWith('aria-')) return true;
  if (name.startsWith('data-')) return name !== 'data-snapshot';
  return ALLOWED.has(name);
}

/** A stored value that is a snapshot (anything else, from an older version or damaged, is not). */
export function isSnapshot(value: unknown): value is ScreenSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ScreenSnapshot>;
  return v.version === 1 && typeof v.url === 'string' && typeof v.takenAt === 'number' && Array.isArray(v.root);
}

/** The snapshot as DOM nodes; throws on anything malformed (the caller then paints nothing). */
export function buildSnapshot(snapshot: ScreenSnapshot, doc: Document = document): DocumentFragment {
  let count = 0;
  const build = (node: SnapshotNode): Node => {
    if (++count > MAX_NODES) throw new RangeError('Snapshot too large');
    if (typeof node === 'string') return doc.createTextNode(node);
    if (typeof node !== 'object' || node === null || typeof node.t !== 'string' || SKIPPED_ELEMENTS.has(node.t.toUpperCase())) {
      throw new TypeError('Not a snapshot element');
    }
    const element = node.svg === true ? doc.createElementNS(SVG_NS, node.t) : doc.createElement(node.t);
    for (const [name, value] of node.a) {
      if (typeof name === 'string' && typeof value === 'string' && allowed(name, value)) element.setAttribute(name, value);
    }
    // Through the CSSOM, which a strict CSP allows (a `style` attribute it would refuse).
    if (typeof node.s === 'string' && (element instanceof HTMLElement || element instanceof SVGElement)) element.style.cssText = node.s;
    for (const child of node.c) element.append(build(child));
    return element;
  };
  const fragment = doc.createDocumentFragment();
  for (const node of snapshot.root) fragment.append(build(node));
  return fragment;
}
