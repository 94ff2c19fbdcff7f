/**
 * Taking the picture of a screen (screen-snapshot.ts has what it is, and how it is painted again):
 * background work once the list is still, so its code loads then, not with the first screen.
 */
import { allowed, MAX_NODES, SKIPPED_ELEMENTS, SVG_NS, type ScreenSnapshot, type SnapshotNode } from './screen-snapshot.ts';

/** The children of `root` as a snapshot, or undefined when the screen is too large to be one. */
export function takeSnapshot(root: Element, url: string, takenAt: number): ScreenSnapshot | undefined {
  let count = 0;
  const walk = (node: Node): SnapshotNode | undefined => {
    if (++count > MAX_NODES) throw new RangeError('too large');
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    if (!(node instanceof Element) || SKIPPED_ELEMENTS.has(node.tagName.toUpperCase())) return undefined;
    const mode = node.getAttribute('data-snapshot');
    if (mode === 'skip') return undefined;
    const a: [string, string][] = [];
    for (const { name, value } of Array.from(node.attributes)) if (allowed(name, value)) a.push([name, value]);
    const style = node instanceof HTMLElement || node instanceof SVGElement ? node.style.cssText : '';
    const s = mode === 'hide' ? `${style}${style === '' ? '' : ';'}visibility:hidden` : style;
    const c = Array.from(node.childNodes, walk).filter((child): child is SnapshotNode => child !== undefined);
    return { t: node.localName, ...(node.namespaceURI === SVG_NS ? { svg: true as const } : {}), a, ...(s === '' ? {} : { s }), c };
  };
  try {
    const children = Array.from(root.childNodes, walk).filter((child): child is SnapshotNode => child !== undefined);
    return { version: 1, url, takenAt, root: children };
  } catch {
    return undefined;
  }
}

