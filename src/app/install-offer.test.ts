import { describe, expect, it } from 'vitest';
import { installOfferKind } from './install-offer.ts';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';

describe('installOfferKind', () => {
  it("offers the browser's own prompt where the browser gave one", () => {
    expect(installOfferKind(ANDROID, false, true)).toBe('prompt');
  });

  it('explains Add to Home Screen on iOS, which has no prompt', () => {
    expect(installOfferKind(IPHONE, false, false)).toBe('ios-howto');
    expect(installOfferKind(IPAD, false, false)).toBe('ios-howto');
  });

  it('offers nothing once installed, nor where the browser cannot install', () => {
    expect(installOfferKind(IPHONE, true, false)).toBe('none');
    expect(installOfferKind(ANDROID, true, true)).toBe('none');
    expect(installOfferKind(FIREFOX, false, false)).toBe('none');
    expect(installOfferKind(ANDROID, false, false)).toBe('none');
  });
});
