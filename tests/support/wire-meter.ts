/**
 * Counts what Node's `fetch` sends and receives: requests, request body bytes, and response body
 * bytes as they crossed the wire (Content-Length: compressed when the server compressed). For the
 * sync engine's integration test and the offline benchmark.
 */
export interface WireCount {
  requests: number;
  sent: number;
  received: number;
}

/** Wraps `globalThis.fetch` to add into `count`; returns the function that puts the real fetch back. */
export function meterFetch(count: WireCount): () => void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    count.requests += 1;
    count.sent += typeof init?.body === 'string' ? Buffer.byteLength(init.body) : 0;
    count.received += Number(response.headers.get('content-length') ?? 0);
    return response;
  };
  return () => {
    globalThis.fetch = realFetch;
  };
}
