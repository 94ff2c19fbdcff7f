import { describe, expect, it } from 'vitest';
import { imageDataUrl, mailtoUrl, telUrl, webUrl } from './links.ts';

describe('links from partner data', () => {
  it('never turns a javascript: or data: website into a link', () => {
    expect(webUrl('javascript:alert(1)')).toBeUndefined();
    expect(webUrl('JavaScript:alert(1)')).toBeUndefined();
    expect(webUrl('data:text/html,<script>alert(1)</script>')).toBeUndefined();
    expect(webUrl('vbscript:msgbox')).toBeUndefined();
  });

  it('keeps http(s) websites and adds https to a bare host', () => {
    expect(webUrl('https://example.com/a')).toBe('https://example.com/a');
    expect(webUrl('example.org')).toBe('https://example.org/');
  });

  it('dials only digits and +', () => {
    expect(telUrl('+32 (0)2 555 12 34')).toBe('tel:+32025551234');
    expect(telUrl('call me')).toBeUndefined();
  });

  it('mails only something shaped like an address, encoded', () => {
    expect(mailtoUrl('a.b@example.com')).toBe('mailto:a.b@example.com');
    expect(mailtoUrl('"><svg onload=alert(1)>@x')).toBeUndefined();
    expect(mailtoUrl('x?cc=evil@y')).toBe('mailto:x%3Fcc%3Devil@y');
  });

  it('shows only images it recognises', () => {
    expect(imageDataUrl('iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(imageDataUrl('PHN2ZyB4bWxucz0=')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(imageDataUrl('PGh0bWw+')).toBeUndefined(); // "<html>"
    expect(imageDataUrl('not base64 at all')).toBeUndefined();
  });
});
