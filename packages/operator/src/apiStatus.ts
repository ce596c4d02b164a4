/** The HTTP status of a failed Kubernetes API call (client-node's ApiException), if it got an answer. */
export function apiStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}
