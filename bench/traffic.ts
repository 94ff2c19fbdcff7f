/**
 * What one page sends and receives, from the DevTools protocol's Network events on its target:
 * requests and encoded (compressed, as on the wire) response body bytes, split between the app's
 * static files, Odoo's JSON-RPC (`/web/…`) and other JSON (the OAuth discovery document, say).
 * Answers from the HTTP cache are counted apart (no
 * bytes crossed the network). The page target only: a service worker's own fetches would be on
 * the worker's target (the app has no worker yet).
 */
import type { CDPSession } from 'playwright-core';

export interface TrafficLine {
  readonly requests: number;
  /** Encoded response body bytes: `loadingFinished.encodedDataLength` less the response headers. */
  readonly bodyBytes: number;
  /** Response header bytes (HTTP/1.1 header text), for the whole picture of what was transferred. */
  readonly headerBytes: number;
}

export interface TrafficEntry {
  readonly method: string;
  readonly path: string;
  /** `rpc`: Odoo's `/web/…`; `json`: another JSON answer (OAuth metadata); `static`: the rest. */
  readonly kind: 'static' | 'rpc' | 'json';
  readonly status: number | undefined;
  readonly servedBy: 'network' | 'cache' | 'service worker' | 'failed';
  readonly bodyBytes: number;
  readonly headerBytes: number;
}

export interface Traffic {
  /** Requests answered over the network (a 304 revalidation counts, with its 0 body bytes). */
  readonly network: TrafficLine;
  readonly static: TrafficLine;
  readonly rpc: TrafficLine;
  readonly json: TrafficLine;
  /** Answered by the memory or disk cache without a request to the server. */
  readonly fromCache: number;
  readonly failed: number;
  readonly entries: readonly TrafficEntry[];
}

interface Pending {
  method: string;
  url: URL;
  status?: number;
  mimeType?: string;
  servedBy?: TrafficEntry['servedBy'];
  headersTextBytes?: number;
  responseEncodedBytes?: number;
  transferBytes?: number;
}

export class TrafficRecorder {
  readonly #requests = new Map<string, Pending>();
  readonly #inFlight = new Set<string>();
  #lastActivity = performance.now();

  /** `cdp` is a session on the page's target with the Network domain enabled. */
  constructor(cdp: CDPSession) {
    const touch = () => (this.#lastActivity = performance.now());
    cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
      if (!/^https?:/.test(request.url)) return;
      this.#requests.set(requestId, { method: request.method, url: new URL(request.url) });
      this.#inFlight.add(requestId);
      touch();
    });
    cdp.on('Network.requestServedFromCache', ({ requestId }) => {
      const pending = this.#requests.get(requestId);
      if (pending !== undefined) pending.servedBy = 'cache';
    });
    cdp.on('Network.responseReceived', ({ requestId, response }) => {
      const pending = this.#requests.get(requestId);
      if (pending === undefined) return;
      pending.status = response.status;
      pending.mimeType = response.mimeType;
      pending.responseEncodedBytes = response.encodedDataLength;
      if (response.fromDiskCache === true || response.fromPrefetchCache === true) pending.servedBy = 'cache';
      else if (response.fromServiceWorker === true) pending.servedBy = 'service worker';
      else pending.servedBy ??= 'network';
    });
    cdp.on('Network.responseReceivedExtraInfo', ({ requestId, headersText }) => {
      const pending = this.#requests.get(requestId);
      if (pending !== undefined && headersText !== undefined) pending.headersTextBytes = Buffer.byteLength(headersText);
    });
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
      const pending = this.#requests.get(requestId);
      if (pending !== undefined) pending.transferBytes = encodedDataLength;
      this.#inFlight.delete(requestId);
      touch();
    });
    cdp.on('Network.loadingFailed', ({ requestId }) => {
      const pending = this.#requests.get(requestId);
      if (pending !== undefined) pending.servedBy = 'failed';
      this.#inFlight.delete(requestId);
      touch();
    });
  }

  /** Forgets what has settled: what follows is the next phase's. */
  start(): void {
    for (const id of this.#requests.keys()) if (!this.#inFlight.has(id)) this.#requests.delete(id);
  }

  /** Resolves once nothing has been in flight for `quietMs` (Playwright's "network idle", on demand). */
  async quiet(quietMs: number, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.#inFlight.size > 0 || performance.now() - this.#lastActivity < quietMs) {
      if (performance.now() > deadline) {
        const open = [...this.#inFlight].map((id) => this.#requests.get(id)?.url.pathname ?? id);
        throw new Error(`the network did not go quiet within ${timeoutMs} ms; in flight: ${open.join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  summary(): Traffic {
    const entries = [...this.#requests.values()].map(entryOf);
    const line = (kind?: TrafficEntry['kind']): TrafficLine => {
      const counted = entries.filter((e) => e.servedBy === 'network' && (kind === undefined || e.kind === kind));
      return {
        requests: counted.length,
        bodyBytes: counted.reduce((sum, e) => sum + e.bodyBytes, 0),
        headerBytes: counted.reduce((sum, e) => sum + e.headerBytes, 0),
      };
    };
    const count = (servedBy: TrafficEntry['servedBy']) => entries.filter((e) => e.servedBy === servedBy).length;
    return { network: line(), static: line('static'), rpc: line('rpc'), json: line('json'), fromCache: count('cache'), failed: count('failed'), entries };
  }
}

function entryOf(pending: Pending): TrafficEntry {
  const servedBy = pending.servedBy ?? 'failed';
  const headerBytes = servedBy === 'network' ? (pending.headersTextBytes ?? pending.responseEncodedBytes ?? 0) : 0;
  const bodyBytes = servedBy === 'network' ? Math.max(0, (pending.transferBytes ?? 0) - headerBytes) : 0;
  return {
    method: pending.method,
    path: `${pending.url.pathname}${pending.url.search}`,
    kind: pending.url.pathname.startsWith('/web/') ? 'rpc' : /\bjson\b/.test(pending.mimeType ?? '') ? 'json' : 'static',
    status: pending.status,
    servedBy,
    bodyBytes,
    headerBytes,
  };
}
