/**
 * A fetch that sends the registry token as a bearer token. With `timeoutMs`
 * a request gives up after that long, so a registry that accepts connections
 * but never answers cannot stall the work queue; the event stream is long-lived
 * and goes without.
 */
export function authorizedFetch(token: string | undefined, timeoutMs?: number): typeof fetch {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    const signals = [init.signal, timeoutMs !== undefined ? AbortSignal.timeout(timeoutMs) : undefined].filter((s): s is AbortSignal => !!s);
    return fetch(input, { ...init, headers, ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}) });
  };
}
