/** Updates one section of bench/report.md and one key of bench/report.json, keeping the rest (runs of part of the bench). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** `heading` is the section's `## ` line; the section runs to the next `## ` heading. */
export function writeReportSection(paths: { readonly json: string; readonly markdown: string }, key: string, value: unknown, heading: string, lines: readonly string[]): void {
  const previous: unknown = existsSync(paths.json) ? JSON.parse(readFileSync(paths.json, 'utf8')) : {};
  const json = typeof previous === 'object' && previous !== null ? previous : {};
  writeFileSync(paths.json, `${JSON.stringify({ ...json, [key]: value }, null, 2)}\n`);
  const section = lines.join('\n');
  const markdown = existsSync(paths.markdown) ? readFileSync(paths.markdown, 'utf8') : '# Fieldbook benchmark\n';
  const start = markdown.indexOf(heading);
  const end = start === -1 ? -1 : markdown.indexOf('\n## ', start + 3);
  const updated =
    start === -1 ? `${markdown.trimEnd()}\n\n${section}` : `${markdown.slice(0, start)}${section}${end === -1 ? '' : markdown.slice(end).replace(/^\n+/, '\n')}`;
  writeFileSync(paths.markdown, `${updated.trimEnd()}\n`);
}
