/**
 * Links built from partner data. Partner fields are untrusted text: a website of
 * `javascript:alert(1)` must never become a link, and an image must be an image.
 */

/** `tel:` with only what a dialler understands. */
export function telUrl(phone: string): string | undefined {
  const digits = phone.replace(/[^\d+]/g, '');
  return /\d{3,}/.test(digits) ? `tel:${digits}` : undefined;
}

export function mailtoUrl(email: string): string | undefined {
  return /^[^\s@]+@[^\s@]+$/.test(email) ? `mailto:${encodeURIComponent(email).replace(/%40/g, '@')}` : undefined;
}

/** Only http(s) websites become links; a bare "example.com" is taken as https. */
export function webUrl(website: string): string | undefined {
  const candidate = /^[a-z][a-z\d+.-]*:/i.test(website) ? website : `https://${website}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function mapUrl(addressParts: readonly string[]): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(addressParts.join(', '))}`;
}

/** Odoo sends images as bare base64 (odoo-wire/05b): PNG, JPEG, GIF, WebP or SVG by their first bytes. */
export function imageDataUrl(base64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(base64)) return undefined;
  const type = base64.startsWith('iVBOR')
    ? 'image/png'
    : base64.startsWith('/9j/')
      ? 'image/jpeg'
      : base64.startsWith('R0lGOD')
        ? 'image/gif'
        : base64.startsWith('UklGR')
          ? 'image/webp'
          : base64.startsWith('PD94') || base64.startsWith('PHN2')
            ? 'image/svg+xml'
            : undefined;
  return type === undefined ? undefined : `data:${type};base64,${base64}`;
}
