/**
 * What a field user does with a contact, from the data the device holds: call, message, email, get
 * directions in the phone's own maps app, share it as a contact card (vCard). Framework-free and
 * pure: the screen decides what to show (an action without data is absent), these build the URLs
 * and the card. Partner fields are untrusted text: every URL goes through links.ts's checks.
 */
import type { PartnerDetail } from './api.ts';
import { mailtoUrl, telUrl } from './links.ts';

export type Platform = 'android' | 'ios' | 'other';

/** The platform whose maps app `Directions` opens: from the user agent, and touch for iPadOS (which says "Macintosh"). */
export function platformOf(userAgent: string, maxTouchPoints: number): Platform {
  if (/Android/i.test(userAgent)) return 'android';
  if (/iPhone|iPad|iPod/i.test(userAgent) || (/Macintosh/i.test(userAgent) && maxTouchPoints > 1)) return 'ios';
  return 'other';
}

/** The address's parts, street to country, without the empty ones. */
export function addressParts(partner: PartnerDetail): string[] {
  return [partner.street, partner.street2, [partner.zip, partner.city].filter(Boolean).join(' '), partner.state?.name, partner.country?.name].filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
}

/**
 * Directions to an address in the platform's maps app: `geo:` on Android (any maps app answers it),
 * Apple Maps on iOS (maps.apple.com opens the app), a web map elsewhere.
 */
export function directionsUrl(address: readonly string[], platform: Platform): string | undefined {
  if (address.length === 0) return undefined;
  const query = encodeURIComponent(address.join(', '));
  if (platform === 'android') return `geo:0,0?q=${query}`;
  if (platform === 'ios') return `https://maps.apple.com/?daddr=${query}`;
  return `https://www.openstreetmap.org/search?query=${query}`;
}

/** `sms:` to a number, with only what a phone understands. */
export function smsUrl(phone: string): string | undefined {
  const tel = telUrl(phone);
  return tel === undefined ? undefined : `sms:${tel.slice('tel:'.length)}`;
}

export interface ContactActions {
  readonly call?: string;
  readonly message?: string;
  readonly email?: string;
  readonly directions?: string;
}

/** The actions a contact has data for: Call the phone (else the mobile), Message the mobile (else the phone). */
export function contactActions(partner: PartnerDetail, platform: Platform): ContactActions {
  const call = telUrl(partner.phone ?? '') ?? telUrl(partner.mobile ?? '');
  const message = smsUrl(partner.mobile ?? '') ?? smsUrl(partner.phone ?? '');
  const email = partner.email === undefined ? undefined : mailtoUrl(partner.email);
  const directions = directionsUrl(addressParts(partner), platform);
  return {
    ...(call === undefined ? {} : { call }),
    ...(message === undefined ? {} : { message }),
    ...(email === undefined ? {} : { email }),
    ...(directions === undefined ? {} : { directions }),
  };
}

/** RFC 6350 §3.4: backslash, comma, semicolon and line breaks escaped in a text value. */
function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n').replace(/,/g, '\\,').replace(/;/g, '\\;');
}

/** RFC 6350 §3.2: lines longer than 75 characters folded (CRLF and a space), never inside a surrogate pair. */
function fold(line: string): string {
  const chars = Array.from(line);
  if (chars.length <= 75) return line;
  const parts: string[] = [];
  for (let start = 0; start < chars.length; start += start === 0 ? 75 : 74) parts.push(chars.slice(start, start + (start === 0 ? 75 : 74)).join(''));
  return parts.join('\r\n ');
}

/** The contact as a vCard 3.0 (what Android's and iOS's contacts apps import), CRLF line endings. */
export function vCard(partner: PartnerDetail): string {
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', `FN:${escapeText(partner.name)}`];
  if (partner.isCompany) lines.push(`ORG:${escapeText(partner.name)}`, 'N:;;;;');
  else {
    lines.push(`N:${escapeText(partner.name)};;;;`);
    if (partner.parent !== undefined) lines.push(`ORG:${escapeText(partner.parent.name)}`);
    if (partner.jobPosition !== undefined) lines.push(`TITLE:${escapeText(partner.jobPosition)}`);
  }
  if (partner.phone !== undefined) lines.push(`TEL;TYPE=WORK,VOICE:${escapeText(partner.phone)}`);
  if (partner.mobile !== undefined) lines.push(`TEL;TYPE=CELL:${escapeText(partner.mobile)}`);
  if (partner.email !== undefined) lines.push(`EMAIL;TYPE=INTERNET:${escapeText(partner.email)}`);
  const street = [partner.street, partner.street2].filter((part): part is string => part !== undefined).join('\n');
  if (street !== '' || partner.city !== undefined || partner.zip !== undefined || partner.country !== undefined) {
    const adr = ['', '', street, partner.city ?? '', partner.state?.name ?? '', partner.zip ?? '', partner.country?.name ?? ''].map(escapeText).join(';');
    lines.push(`ADR;TYPE=WORK:${adr}`);
  }
  if (partner.website !== undefined) lines.push(`URL:${escapeText(partner.website)}`);
  lines.push('END:VCARD');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** A file name for the card: the contact's name, with what file systems refuse taken out. */
export function vCardFileName(name: string): string {
  const safe = name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
  return `${safe === '' ? 'contact' : safe}.vcf`;
}
