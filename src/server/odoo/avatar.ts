/**
 * Odoo 17+ answers `avatar_*` of a partner without an image with a generated SVG: the initial on a
 * coloured square (companies get a building icon). Returned as bare base64, like every binary field.
 */
const palette = ['#875A7B', '#1F7A8C', '#D9822B', '#3B8E3B', '#B03A2E', '#5B5EA6', '#9B2335', '#2E7D6B'];

export function placeholderAvatar(name: string, id: number, isCompany: boolean): string {
  const colour = palette[Math.abs(id) % palette.length] ?? '#875A7B';
  const initial = escapeXml(Array.from(name.trim())[0]?.toUpperCase() ?? '?');
  const glyph = isCompany
    ? `<path fill="#fff" d="M60 150V70l40-20v30l40-20v90z"/>`
    : `<text x="50%" y="50%" fill="#fff" font-size="96" font-family="sans-serif" text-anchor="middle" dominant-baseline="central">${initial}</text>`;
  const svg = `<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200" fill="${colour}"/>${glyph}</svg>`;
  return Buffer.from(svg, 'utf8').toString('base64');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
