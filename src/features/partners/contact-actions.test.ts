import { describe, expect, it } from 'vitest';
import type { PartnerDetail } from './api.ts';
import { contactActions, directionsUrl, platformOf, vCard, vCardFileName } from './contact-actions.ts';

const partner = (extra: Partial<PartnerDetail> = {}): PartnerDetail => ({
  id: 7,
  name: 'Lena Mertens',
  isCompany: false,
  email: undefined,
  phone: undefined,
  city: undefined,
  country: undefined,
  parent: undefined,
  tagIds: [],
  completeName: 'Lena Mertens',
  jobPosition: undefined,
  mobile: undefined,
  website: undefined,
  ref: undefined,
  vat: undefined,
  street: undefined,
  street2: undefined,
  zip: undefined,
  state: undefined,
  commercialPartner: undefined,
  childIds: [],
  notes: undefined,
  writeDate: undefined,
  ...extra,
});

describe('contact actions', () => {
  it('are only those the contact has data for', () => {
    expect(contactActions(partner(), 'other')).toEqual({});
    expect(contactActions(partner({ phone: '+32 2 555 01 23', mobile: '+32 470 12 34 56', email: 'lena@example.com' }), 'other')).toEqual({
      call: 'tel:+3225550123',
      message: 'sms:+32470123456',
      email: 'mailto:lena@example.com',
    });
    // Only a mobile: it is called and messaged; a phone that is no number is no action.
    expect(contactActions(partner({ phone: 'ask the front desk', mobile: '0470 12 34 56' }), 'other')).toEqual({ call: 'tel:0470123456', message: 'sms:0470123456' });
    expect(contactActions(partner({ email: 'not an address' }), 'other')).toEqual({});
  });

  it("give directions in the platform's maps app", () => {
    const address = ['Rue Haute 1', '1000 Brussels', 'Belgium'];
    expect(directionsUrl(address, 'android')).toBe('geo:0,0?q=Rue%20Haute%201%2C%201000%20Brussels%2C%20Belgium');
    expect(directionsUrl(address, 'ios')).toBe('https://maps.apple.com/?daddr=Rue%20Haute%201%2C%201000%20Brussels%2C%20Belgium');
    expect(directionsUrl(address, 'other')).toBe('https://www.openstreetmap.org/search?query=Rue%20Haute%201%2C%201000%20Brussels%2C%20Belgium');
    expect(directionsUrl([], 'android')).toBeUndefined();
    expect(contactActions(partner({ city: 'Gent', country: { id: 21, name: 'Belgium' } }), 'android').directions).toBe('geo:0,0?q=Gent%2C%20Belgium');
  });

  it('know the platform from the user agent, iPadOS by its touch', () => {
    expect(platformOf('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36', 5)).toBe('android');
    expect(platformOf('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148', 5)).toBe('ios');
    expect(platformOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15', 5)).toBe('ios');
    expect(platformOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15', 0)).toBe('other');
    expect(platformOf('Mozilla/5.0 (X11; Linux x86_64) Chrome/126', 0)).toBe('other');
  });
});

describe('the contact card (vCard 3.0)', () => {
  it('carries what the contact has, escaped, with CRLF line endings', () => {
    const card = vCard(
      partner({
        name: 'Mertens, Lena; Jr',
        jobPosition: 'Buyer',
        parent: { id: 3, name: 'Azure Interior' },
        phone: '+32 2 555 01 23',
        mobile: '+32 470 12 34 56',
        email: 'lena@example.com',
        street: 'Rue Haute 1',
        street2: 'Floor 2',
        zip: '1000',
        city: 'Brussels',
        country: { id: 21, name: 'Belgium' },
        website: 'https://azure.example.com',
      }),
    );
    expect(card.split('\r\n')).toEqual([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Mertens\\, Lena\\; Jr',
      'N:Mertens\\, Lena\\; Jr;;;;',
      'ORG:Azure Interior',
      'TITLE:Buyer',
      'TEL;TYPE=WORK,VOICE:+32 2 555 01 23',
      'TEL;TYPE=CELL:+32 470 12 34 56',
      'EMAIL;TYPE=INTERNET:lena@example.com',
      'ADR;TYPE=WORK:;;Rue Haute 1\\nFloor 2;Brussels;;1000;Belgium',
      'URL:https://azure.example.com',
      'END:VCARD',
      '',
    ]);
  });

  it('is a company card for a company, folds long lines, and keeps markup as text', () => {
    const name = `<script>alert(1)</script> ${'Ü'.repeat(90)}`;
    const card = vCard(partner({ name, isCompany: true }));
    expect(card).toContain('ORG:<script>alert(1)</script>');
    const lines = card.split('\r\n');
    expect(lines.every((line) => Array.from(line).length <= 75)).toBe(true);
    // Unfolded (RFC 6350 §3.2), the name is whole again.
    expect(card.replace(/\r\n /g, '').split('\r\n')[2]).toBe(`FN:${name}`);
  });

  it('is named after the contact, without what file systems refuse', () => {
    expect(vCardFileName('Lena Mertens')).toBe('Lena Mertens.vcf');
    expect(vCardFileName('a/b\\c:d*e?"<>|')).toBe('a b c d e.vcf');
    expect(vCardFileName('///')).toBe('contact.vcf');
  });
});
