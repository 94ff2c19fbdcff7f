/**
 * What the flow inspector shows: each step of the last OAuth sign-in as it happened, tokens
 * redacted to their first characters. Kept in IndexedDB (never a token in full, never a URL with
 * one) and wiped with the user's data.
 */
import { META_KEYS, readMeta, writeMeta } from '../../storage/db.ts';
import type { OAuthFlow } from './pending.ts';

export interface FlowStep {
  readonly at: number;
  readonly step: string;
  readonly detail: string;
  readonly ok: boolean;
}

export interface FlowLog {
  readonly flow: OAuthFlow;
  readonly steps: readonly FlowStep[];
}

/** `eyJhbGci…` — enough to recognise a token, never enough to use it. */
export function redact(token: string): string {
  return token.length <= 8 ? '…' : `${token.slice(0, 8)}… (${token.length} characters)`;
}

/** Redacts every token-like parameter of a URL or fragment for display. */
export function redactParams(text: string): string {
  return text.replace(/((?:access_token|refresh_token|id_token|code|code_verifier)=)([^&#\s]+)/g, (_, name: string, value: string) => `${name}${redact(decodeURIComponent(value))}`);
}

export async function startFlowLog(flow: OAuthFlow): Promise<void> {
  await writeMeta(META_KEYS.flowLog, { flow, steps: [] } satisfies FlowLog);
}

export async function logStep(step: string, detail: string, ok = true): Promise<void> {
  const log = await readFlowLog();
  if (log === undefined) return;
  await writeMeta(META_KEYS.flowLog, { flow: log.flow, steps: [...log.steps, { at: Date.now(), step, detail: redactParams(detail), ok }].slice(-40) } satisfies FlowLog);
}

export async function readFlowLog(): Promise<FlowLog | undefined> {
  const value = await readMeta(META_KEYS.flowLog);
  if (value === null || typeof value !== 'object' || !Array.isArray((value as { steps?: unknown }).steps)) return undefined;
  return value as FlowLog;
}
