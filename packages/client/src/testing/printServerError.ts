/**
 * The `logError` of test servers: a 500 hides its cause from the client by
 * design, so the test's output shows what the server logged (tests that damage
 * objects make it log some on purpose).
 */
export function printServerError(err: unknown): void {
  console.error('arca-server (test) logged:', err);
}
