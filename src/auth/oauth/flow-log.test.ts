import { describe, expect, it } from 'vitest';
import { redact, redactParams } from './flow-log.ts';

describe('flow log redaction', () => {
  it('keeps only the first characters of a token', () => {
    expect(redact('eyJhbGciOiJFUzI1NiJ9.payload.signature')).toBe('eyJhbGci… (38 characters)');
    expect(redact('short')).toBe('…');
  });

  it('redacts every token-like parameter of a URL or fragment', () => {
    const shown = redactParams('/oauth/callback#access_token=SECRETSECRETSECRET&token_type=Bearer&state=abc&id_token=IDIDIDIDIDIDID');
    expect(shown).not.toContain('SECRETSECRETSECRET');
    expect(shown).not.toContain('IDIDIDIDIDIDID');
    expect(shown).toContain('state=abc');
    expect(redactParams('?code=CODECODECODE1&state=x')).not.toContain('CODECODECODE1');
  });
});
