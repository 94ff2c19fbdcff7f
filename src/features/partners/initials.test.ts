import { describe, expect, it } from 'vitest';
import { initials } from './initials.ts';

describe("a partner's initials", () => {
  it('are the first letters of the first two words, in capitals, in any script', () => {
    expect(initials('Lena Mertens')).toBe('LM');
    expect(initials('  élodie de la Tour ')).toBe('ÉD');
    expect(initials('Deco')).toBe('D');
    expect(initials('山田 太郎')).toBe('山太');
    expect(initials('"><svg onload=alert(1)>')).toBe('SO');
    expect(initials('Zoe\u0308 Lefe\u0300vre')).toBe('ZL');
  });

  it('fall back to the first character of a name without letters', () => {
    expect(initials('%_\\')).toBe('%');
    expect(initials('  42 ')).toBe('4');
    expect(initials('')).toBe('');
  });
});
