/**
 * A fetch that lets `allowed` upload requests (PUT of an object, POST of a batch)
 * through and then fails like a lost connection: an interrupted log, for tests.
 */
export function fetchFailingAfterUploads(allowed: number): typeof fetch {
  let uploads = 0;
  return async (input, init) => {
    if (init?.method === 'PUT' || String(input).endsWith('/objects/batch')) {
      if (uploads >= allowed) throw new TypeError('fetch failed (test: connection lost)');
      uploads++;
    }
    return fetch(input, init);
  };
}
